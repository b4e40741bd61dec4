// The domains that need nothing but the local store: everything an operator does on a customer.
// The engine adds sync, telephony and the supervisors' views; benchmarks and tests of the store use
// these alone, over a connection of their own.
import type {
  CannedHandlers, CaseHandlers, CustomerHandlers, DiaryHandlers, GreetingHandlers, InteractionHandlers, NumberHandlers, PlanningHandlers, SearchHandlers, SegmentHandlers, SessionHandlers, TaskHandlers, TemplateHandlers,
} from '../../../src-shared/index.js';
import { cannedHandlers } from './canned/handlers.js';
import { caseHandlers } from './cases/handlers.js';
import { customerHandlers } from './customers/handlers.js';
import type { HandlerContext } from './handler-context.js';
import { interactionHandlers, type InteractionHooks } from './interactions/handlers.js';
import { numberHandlers } from './numbers/handlers.js';
import { searchHandlers } from './search/handlers.js';
import { sessionHandlers } from './session/handlers.js';
import { taskHandlers } from './tasks/handlers.js';
import { calendarHandlers } from './planning/calendar-handlers.js';
import { processHandlers } from './planning/process-handlers.js';
import { greetingHandlers } from './greetings/greeting-handlers.js';
import { diaryHandlers } from './planning/diary-handlers.js';
import { segmentHandlers } from './segments/segment-handlers.js';
import { templateHandlers } from './templates/template-handlers.js';

export type StoreHandlers = SessionHandlers & CustomerHandlers & InteractionHandlers & CaseHandlers & TaskHandlers & SearchHandlers & CannedHandlers & NumberHandlers & PlanningHandlers & DiaryHandlers & GreetingHandlers & SegmentHandlers & TemplateHandlers;

export function storeHandlers(ctx: HandlerContext, hooks: InteractionHooks = {}): StoreHandlers {
  return {
    ...sessionHandlers(ctx),
    ...customerHandlers(ctx),
    ...interactionHandlers(ctx, hooks),
    ...caseHandlers(ctx),
    ...taskHandlers(ctx),
    ...searchHandlers(ctx),
    ...cannedHandlers(ctx),
    ...numberHandlers(ctx, hooks),
    ...processHandlers(ctx),
    ...greetingHandlers(ctx),
    ...calendarHandlers(ctx),
    ...diaryHandlers(ctx),
    ...segmentHandlers(ctx),
    ...templateHandlers(ctx),
  };
}
