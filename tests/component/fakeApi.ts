// An in-memory stand-in for the operator API, for component tests only: each test supplies just
// the methods its component calls; anything else fails loudly as unknown_method.
import { vi, type Mock } from 'vitest';
import { ApiError } from '../../src-shared/api/errors.js';
import type { EngineEvent } from '../../src-shared/api/events.js';
import { METHOD_NAMES, type ApiInput, type ApiOutput, type MethodName } from '../../src-shared/api/methods.js';
import type { Case, CustomerCard, HistoryEntry, Task, UserRef } from '../../src-shared/api/entities.js';
import type { SyncStatus } from '../../src-shared/sync/status.js';
import type { CallInfo, CallState, MissedCall, SourceStatus } from '../../src-shared/api/cti.js';
import type { ApiClient } from '../../src-renderer/api/client.js';
import type { BoardEntry, BoardResponse, FiguresResponse, FiguresRow, QueueItem, ReviewItem } from '../../src-shared/supervisor/protocol.js';

export type Impl = { [M in MethodName]?: (input: ApiInput<M>) => Promise<ApiOutput<M>> | ApiOutput<M> };

export type FakeApi = ApiClient & {
  calls: { [M in MethodName]: Mock<(input: ApiInput<M>) => Promise<ApiOutput<M>>> };
  emit(event: EngineEvent): void;
};

export function fakeApi(impl: Impl = {}): FakeApi {
  const listeners = new Set<(e: EngineEvent) => void>();
  const defaults: Impl = {
    'session.get': () => ({ user: OPERATOR, settings: { locale: 'ru', defaultCountry: 'RU' }, store: { customers: 3, interactions: 10 } }),
    'settings.update': (input) => ({ locale: input.locale ?? 'ru', defaultCountry: input.defaultCountry ?? 'RU' }),
    'users.list': () => [OPERATOR, MANAGER],
    'cases.list': () => [],
    'tasks.list': () => [],
    'sync.status': () => syncStatus(),
    'sync.rejections': () => [],
    'calls.state': () => callState(),
    'cti.status': () => ({ webhook: SOURCE_OFF, ami: SOURCE_OFF }),
    'home.day': () => ({ myCalls: [], myCallsCount: { in: 0, out: 0, talkS: 0 }, missed: [], missedOpen: 0 }),
    'home.reviews': () => ({ comments: [], unread: 0, available: false, live: false, fetchedAt: null }),
    'supervisor.queueStats': () => ({
      data: { day: '2026-12-07', timeZone: 'Europe/Moscow', serverTimeMs: Date.now(), answerWithinS: 20, sources: [], total: { waitingNow: 0, longestWaitMs: null, offered: 0, answered: 0, answeredWithin: 0, abandoned: 0, asaMs: null, handlingMs: null, basis: 'none' } },
      fetchedAt: Date.now(),
      live: true,
    }),
  };
  const merged: Impl = { ...defaults, ...impl };
  const calls: Record<string, Mock> = {};
  const api: Record<string, unknown> = {};
  for (const name of METHOD_NAMES) {
    const fn = merged[name] as ((input: unknown) => unknown) | undefined;
    calls[name] = vi.fn(async (input: unknown) => {
      if (!fn) throw new ApiError('unknown_method', `fake has no ${name}`);
      return fn(input);
    });
    api[name] = calls[name];
  }
  return Object.assign(api as unknown as ApiClient, {
    calls: calls as FakeApi['calls'],
    onEvent(listener: (e: EngineEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event: EngineEvent) {
      for (const l of listeners) l(event);
    },
  });
}

// ---- fixtures ---------------------------------------------------------------------------------

/** A standalone desktop (no server) unless overridden. */
export function syncStatus(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    state: 'disabled',
    serverUrl: null,
    user: null,
    pendingUploads: 0,
    lastSyncAt: null,
    progress: null,
    error: null,
    clockSkewMs: 0,
    leftScope: 0,
    rejected: 0,
    overwritten: 0,
    ...over,
  };
}

export const SOURCE_OFF: SourceStatus = { state: 'off', error: null, port: null, nextAttemptAt: null };

let stateClock = 1_000;
/** A call-state snapshot; each one is newer than the last (changedAt), as the engine's are. */
export function callState(over: Partial<CallState> = {}): CallState {
  stateClock += 1;
  return { operatorState: 'available', away: false, active: null, queue: [], missed: [], dropped: 0, changedAt: Date.now() + stateClock, ...over };
}

export function callInfo(over: Partial<CallInfo> = {}): CallInfo {
  return {
    callId: `call-${uuid()}`,
    number: '+79161234567',
    direction: 'in',
    state: 'ringing',
    extension: '101',
    ringingAt: Date.now() - 5_000,
    answeredAt: null,
    hungUpAt: null,
    durationS: null,
    customers: [],
    transfer: null,
    ...over,
  };
}

