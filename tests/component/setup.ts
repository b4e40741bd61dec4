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
