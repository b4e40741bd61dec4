// The live feed checks its sockets' users before every run (src-server/sync/live-feed.ts): the
// database answers only the users that changed, and the feed must still cut off a user disabled
// since connecting, poke (not feed) a user whose scope changed, and feed everyone else.
import { sql } from 'kysely';
import type { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src-shared/index.js';
import { LiveFeed } from '../../../src-server/sync/live-feed.js';
import { headSeq } from '../../../src-server/sync/change-log.js';
import { createUser, findUser } from '../../../src-server/users.js';
import { customerPayload, mutation, push, startServerFixture, type ServerFixture } from '../../support/server-fixture.js';

let f: ServerFixture;
beforeAll(async () => {
  f = await startServerFixture();
});
afterAll(async () => f?.close());

/** Just what the feed uses of a ws socket. */
class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  sent: { type: string }[] = [];
  closedWith: number | null = null;
  send(data: string): void {
    this.sent.push(JSON.parse(data) as { type: string });
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

describe('live feed: users checked before each run', () => {
  it('feeds the unchanged, pokes one whose scope changed, cuts off one disabled', async () => {
    const db = f.server.db;
    const names = ['feed-same', 'feed-scope', 'feed-off'];
    const users = [];
    for (const name of names) {
      const u = await createUser(db, { username: name, password: 'password-123', name, role: 'operator', teamId: null, scope: 'all', extension: null });
      users.push((await findUser(db, u.id))!);
    }
    const errors: unknown[] = [];
    const feed = new LiveFeed(db, (err) => errors.push(err));
    const sockets = users.map(() => new FakeSocket());
    const head = await headSeq(db);
    users.forEach((u, i) => {
      const socket = sockets[i] as unknown as WebSocket;
      feed.add(socket, u);
      feed.receive(socket, JSON.stringify({ type: 'caught-up', cursor: head, headSeq: head }));
    });

    // A first change with nothing changed about the users: all three are fed.
    await push(f, f.admin, [mutation(f.admin, 'customer', newId(), 'insert', customerPayload('Первый'))]);
    feed.notify();
    await until(() => sockets.every((s) => s.sent.length === 1));
    expect(sockets.map((s) => s.sent[0]?.type)).toEqual(['changes', 'changes', 'changes']);

    // Then one user's scope changes and another is disabled.
    await sql`UPDATE app_user SET scope = 'own' WHERE id = ${users[1]!.id}`.execute(db);
    await sql`UPDATE app_user SET disabled = 1 WHERE id = ${users[2]!.id}`.execute(db);
    await push(f, f.admin, [mutation(f.admin, 'customer', newId(), 'insert', customerPayload('Второй'))]);
    feed.notify();
    await until(() => sockets[0]!.sent.length === 2 && sockets[1]!.sent.length === 2 && sockets[2]!.closedWith !== null);
    expect(sockets[0]!.sent[1]?.type).toBe('changes');
    // Under its new scope it pulls before it is fed again.
    expect(sockets[1]!.sent[1]?.type).toBe('poke');
    expect(sockets[2]!.closedWith).toBe(4401);
    expect(sockets[2]!.sent).toHaveLength(1);
    expect(feed.size).toBe(2);
    expect(errors).toEqual([]);
  });
});
