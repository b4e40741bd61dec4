// Guarantee 5: an initial sync cut at a page continues from the stored cursor, never from zero.
// The server holds 2,000 rows; a fresh desktop pulls pages of 100 and its network dies after k pages.
// The desktop restarts from its file and syncs again: the first pull after the restart asks for
// `after = the cursor of page k`, the pulls after the restart fetch only the rows not yet received
// (no row twice), and the store ends with the full data set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src-shared/index.js';
import type { Mutation } from '../../src-shared/sync/protocol.js';
import { Desktop } from '../support/desktop.js';
import { localSnapshot, readLocal, serverSnapshot, snapshotDiff, snapshotHash } from '../support/replicas.js';
import { customerPayload, mutation, push, startServerFixture, type ServerFixture } from '../support/server-fixture.js';

const CUSTOMERS = 1_000;
const PAGE = 100;
let f: ServerFixture;
let total = 0;

beforeAll(async () => {
  f = await startServerFixture();
  let batch: Mutation[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const res = await push(f, f.anna, batch);
    if (res.status !== 200 || res.body.results.some((r) => r.status !== 'applied')) throw new Error(`seed push failed: ${JSON.stringify(res.body).slice(0, 300)}`);
    batch = [];
  };
  for (let i = 0; i < CUSTOMERS; i++) {
    const id = newId();
    batch.push(mutation(f.anna, 'customer', id, 'insert', customerPayload(`Клиент ${i}`)));
    const now = Date.now();
    batch.push(mutation(f.anna, 'interaction', newId(), 'insert', {
      customer_id: id, channel: 'call', direction: 'in', occurred_at: now, duration_s: 10, user_id: f.anna.id, reason: 'information', notes: `n ${i}`, email_to: [], email_cc: [],
      created_at: now, updated_at: now,
    }));
    if (batch.length >= 500) await flush();
  }
  await flush();
  total = (await f.server.db.selectFrom('row_version').select('seq').execute()).length;
});
afterAll(async () => {
  await f?.close();
});

interface PullSeen {
  after: number;
  changes: number;
}

/** A desktop whose pulls are recorded, and whose network can be cut after a number of pages. */
function recordingDesktop(name: string, dbPath?: string) {
  const pulls: PullSeen[] = [];
  const state = { cutAfterPages: Infinity, pages: 0 };
  const d = new Desktop(name, dbPath, {
    pullPage: PAGE,
    network: async (input, init, real) => {
      const url = new URL(String(input));
      if (url.pathname !== '/sync/pull') return real(input, init);
      if (state.pages >= state.cutAfterPages) throw new TypeError('network cut');
      const res = await real(input, init);
      const text = await res.text();
      const body = JSON.parse(text) as { changes: unknown[] };
      state.pages += 1;
      pulls.push({ after: Number(url.searchParams.get('after')), changes: body.changes.length });
      return new Response(text, { status: res.status, headers: res.headers });
    },
  });
  return { d, pulls, state };
}

describe('resumable initial sync', () => {
  for (const cutAt of [1, 17, Math.floor((CUSTOMERS * 2) / PAGE) - 1]) {
    it(`cut after page ${cutAt}: resumes from the cursor of that page, fetches no row twice, ends complete`, async () => {
      const first = recordingDesktop(`resume-${cutAt}`);
      first.state.cutAfterPages = cutAt;
      const status = await first.d.call('sync.signIn', { serverUrl: f.server.url, username: 'anna', password: 'correct horse battery' });
      expect(status.state).toBe('offline');
      expect(first.pulls).toHaveLength(cutAt);
      const receivedBefore = first.pulls.reduce((n, p) => n + p.changes, 0);
      const [cursorRow] = readLocal<{ value: string }>(first.d.dbPath, "SELECT value FROM meta WHERE key = 'sync_cursor'");
      const storedCursor = Number(cursorRow?.value ?? 0);
      expect(storedCursor).toBeGreaterThan(0);

      // The app restarts (same file, same sign-in) with a working network.
      first.d.close();
      const second = recordingDesktop(`resume-${cutAt}-again`, first.d.dbPath);
      second.d.secrets.set(first.d.secrets.get() ?? '');
      second.d.restart();
      try {
        for (let i = 0; i < 3; i++) await second.d.sync();
        expect(second.pulls.length).toBeGreaterThan(0);
        expect(second.pulls[0]?.after, 'the first pull after the restart starts at the stored cursor').toBe(storedCursor);
        expect(Math.min(...second.pulls.map((p) => p.after)), 'never from zero').toBe(storedCursor);
        const receivedAfter = second.pulls.reduce((n, p) => n + p.changes, 0);
        expect(receivedBefore + receivedAfter, 'every row fetched exactly once over both runs').toBe(total);
        const local = localSnapshot(second.d.dbPath);
        const serverSnap = await serverSnapshot(f.server.db);
        expect(snapshotHash(local), snapshotDiff(local, serverSnap).join("\n")).toBe(snapshotHash(serverSnap));
        expect(local.customer?.size).toBe(CUSTOMERS);
        expect(local.interaction?.size).toBe(CUSTOMERS);
      } finally {
        second.d.close();
      }
    });
  }
});