export function missedCall(over: Partial<MissedCall> = {}): MissedCall {
  return {
    callId: `missed-${uuid()}`,
    number: '+79031112233',
    ringingAt: Date.now() - 60_000,
    hungUpAt: Date.now() - 40_000,
    customerId: null,
    interactionId: uuid(),
    taskId: uuid(),
    error: null,
    ...over,
  };
}

export const OPERATOR: UserRef = { id: '01900000-0000-7000-8000-000000000001', name: 'Ольга Операторова', extension: '101', role: 'operator' };
export const MANAGER: UserRef = { id: '01900000-0000-7000-8000-000000000002', name: 'Пётр Менеджеров', extension: '201', role: 'operator' };

const DAY = 24 * 3600 * 1000;
let seq = 100;
export function uuid(): string {
  seq += 1;
  return `01900000-0000-7000-8000-${String(seq).padStart(12, '0')}`;
}

export function makeCase(customerId: string, over: Partial<Case> = {}): Case {
  return {
    id: uuid(),
    customerId,
    category: 'complaint',
    subject: 'Не работает роутер',
    status: 'open',
    openedAt: Date.now() - 12 * DAY - 3600_000,
    closedAt: null,
    assignee: MANAGER,
    lastHandledBy: OPERATOR,
    lastActivityAt: Date.now() - DAY,
    lastStep: 'Отправлен мастер',
    promise: 'Перезвонить до пятницы',
    resolution: null,
    dueAt: null,
    priority: 'normal',
    ...over,
  };
}

export function makeEntry(customerId: string, i: number, over: Partial<HistoryEntry> = {}): HistoryEntry {
  const channels = ['call', 'email', 'fax'] as const;
  return {
    id: uuid(),
    customerId,
    caseId: null,
    channel: channels[i % 3] ?? 'call',
    direction: i % 2 ? 'out' : 'in',
    occurredAt: Date.now() - i * 3600_000,
    durationS: i % 3 === 0 ? 125 : null,
    reason: 'service_request',
    outcome: null,
    mood: i % 3 === 0 ? 'neutral' : null,
    subject: i % 3 === 1 ? `Письмо ${i}` : null,
    preview: `Запись номер ${i}`,
    promise: null,
    user: OPERATOR,
    correctsId: null,
    attachmentCount: 0,
    faxPages: i % 3 === 2 ? 2 : null,
    number: null,
    delivery: null,
    ...over,
  };
}

export function makeTask(customerId: string, over: Partial<Task> = {}): Task {
  return {
    id: uuid(),
    customerId,
    customerName: 'Иван Петров',
    caseId: null,
    interactionId: null,
    kind: 'callback',
    title: 'Перезвонить клиенту',
    dueAt: Date.now() + 3600_000,
    assignee: OPERATOR,
    status: 'open',
    createdAt: Date.now() - 3600_000,
    createdBy: OPERATOR,
    priority: 'normal',
    cancelReason: null,
    doneAt: null,
    process: null,
    ...over,
  };
}

export function makeCard(name: string, over: { historyCount?: number; history?: HistoryEntry[]; openCases?: Case[]; locked?: boolean; phone?: string; recency?: CustomerCard['recency']; recentRatings?: CustomerCard['recentRatings']; ratingAverage?: CustomerCard['ratingAverage']; ownerAway?: CustomerCard['ownerAway']; campaigns?: CustomerCard['campaigns']; labels?: CustomerCard['labels'] } = {}): CustomerCard {
  const id = uuid();
  const history = over.history ?? Array.from({ length: Math.min(over.historyCount ?? 3, 50) }, (_, i) => makeEntry(id, i));
  return {
    customer: {
      id,
      kind: 'person',
      name,
      organisation: 'ООО «Ромашка»',
      birthday: null,
      segment: 'VIP',
      accountNo: null,
      owner: MANAGER,
      ownerLocked: over.locked ?? true,
      contacts: [
        { id: uuid(), customerId: id, kind: 'phone', raw: over.phone ?? '+7 916 123-45-67', normalized: '+79161234567', label: null },
        { id: uuid(), customerId: id, kind: 'email', raw: 'ivan@example.ru', normalized: 'ivan@example.ru', label: null },
      ],
      createdAt: Date.now() - 400 * DAY,
      updatedAt: Date.now() - DAY,
    },
    counts: {
      total: 17,
      byReason: { complaint: 4, service_request: 6, information: 3, sales: 2, other: 2 },
      inbound: { call: 9, email: 3, fax: 1, web: 0, chat: 0, messenger: 0, sms: 0 },
      outbound: { call: 2, email: 1, fax: 1, web: 0, chat: 0, messenger: 0, sms: 0 },
    },
    openCases: over.openCases ?? [makeCase(id)],
    recentMoods: [
      { occurredAt: Date.now() - DAY, mood: 'angry' },
      { occurredAt: Date.now() - 2 * DAY, mood: 'neutral' },
    ],
    recentRatings: over.recentRatings ?? [],
    ratingAverage: over.ratingAverage ?? null,
    lastContactAt: Date.now() - DAY,
    recency: over.recency ?? { callsIn24h: 0, entries7d: 1, entries30d: 3 },
    openTasks: [makeTask(id)],
    ownerAway: over.ownerAway ?? null,
    campaigns: over.campaigns ?? [],
    labels: over.labels ?? { tags: [], segments: [] },
    historyCount: over.historyCount ?? history.length,
    history,
  };
}

