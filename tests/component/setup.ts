import '@testing-library/jest-dom/vitest';

// jsdom lays nothing out; the timeline's scroll container reports a real viewport height so the
// virtualiser computes a window, as it would in the app.
Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
  configurable: true,
  get(this: HTMLElement) {
    return this.dataset['testid'] === 'timeline-scroller' ? 640 : 0;
  },
});
Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
  configurable: true,
  get(this: HTMLElement) {
    return this.dataset['testid'] === 'timeline-scroller' ? 900 : 0;
  },
});

// The wall clock stands still in every component test: a running call timer, "synced 2 min ago" and
// "overdue" read exactly what the test set up, however long a loaded machine takes between setting
// up and reading. Only Date is faked; the timers React, user-event and waitFor use stay real.
// A test that needs time to pass moves the clock with vi.setSystemTime.
export const COMPONENT_NOW = Date.UTC(2026, 2, 16, 9, 30);
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(COMPONENT_NOW);
});
afterEach(() => {
  vi.useRealTimers();
});
