// The supervisors' processes view (Ctrl+Shift+E): resolution times set per category; an admin also
// sets the centre's working calendar (the production calendar's dates listed, an admin's date saved).
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CalendarYear, CaseHours } from '../../src-shared/index.js';
import { fakeApi, OPERATOR } from './fakeApi.js';
import { renderApp } from './render.js';

const ADMIN = { ...OPERATOR, role: 'admin' as const };
const YEAR: CalendarYear = {
  year: 2026,
  week: { timeZone: 'Europe/Moscow', start: 540, end: 1080, days: [1, 2, 3, 4, 5] },
  days: [{ date: '2026-03-09', kind: 'holiday', name: null, source: 'production' }, { date: '2026-05-08', kind: 'short', name: null, source: 'production' }],
};
const HOURS: CaseHours = [{ category: 'complaint', hours: 48, set: false }, { category: 'sales', hours: 120, set: false }];

describe('processes view', () => {
  it('sets a resolution time, and lets an admin correct the working calendar', async () => {
    const api = fakeApi({
      'session.get': () => ({ user: ADMIN, settings: { locale: 'ru', defaultCountry: 'RU' }, store: { customers: 3, interactions: 10 } }),
      'processes.list': () => [],
      'calendar.year': () => YEAR,
      'calendar.caseHours': () => HOURS,
      'calendar.setCaseHours': (input) => HOURS.map((h) => (h.category === input.category ? { ...h, hours: input.hours, set: true } : h)),
      'calendar.setDay': () => YEAR,
    });
    const { user } = renderApp(api);
    await screen.findByTestId('supervisor-nav');
    await user.keyboard('{Control>}{Shift>}e{/Shift}{/Control}');
    const view = await screen.findByTestId('processes-view');
    const hours = await within(view).findByTestId('case-hours-complaint');
    await user.clear(hours);
    await user.type(hours, '8');
    await user.click(within(view).getByTestId('case-hours-save'));
    await waitFor(() => expect(api.calls['calendar.setCaseHours']).toHaveBeenCalledWith({ category: 'complaint', hours: 8 }));
    expect(api.calls['calendar.setCaseHours']).toHaveBeenCalledTimes(1);

    const calendar = within(view).getByTestId('work-calendar');
    await waitFor(() => expect(within(calendar).getAllByTestId('calendar-day')).toHaveLength(2));
    expect(within(calendar).getAllByTestId('calendar-day')[0]).toHaveTextContent('нерабочий, праздник');
    await user.clear(within(calendar).getByTestId('calendar-day-date'));
    await user.type(within(calendar).getByTestId('calendar-day-date'), '2026-12-30');
    await user.click(within(calendar).getByTestId('calendar-day-save'));
    await waitFor(() => expect(api.calls['calendar.setDay']).toHaveBeenCalledWith({ date: '2026-12-30', kind: 'holiday', name: null }));
  });
});
