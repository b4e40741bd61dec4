// The live change feed: after a push, the server reads the new changes once per scope and sends
// them on the sockets of desktops known to be up to date, instead of poking every desktop into its
// own pull (O(pushes × desktops) queries). Desktops it knows nothing about are poked as before.
import { sql, type Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import { CaughtUp, type Poke } from '../../src-shared/sync/protocol.js';
import type { ServerDb } from '../db/schema.js';
import type { UserRow } from '../users.js';
import { pullPage } from './pull.js';
import { headSeq } from './change-log.js';

/** A feed page holds at most this many changes; a burst beyond it makes its desktops pull. */
const FEED_PAGE = 500;

/**
 * Socket writes in one go before the event loop gets a turn. A write to a socket costs tens of
 * microseconds (the writev call), so one page to 500 desktops held the loop for 10-20 ms at a time,
 * and every push in flight waited that long at each of its database round trips, among them the
 * ones made under the change-log lock. Each socket's state is checked when its turn comes, so
 * caught-ups and closes that arrive during a pause are taken into account.
 */
const SENDS_PER_TURN = 50;
const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What the feed knows of a user that its scope depends on: id, role, scope, team. */
const knownKey = (u: UserRow): string => JSON.stringify([u.id, u.role, u.scope, u.team_id]);

/** The sockets of one scope key see exactly the same changes (scope.ts's scopePredicate). */
export function scopeKey(user: UserRow): string {
  if (user.scope === 'all' || user.role === 'admin') return 'all';
  if (user.scope === 'own') return `own:${user.id}`;
  return `team:${user.team_id ?? ''}`;
}

interface FeedSocket {
  user: UserRow;
  key: string;
  /** The cursor the desktop is known to hold (the `since` of the next page sent to it). */
  clientCursor: number;
  /** The desktop has every in-scope change up to this seq; null: unknown, so it is poked. */
  cleanThrough: number | null;
}

export class LiveFeed {
  private readonly sockets = new Map<WebSocket, FeedSocket>();
  private running = false;
  private again = false;

  constructor(
    private readonly db: Kysely<ServerDb>,
    private readonly onError: (err: unknown) => void,
  ) {}

  add(socket: WebSocket, user: UserRow): void {
    this.sockets.set(socket, { user, key: scopeKey(user), clientCursor: 0, cleanThrough: null });
  }

  delete(socket: WebSocket): void {
    this.sockets.delete(socket);
  }

  get size(): number {
    return this.sockets.size;
  }

  /**
   * A message from the desktop. Anything but a valid caught-up closes the socket: the desktop
   * sends nothing else, so garbage is a broken or hostile client.
   */
  receive(socket: WebSocket, data: unknown): void {
    const state = this.sockets.get(socket);
    if (!state) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(data));
    } catch {
      socket.close(4400, 'bad message');
      return;
    }
    const message = CaughtUp.safeParse(parsed);
    if (!message.success) {
      socket.close(4400, 'bad message');
      return;
    }
    const { cursor, headSeq: head } = message.data;
    // Only forward: a caught-up can cross a page already sent (then the desktop pulls on its own).
    state.clientCursor = Math.max(state.clientCursor, cursor);
    // The desktop holds everything up to its cursor; the snapshot head bounds it from above.
    const clean = Math.min(cursor, head);
    state.cleanThrough = state.cleanThrough === null ? clean : Math.max(state.cleanThrough, clean);
  }

  /** Others told of every commit too (the outgoing webhooks). */
  private readonly listeners = new Set<() => void>();

  onNotify(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changes were committed: one run at a time; a notice during a run makes one more run. */
  notify(): void {
    for (const listener of this.listeners) listener();
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void (async () => {
      try {
        do {
          this.again = false;
          await this.run();
        } while (this.again);
      } catch (err) {
        this.onError(err);
      } finally {
        this.running = false;
      }
    })();
  }

  /**
   * Checks the fed sockets' users again (one query): a user disabled since connecting is cut off,
   * and one whose scope or team changed pulls under the new scope before being fed again. The
   * database compares what the feed knows (the columns scopeKey reads) and answers only the users
   * that differ or are gone, so a run with nothing changed parses no user rows (it was 500 rows per
   * run at 500 desktops, several milliseconds before every page).
   */
  private async refreshUsers(): Promise<void> {
    const fed = [...this.sockets].filter(([, state]) => state.cleanThrough !== null);
    if (fed.length === 0) return;
    const known = new Map<string, UserRow>();
    for (const [, { user }] of fed) known.set(knownKey(user), user);
    const users = [...known.values()];
    const changed = (
      await sql<UserRow & { known_key: string; found: string | null }>`
        SELECT k.known_key, u.id AS found, u.*
        FROM unnest(${users.map(knownKey)}::text[], ${users.map((u) => u.id)}::text[], ${users.map((u) => u.role)}::text[],
                    ${users.map((u) => u.scope)}::text[], ${users.map((u) => u.team_id)}::text[]) AS k(known_key, id, role, scope, team_id)
        LEFT JOIN app_user u ON u.id = k.id AND u.disabled = 0 AND u.deleted = 0
        WHERE u.id IS NULL OR u.role IS DISTINCT FROM k.role OR u.scope IS DISTINCT FROM k.scope OR u.team_id IS DISTINCT FROM k.team_id`.execute(this.db)
    ).rows;
    if (changed.length === 0) return;
    const current = new Map(changed.map(({ known_key: key, found, ...user }) => [key, found === null ? null : (user as UserRow)]));
    for (const [socket, state] of fed) {
      const key = knownKey(state.user);
      if (!current.has(key)) continue;
      const user = current.get(key);
      if (!user) {
        this.sockets.delete(socket);
        socket.close(4401, 'unauthorized');
        continue;
      }
      const scope = scopeKey(user);
      if (scope !== state.key) state.cleanThrough = null;
      state.user = user;
      state.key = scope;
    }
  }

  private async run(): Promise<void> {
    if (this.sockets.size === 0) return;
    await this.refreshUsers();
    const groups = new Map<string, { user: UserRow; after: number; members: [WebSocket, FeedSocket][] }>();
    const poked: WebSocket[] = [];
    for (const [socket, state] of this.sockets) {
      if (socket.readyState !== socket.OPEN) continue;
      if (state.cleanThrough === null) {
        poked.push(socket);
        continue;
      }
      const id = `${state.key}@${state.cleanThrough}`;
      const group = groups.get(id) ?? { user: state.user, after: state.cleanThrough, members: [] };
      group.members.push([socket, state]);
      groups.set(id, group);
    }
    let head: number | null = null;
    for (const group of groups.values()) {
      const page = await pullPage(this.db, group.user, group.after, FEED_PAGE);
      head = Math.max(head ?? 0, page.headSeq);
      if (page.hasMore) {
        for (const [socket, state] of group.members) {
          state.cleanThrough = null;
          poked.push(socket);
        }
        continue;
      }
      const tail = `,"page":${page.json}}`;
      let sent = 0;
      for (const [socket, state] of group.members) {
        if (sent >= SENDS_PER_TURN) {
          sent = 0;
          await yieldToIo();
        }
        // Closed while the page was read (or during a pause): its state goes with it.
        if (!this.sockets.has(socket)) continue;
        if (state.cleanThrough !== group.after) {
          // A caught-up moved it meanwhile; if not past this page, the page is read again for it.
          if (state.cleanThrough !== null && state.cleanThrough < page.headSeq) this.again = true;
          continue;
        }
        if (page.hasChanges && socket.readyState === socket.OPEN) {
          socket.send(`{"type":"changes","since":${state.clientCursor}${tail}`);
          state.clientCursor = page.cursor;
          sent++;
        }
        state.cleanThrough = page.headSeq;
      }
    }
    if (poked.length === 0) return;
    const data = JSON.stringify({ type: 'poke', headSeq: head ?? (await headSeq(this.db)) } satisfies Poke);
    for (const socket of poked) if (socket.readyState === socket.OPEN) socket.send(data);
  }
}
