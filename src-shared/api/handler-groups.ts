// The operator API's methods grouped by the domain that implements them. Each domain of the engine
// builds one group; the engine joins them into the whole HandlerTable, and the compiler checks that
// the groups cover every method exactly once (HandlerGroupsCoverTheApi below).
import type { HandlerTable, MethodName } from './methods.js';

/** The methods whose names start with one of `Prefix` and a dot. */
export type MethodsOf<Prefix extends string> = Extract<MethodName, `${Prefix}.${string}`>;
export type HandlerGroup<Prefix extends string> = Pick<HandlerTable, MethodsOf<Prefix>>;

export type SessionHandlers = HandlerGroup<'session' | 'settings' | 'users'>;
export type CustomerHandlers = HandlerGroup<'callerCard' | 'customers' | 'contacts'>;
export type InteractionHandlers = HandlerGroup<'history' | 'interactions' | 'attachments' | 'emails'>;
export type CaseHandlers = HandlerGroup<'cases'>;
export type TaskHandlers = HandlerGroup<'tasks'>;
export type SearchHandlers = HandlerGroup<'search'>;
export type SyncHandlers = HandlerGroup<'sync'>;
export type CtiHandlers = HandlerGroup<'calls' | 'cti'>;
export type SupervisorHandlers = HandlerGroup<'supervisor'>;
export type AdminHandlers = HandlerGroup<'admin'>;
export type MergeHandlers = HandlerGroup<'merge'>;
export type CannedHandlers = HandlerGroup<'canned'>;
export type RecordingHandlers = HandlerGroup<'recordings'>;
export type HomeHandlers = HandlerGroup<'home'>;
export type NumberHandlers = HandlerGroup<'numbers'>;
export type TeamCallHandlers = HandlerGroup<'teamCalls'>;
export type InboxHandlers = HandlerGroup<'inbox'>;
export type ConversationHandlers = HandlerGroup<'conversations'>;
export type PlanningHandlers = HandlerGroup<'processes' | 'calendar'>;
export type DiaryHandlers = HandlerGroup<'diary' | 'appointments' | 'absences'>;
export type CampaignHandlers = HandlerGroup<'campaigns'>;
export type GreetingHandlers = HandlerGroup<'greetings'>;
export type SegmentHandlers = HandlerGroup<'segments' | 'tags'>;
export type LoyaltyHandlers = HandlerGroup<'loyalty'>;
export type TemplateHandlers = HandlerGroup<'templates'>;

type Grouped =
  | keyof SessionHandlers | keyof CustomerHandlers | keyof InteractionHandlers | keyof CaseHandlers | keyof TaskHandlers
  | keyof SearchHandlers | keyof SyncHandlers | keyof CtiHandlers | keyof SupervisorHandlers | keyof AdminHandlers | keyof MergeHandlers | keyof CannedHandlers | keyof RecordingHandlers
  | keyof HomeHandlers | keyof NumberHandlers | keyof TeamCallHandlers | keyof InboxHandlers | keyof ConversationHandlers
  | keyof PlanningHandlers | keyof DiaryHandlers | keyof CampaignHandlers | keyof GreetingHandlers | keyof SegmentHandlers | keyof LoyaltyHandlers | keyof TemplateHandlers;

/** Fails to compile when a method belongs to no group (a new prefix must get a group above). */
export type HandlerGroupsCoverTheApi = [Exclude<MethodName, Grouped>] extends [never] ? true : never;
const covered: HandlerGroupsCoverTheApi = true;
void covered;
