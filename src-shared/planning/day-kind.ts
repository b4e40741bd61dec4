// A date's kind in the centre's calendar, as an admin may set it: a holiday, a working weekend day,
// a shortened day, or (back to) a plain day of the working week.
import { z } from 'zod';

export const CalendarDayKind = z.enum(['holiday', 'workday', 'short', 'weekday']);
export type CalendarDayKind = z.infer<typeof CalendarDayKind>;
