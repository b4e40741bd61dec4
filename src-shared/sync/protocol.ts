// Messages between the desktop's sync client and the central server (HTTP JSON + WebSocket pokes).
// Both sides validate with these schemas; the handshake refuses a protocol it does not speak.
import { z } from 'zod';
import { Id, Role } from '../domain.js';

/** Bumped on any incompatible change of the messages below. */
export const PROTOCOL_VERSION = 2;
/** The oldest desktop protocol the server still accepts. */
export const MIN_PROTOCOL_VERSION = 2;

export const SCOPES = ['all', 'team', 'own'] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

const username = z.string().trim().min(1).max(100).regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits, . _ @ - only');
/** The length rule of the password policy; the server also refuses common passwords (auth/password-policy.ts). */
const password = z.string().min(12).max(200);

export const LoginRequest = z.object({ username, password: z.string().min(1).max(200) });
export const RefreshRequest = z.object({ refreshToken: z.string().min(20).max(200) });
export const AuthUser = z.object({ id: Id, username: z.string(), name: z.string(), role: Role, teamId: Id.nullable(), scope: Scope, extension: z.string().nullable() });
export type AuthUser = z.infer<typeof AuthUser>;
export const TokenResponse = z.object({ accessToken: z.string(), refreshToken: z.string(), expiresInS: z.number().int(), user: AuthUser });
export type TokenResponse = z.infer<typeof TokenResponse>;

