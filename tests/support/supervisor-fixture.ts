// A real server (PGlite, or PostgreSQL under npm run test:pg) with the centre's settings injected and
// a settable clock, and a team structure for the supervisors' tests:
//   team A: operators a1, a2 and supervisor supA (who also oversees team C);
//   team B: operator b1 and supervisor supB;  team C: operator c1;  and an admin without a team.
// Rows are written straight into the database where a test needs exact values (figures), or pushed
// through /sync/push where the sync path itself is under test (reassignment vs offline edits).
import { newId } from '../../src-shared/index.js';
import type { TokenResponse } from '../../src-shared/sync/protocol.js';
import { startServer, type RunningServer } from '../../src-server/server.js';
import { DEFAULT_SUPERVISOR_SETTINGS, type SupervisorSettings } from '../../src-server/supervisor/settings.js';
import { createTeam, createUser } from '../../src-server/users.js';
import { call, type Reply } from './server-client.js';
import { freshServerDatabase, SERVER_MIGRATIONS, type TestDatabase } from './server-db.js';
import type { Actor } from './server-fixture.js';

export interface SupervisorFixture {
  server: RunningServer;
  database: TestDatabase;
  teams: { a: string; b: string; c: string };
  admin: Actor; supA: Actor; supB: Actor; a1: Actor; a2: Actor; b1: Actor; c1: Actor;
  /** The server's clock; null: the wall clock. */
  clock: { ms: number | null };
  get<T>(actor: Actor | null, path: string): Promise<Reply<T>>;
  post<T>(actor: Actor | null, path: string, body: unknown): Promise<Reply<T>>;
  close(): Promise<void>;
}

const PASSWORD = 'correct horse battery';

export async function startSupervisorFixture(settings: Partial<SupervisorSettings> = {}): Promise<SupervisorFixture> {
  const database = await freshServerDatabase();
  const clock: { ms: number | null } = { ms: null };
  const server = await startServer({
    database: database.target, migrationsDir: SERVER_MIGRATIONS, logger: false,
    now: () => clock.ms ?? Date.now(),
    supervisor: { ...DEFAULT_SUPERVISOR_SETTINGS, ...settings },
  });
  const a = await createTeam(server.db, 'Линия А');
  const b = await createTeam(server.db, 'Линия Б');
  const c = await createTeam(server.db, 'Линия В');
  const make = async (username: string, role: 'admin' | 'supervisor' | 'operator', teamId: string | null, supervisedTeamIds?: string[]): Promise<Actor> => {
    await createUser(server.db, { username, password: PASSWORD, name: username, role, teamId, scope: role === 'operator' ? 'team' : 'all', extension: null, ...(supervisedTeamIds ? { supervisedTeamIds } : {}) });
    const res = await call<TokenResponse>(server.url, 'POST', '/auth/login', { body: { username, password: PASSWORD } });
    if (res.status !== 200) throw new Error(`login ${username} failed`);
    return { id: res.body.user.id, token: res.body.accessToken, clientId: newId(), seq: 0 };
  };
  const f: SupervisorFixture = {
    server, database, clock, teams: { a: a.id, b: b.id, c: c.id },
    admin: await make('admin', 'admin', null),
    supA: await make('supA', 'supervisor', a.id, [c.id]),
    supB: await make('supB', 'supervisor', b.id),
    a1: await make('a1', 'operator', a.id),
    a2: await make('a2', 'operator', a.id),
    b1: await make('b1', 'operator', b.id),
    c1: await make('c1', 'operator', c.id),
    get: <T>(actor: Actor | null, path: string) => call<T>(server.url, 'GET', path, actor ? { token: actor.token } : {}),
    post: <T>(actor: Actor | null, path: string, body: unknown) => call<T>(server.url, 'POST', path, actor ? { token: actor.token, body } : { body }),
    async close() {
      await server.close();
      await database.drop();
    },
  };
  return f;
}

export interface InteractionSeed {
  userId: string | null;
  at: number | string;
  channel?: 'call' | 'email' | 'fax';
  direction?: 'in' | 'out';
  reason?: 'complaint' | 'service_request' | 'information' | 'sales' | 'other';
  durationS?: number | null;
  outcome?: string | null;
  customerId?: string | null;
  mood?: string | null;
  deleted?: 0 | 1;
  /** The queue or number the call came in on, and the wait (issue 18). */
  line?: string;
  waitS?: number;
  notes?: string;
}

const ms = (at: number | string) => (typeof at === 'number' ? at : Date.parse(at));

export async function seedInteraction(f: SupervisorFixture, s: InteractionSeed): Promise<string> {
  const id = newId();
  await f.server.db.insertInto('interaction').values({
    id, customer_id: s.customerId ?? null, channel: s.channel ?? 'call', direction: s.direction ?? 'in', occurred_at: ms(s.at),
    duration_s: s.durationS ?? (s.channel === undefined || s.channel === 'call' ? 60 : null), user_id: s.userId, reason: s.reason ?? 'other',
    outcome: s.outcome ?? null, mood: s.mood ?? null, notes: s.notes ?? 'seeded', email_to: '[]', email_cc: '[]',
    created_at: ms(s.at), updated_at: ms(s.at), hlc: 'seed', deleted: s.deleted ?? 0, field_hlc: '{}',
    line: s.line ?? null, wait_s: s.waitS ?? null,
  }).execute();
  return id;
}

export async function seedCustomer(f: SupervisorFixture, name: string, ownerId: string | null = null, locked = 0): Promise<string> {
  const id = newId();
  await f.server.db.insertInto('customer').values({ id, kind: 'person', name, owner_id: ownerId, owner_locked: locked, created_at: 0, updated_at: 0, hlc: 'seed', deleted: 0, field_hlc: '{}' }).execute();
  return id;
}

export async function seedCase(f: SupervisorFixture, s: { customerId?: string | null; assigneeId: string | null; openedAt: number | string; closedAt?: number | string | null; status?: string; category?: string; subject?: string }): Promise<string> {
  const id = newId();
  await f.server.db.insertInto('case').values({
    id, customer_id: s.customerId ?? null, category: s.category ?? 'complaint', subject: s.subject ?? 'Дело', status: s.status ?? (s.closedAt ? 'closed' : 'open'),
    opened_at: ms(s.openedAt), closed_at: s.closedAt ? ms(s.closedAt) : null, assignee_id: s.assigneeId, created_at: 0, updated_at: 0, hlc: 'seed', deleted: 0, field_hlc: '{}',
  }).execute();
  return id;
}

export async function seedTask(f: SupervisorFixture, s: { customerId?: string | null; caseId?: string | null; assigneeId: string | null; dueAt: number | string | null; createdAt?: number | string; status?: string; title?: string; kind?: string }): Promise<string> {
  const id = newId();
  await f.server.db.insertInto('task').values({
    id, customer_id: s.customerId ?? null, case_id: s.caseId ?? null, kind: s.kind ?? 'callback', title: s.title ?? 'Перезвонить', due_at: s.dueAt === null ? null : ms(s.dueAt),
    assignee_id: s.assigneeId, status: s.status ?? 'open', created_at: ms(s.createdAt ?? 0), updated_at: 0, hlc: 'seed', deleted: 0, field_hlc: '{}',
  }).execute();
  return id;
}