// ---- supervisor fixtures ------------------------------------------------------------------------

export const SUPERVISOR: UserRef = { id: '01900000-0000-7000-8000-000000000009', name: 'Светлана Руководитель', extension: null, role: 'supervisor' };

/** session.get answering as a supervisor (the supervisor area appears only for this role). */
export function supervisorSession(locale: 'ru' | 'en' = 'ru') {
  return () => ({ user: SUPERVISOR, settings: { locale, defaultCountry: 'RU' }, store: { customers: 3, interactions: 10 } });
}

export function cachedAnswer<T>(data: T, fetchedAt = Date.UTC(2026, 10, 23, 9, 30), live = true) {
  return { data, fetchedAt, live };
}

export function boardEntry(over: Partial<BoardEntry> = {}): BoardEntry {
  return {
    userId: uuid(),
    name: 'Анна Иванова',
    role: 'operator',
    teamId: null,
    teamName: 'Команда А',
    extension: '101',
    state: 'available',
    since: Date.now() - 65_000,
    callerName: null,
    handledToday: 3,
    reportedAt: Date.now(),
    ...over,
  };
}

export function boardResponse(entries: BoardEntry[]): BoardResponse {
  return { entries, serverTimeMs: Date.now(), day: '2026-11-23', timeZone: 'Europe/Moscow' };
}

export function queueItem(over: Partial<QueueItem> = {}): QueueItem {
  return {
    kind: 'task',
    id: uuid(),
    customerId: uuid(),
    customerName: 'Пётр Сидоров',
    title: 'Перезвонить',
    category: 'complaint',
    taskKind: 'callback',
    openedAt: Date.now() - 3 * 3600_000,
    dueAt: Date.now() + 3600_000,
    due: 'on_time',
    priority: 'normal',
    assigneeId: OPERATOR.id,
    assigneeName: OPERATOR.name,
    ownerId: null,
    ownerName: null,
    ...over,
  };
}

export function figuresRow(over: Partial<FiguresRow> = {}): FiguresRow {
  return {
    userId: uuid(), name: 'Анна Иванова', callsIn: 5, callsOut: 2, emails: 1, faxes: 0, complaints: 3, serviceRequests: 2, informationRequests: 2,
    sales: 0, other: 1, avgHandlingS: 95.4, missed: 1, missedCalledBack: 1, casesOpened: 2, casesClosed: 1, chats: 1, ratings: 2, ratingMean: 4.5, ...over,
  };
}

export function figuresResponse(over: Partial<FiguresResponse> = {}): FiguresResponse {
  const row = figuresRow();
  return {
    from: '2026-11-23', to: '2026-11-23', timeZone: 'Europe/Moscow',
    operators: [row],
    total: { ...row, userId: null, name: 'total' },
    byHour: [{ hour: 9, calls: 4, emails: 1, faxes: 0 }, { hour: 10, calls: 3, emails: 0, faxes: 0 }],
    byReason: [{ reason: 'complaint', count: 3 }, { reason: 'information', count: 2 }],
    byOutcome: [{ outcome: 'Оформлен возврат', count: 3 }, { outcome: 'Перезвонить позже', count: 2 }],
    byLine: [{ line: 'support', calls: 4, missed: 1, avgWaitS: 12.5 }],
    satisfaction: { byReason: [{ reason: 'complaint', count: 2, mean: 4.5 }], byChannel: [{ channel: 'chat', count: 2, mean: 4.5 }] },
    otherOutcomes: 0,
    noOutcome: 2,
    byChannel: [{ channel: 'call', direction: 'in', count: 5 }, { channel: 'email', direction: 'in', count: 1 }],
    computedAtMs: Date.now(),
    ...over,
  };
}

export function reviewItem(over: Partial<ReviewItem> = {}): ReviewItem {
  return {
    id: uuid(), customerId: uuid(), customerName: 'Мария Петрова', userId: OPERATOR.id, operatorName: OPERATOR.name, channel: 'call', direction: 'in',
    reason: 'complaint', mood: 'negative', occurredAt: Date.now() - 600_000, durationS: 120, outcome: null, summary: 'Не работает интернет', comments: 0, ...over,
  };
}