export const CreateUserRequest = z.object({
  username,
  password,
  name: z.string().trim().min(1).max(300),
  role: Role,
  teamId: Id.nullable().default(null),
  scope: Scope.default('all'),
  extension: z.string().max(20).nullable().default(null),
  /** A supervisor's further teams to oversee besides their own (supervisor_team). */
  supervisedTeamIds: z.array(Id).max(100).optional(),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;
export const CreateTeamRequest = z.object({ name: z.string().trim().min(1).max(200) });

export const HelloRequest = z.object({ protocolVersion: z.number().int(), schemaVersion: z.number().int(), clientId: Id });
export const HelloResponse = z.object({ protocolVersion: z.number().int(), serverTimeMs: z.number(), user: AuthUser, headSeq: z.number().int() });
export type HelloResponse = z.infer<typeof HelloResponse>;

export const MUTATION_OPS = ['insert', 'update', 'delete'] as const;
export const Mutation = z.object({
  /** The desktop's outbox sequence: with clientId, the key that makes a push idempotent. */
  seq: z.number().int().positive(),
  mutationId: Id,
  entity: z.string().max(50),
  rowId: Id,
  op: z.enum(MUTATION_OPS),
  /** Changed columns (all of them for an insert), as stored in SQLite; binary as base64. */
  payload: z.record(z.string(), z.unknown()),
  hlc: z.string().max(80),
  /** Per-field stamps the writer had seen when it made the change: tells concurrent edits apart. */
  base: z.record(z.string(), z.string()).optional(),
});
export type Mutation = z.infer<typeof Mutation>;

export const MAX_PUSH_BATCH = 500;
export const PushRequest = z.object({ clientId: Id, mutations: z.array(Mutation).min(1).max(MAX_PUSH_BATCH) });
export type PushRequest = z.infer<typeof PushRequest>;

export const REJECT_REASONS = ['owner_locked', 'append_only', 'forbidden', 'out_of_scope', 'not_found', 'invalid', 'server_only', 'taken'] as const;
export const RejectReason = z.enum(REJECT_REASONS);
export type RejectReason = z.infer<typeof RejectReason>;

export const PushResult = z.discriminatedUnion('status', [
  z.object({ seq: z.number().int(), status: z.literal('applied') }),
  /** Already applied earlier (a retried or duplicated batch): nothing changed twice. */
  z.object({ seq: z.number().int(), status: z.literal('duplicate') }),
  /**
   * An insert of a row the server already has: the same fact recorded by another desktop under the
   * same derived id (a ring group's missed call, src-shared/call-ids.ts). The first record stands;
   * nothing was written, and the desktop takes the server's version of the row.
   */
  z.object({ seq: z.number().int(), status: z.literal('superseded') }),
  z.object({ seq: z.number().int(), status: z.literal('rejected'), reason: RejectReason, message: z.string() }),
]);
export type PushResult = z.infer<typeof PushResult>;
export const PushResponse = z.object({ results: z.array(PushResult), headSeq: z.number().int() });
export type PushResponse = z.infer<typeof PushResponse>;

/**
 * `GET /sync/row`: the server's current version of one row, fetched by a desktop whose change to it
 * was refused. `row` null: the server has no such row. `outOfScope`: the row's customer is no longer
 * the caller's to see; the desktop drops the customer (docs/sync.md, "Rows that leave a scope").
 */
export const RowAnswer = z.object({
  row: z.record(z.string(), z.unknown()).nullable(),
  fieldHlc: z.record(z.string(), z.string()),
  outOfScope: z.boolean().optional(),
});
export type RowAnswer = z.infer<typeof RowAnswer>;

export const MAX_PULL_PAGE = 10_000;
export const PullRequest = z.object({
  after: z.coerce.number().int().min(0),
  limit: z.coerce.number().int().min(1).max(MAX_PULL_PAGE).default(2_000),
  /** Admins only: the page a team-scoped operator of this team would get (a team's snapshot builder). */
  asTeam: Id.optional(),
});
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * A row and its stamps, checked in place: a pull page carries thousands of them, and a z.record
 * copies every key and value of every row (most of the desktop's validation time in an initial sync).
 * Same acceptance as z.record(z.string(), z.unknown()) / z.record(z.string(), z.string()) for JSON.
 */
const WireRow = z.custom<Record<string, unknown>>(isPlainObject, { message: 'expected an object' });
const WireStamps = z.custom<Record<string, string>>((v) => {
  if (!isPlainObject(v)) return false;
  for (const key in v) if (typeof v[key] !== 'string') return false;
  return true;
}, { message: 'expected an object of HLC stamps' });

export const Change = z.object({
  seq: z.number().int(),
  entity: z.string(),
  /** The row as merged on the server, with per-field clocks: applying it is idempotent. */
  row: WireRow,
  /** Compact since protocol 2: the common stamp under "_", other fields listed (sync/field-stamps.ts). */
  fieldHlc: WireStamps,
});
export type Change = z.infer<typeof Change>;
export const PullResponse = z.object({
  changes: z.array(Change),
  /** Cursor to send next time: the seq of the last change in this page (or the request's). */
  cursor: z.number().int(),
  /** The server's newest seq: progress of an initial sync is cursor / headSeq. */
  headSeq: z.number().int(),
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

/** WebSocket: the server tells a desktop that changes in its scope exist; it pulls. */
export const Poke = z.object({ type: z.literal('poke'), headSeq: z.number().int() });
export type Poke = z.infer<typeof Poke>;

/**
 * WebSocket, server → desktop: the page a pull after `since` would return, pushed on the socket so
 * that a desktop known to be up to date needs no request of its own (the live feed, docs/sync.md).
 * A desktop whose cursor is not `since` treats it as a poke.
 */
export const LiveChanges = z.object({ type: z.literal('changes'), since: z.number().int().min(0), page: PullResponse });
export type LiveChanges = z.infer<typeof LiveChanges>;

/**
 * WebSocket, desktop → server: a pull run ended (hasMore false) at `cursor`, in a snapshot whose head
 * was `headSeq`. The server may then feed this socket the changes after it instead of poking.
 */
export const CaughtUp = z.object({ type: z.literal('caught-up'), cursor: z.number().int().min(0), headSeq: z.number().int().min(0) });
export type CaughtUp = z.infer<typeof CaughtUp>;

export const SYNC_ERROR_CODES = ['validation', 'unauthorized', 'forbidden', 'client_too_old', 'too_large', 'not_found', 'conflict', 'rate_limited', 'unavailable', 'internal'] as const;
export const SyncErrorBody = z.object({ error: z.enum(SYNC_ERROR_CODES), message: z.string(), details: z.unknown().optional() });
export type SyncErrorBody = z.infer<typeof SyncErrorBody>;

export const ConflictRecord = z.object({
  id: z.number().int(),
  entity: z.string(),
  rowId: Id,
  field: z.string(),
  keptValue: z.unknown(),
  lostValue: z.unknown(),
  keptHlc: z.string(),
  lostHlc: z.string(),
  lostByUserId: Id.nullable(),
  at: z.number(),
});
export type ConflictRecord = z.infer<typeof ConflictRecord>;

/**
 * `GET /sync/overwritten`: the signed-in user's edits that a concurrent write beat (issue 16), oldest
 * first after `after` (a conflict id): which field, their value, the value that won.
 */
export const OverwrittenQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const OverwrittenEdit = z.object({
  id: z.number().int(),
  entity: z.string(),
  rowId: Id,
  field: z.string(),
  myValue: z.unknown(),
  keptValue: z.unknown(),
  customerId: Id.nullable(),
  at: z.number(),
});
export type OverwrittenEdit = z.infer<typeof OverwrittenEdit>;

/** A desktop's report of its operator's state, for supervisors (the live team board). */
export const PRESENCE_STATES = ['available', 'ringing', 'on_call', 'wrap_up', 'away', 'offline'] as const;
export const PresenceReport = z.object({
  state: z.enum(PRESENCE_STATES),
  since: z.number().int().nonnegative(),
  callerName: z.string().max(300).nullable().default(null),
});
export type PresenceReport = z.infer<typeof PresenceReport>;
export const PresenceEntry = PresenceReport.extend({ userId: Id, name: z.string(), teamId: Id.nullable(), reportedAt: z.number().int() });
export type PresenceEntry = z.infer<typeof PresenceEntry>;
