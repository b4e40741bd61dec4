// Processes the server starts itself (issue 19): on the missed calls it records for cloud PBXes and
// on the cases other systems open through the integration API. No desktop records these events, so
// none would start their processes. The planner is the desktops' own (src-shared/planning), with
// the same derived run and task ids, so a replayed event starts nothing twice; the rows are server
// writes, pulled by every desktop in the customer's scope. Runs inside the event's own transaction,
// which holds the push lock: the run and its first tasks land with the event, or not at all.
import type { Transaction } from 'kysely';
import type { Reason } from '../../src-shared/domain.js';
import { CENTRE_SETTINGS_ID } from '../../src-shared/planning/centre-settings.js';
import type { DayKind } from '../../src-shared/planning/production-calendar-ru.js';
import { ProcessSteps, type ProcessTrigger } from '../../src-shared/planning/process.js';
import { firstTasks, runIdFor } from '../../src-shared/planning/process-plan.js';
import { DEFAULT_WORK_WEEK, WorkCalendar, type WorkWeek } from '../../src-shared/planning/working-time.js';
import { jsonList } from '../db/json-list.js';
import type { ServerDb } from '../db/schema.js';
import type { ServerWrite } from '../sync/server-write.js';

export interface ServerTrigger {
  trigger: Exclude<ProcessTrigger, 'manual'>;
  /** A case's category (case_opened); a process bound to another category does not start. */
  category?: Reason;
  customerId: string;
  caseId: string | null;
  /** Who handled the event (the case's assignee, the phone the call rang first); null: the team. */
  operatorId: string | null;
  /** The event's own identity, as a desktop would name it (the case id, the missed call's interaction id). */
  event: string;
  /** When it happened, which deadlines count from: a missed call's end, a case's arrival here. */
  at: number;
}

/** The working calendar as the synced rows set it: the centre's week and the dates an admin set apart. */
export async function serverWorkCalendar(trx: Transaction<ServerDb>): Promise<WorkCalendar> {
  const settings = await trx.selectFrom('centre_settings').selectAll().where('id', '=', CENTRE_SETTINGS_ID).where('deleted', '=', 0).executeTakeFirst();
  const week: WorkWeek = settings
    ? { timeZone: String(settings.time_zone), start: Number(settings.work_start), end: Number(settings.work_end), days: jsonList(settings.work_days).map(Number) }
    : DEFAULT_WORK_WEEK;
  const overrides = new Map<string, DayKind | 'weekday'>();
  for (const d of await trx.selectFrom('calendar_day').select(['day', 'kind']).where('deleted', '=', 0).orderBy('day').execute()) {
    overrides.set(String(d.day), d.kind as DayKind | 'weekday');
  }
  return new WorkCalendar(week, overrides);
}

/** Starts every active process the event triggers that has not started on it yet; returns how many started. */
export async function startTriggeredOnServer(trx: Transaction<ServerDb>, write: ServerWrite, now: number, e: ServerTrigger): Promise<number> {
  const processes = await trx.selectFrom('process').selectAll().where('trigger', '=', e.trigger).where('active', '=', 1).where('deleted', '=', 0)
    .orderBy('id').execute();
  if (processes.length === 0) return 0;
  const owner = await trx.selectFrom('customer').select('owner_id').where('id', '=', e.customerId).executeTakeFirst();
  let calendar: WorkCalendar | undefined;
  let started = 0;
  for (const process of processes) {
    if (e.trigger === 'case_opened' && process.trigger_category !== null && process.trigger_category !== e.category) continue;
    // Pushed steps were checked field by field; a row that no longer parses starts nothing rather than a broken run.
    const steps = ProcessSteps.safeParse(typeof process.steps === 'string' ? JSON.parse(process.steps) : process.steps);
    if (!steps.success) continue;
    const runId = runIdFor(String(process.id), `${e.trigger}:${e.event}`);
    if (await trx.selectFrom('process_run').select('id').where('id', '=', runId).executeTakeFirst()) continue;
    calendar ??= await serverWorkCalendar(trx);
    await write('process_run', runId, e.customerId, {
      customer_id: e.customerId, process_id: String(process.id), case_id: e.caseId, name: process.name, steps: steps.data, started_at: e.at,
      started_by: null, operator_id: e.operatorId, status: 'running', finished_at: null,
    });
    const run = { id: runId, steps: steps.data, startedAt: e.at, operatorId: e.operatorId, ownerId: (owner?.owner_id as string | null | undefined) ?? null };
    for (const task of firstTasks(run, calendar)) {
      if (await trx.selectFrom('task').select('id').where('id', '=', task.id).executeTakeFirst()) continue;
      await write('task', task.id, e.customerId, {
        customer_id: e.customerId, case_id: e.caseId, interaction_id: null, kind: task.kind, title: task.title, due_at: task.dueAt,
        assignee_id: task.assigneeId, status: 'open', done_at: null, created_by: null, priority: task.priority, cancel_reason: null,
        process_run_id: runId, step_key: task.stepKey, outcome: null,
      });
    }
    started++;
  }
  return started;
}
