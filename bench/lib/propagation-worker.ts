// The simulated desktops of bench/propagation.ts, run in its worker processes: each speaks the real
// protocol (hello, the /sync/ws socket for pokes and the live feed, pulls from its cursor, pushes of
// logged calls at random times) and reports what it sent and received to the parent on stdout.
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';
import { Prng } from '../../src-main/core/index.js';
import { encodeHlc, newId } from '../../src-shared/index.js';
import { PROTOCOL_VERSION, type Mutation, type PullResponse, type PushResponse } from '../../src-shared/sync/protocol.js';
import { round } from './common.js';

export const wall = (): number => performance.timeOrigin + performance.now();

export interface ClientConfig { userId: string; token: string; clientId: string }
export interface WorkerConfig { url: string; clients: ClientConfig[]; customerIds: string[]; intervalS: number; seed: number; feed: boolean }
export interface PushRecord { rowId: string; sent: number; answered: number; ok: boolean }
export interface WorkerReport {
  type: 'report';
  pushes: PushRecord[];
  /** rowId → [desktops in this worker that pulled it, when the last of them finished that pull]. */
  received: Record<string, [number, number]>;
  /** Per-delivery latency from the push leaving its desktop, whole milliseconds → count. */
  deliveries: Record<string, number>;
  pulls: number;
  pullErrors: number;
  pushErrors: number;
  /** The first few distinct error messages, to tell a refused request from a dropped connection. */
  errorSamples: string[];
  cpuUserMs: number;
  cpuSystemMs: number;
  peakRssMb: number;
}

export const NOTE = 'propagation-bench sent=';

// ---------------------------------------------------------------- the worker: simulated desktops
export async function runWorker(config: WorkerConfig): Promise<void> {
  const rng = new Prng(config.seed);
  const received = new Map<string, [number, number]>();
  const deliveries = new Map<number, number>();
  const pushes: PushRecord[] = [];
  let pulls = 0;
  let pullErrors = 0;
  let pushErrors = 0;
  let pushing = false;
  let peakRss = 0;
  const errorSamples = new Set<string>();
  const noteError = (where: string, e: unknown): void => {
    const cause = e instanceof Error && e.cause instanceof Error ? ` (${e.cause.message})` : '';
    if (errorSamples.size < 10) errorSamples.add(`${where}: ${e instanceof Error ? e.message : String(e)}${cause}`.slice(0, 300));
  };
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 500);

  const post = async <T>(client: ClientConfig, path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${config.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  const desktops = await Promise.all(config.clients.map(async (client) => {
    const hello = await post<{ headSeq: number }>(client, '/sync/hello', { protocolVersion: PROTOCOL_VERSION, schemaVersion: 0, clientId: client.clientId });
    const state = { cursor: hello.headSeq, pulling: false, again: false, seq: 0, socket: null as WebSocket | null, timer: null as NodeJS.Timeout | null };
    const take = (page: PullResponse): void => {
      const at = wall();
      for (const change of page.changes) {
        const notes = change.row['notes'];
        if (change.entity !== 'interaction' || change.row['user_id'] === client.userId || typeof notes !== 'string' || !notes.startsWith(NOTE)) continue;
        const sent = Number(notes.slice(NOTE.length));
        const bucket = Math.round(at - sent);
        deliveries.set(bucket, (deliveries.get(bucket) ?? 0) + 1);
        const id = change.row['id'] as string;
        const r = received.get(id);
        if (r) {
          r[0]++;
          r[1] = Math.max(r[1], at);
        } else received.set(id, [1, at]);
      }
      state.cursor = page.cursor;
    };
    const pull = async (): Promise<void> => {
      if (state.pulling) {
        state.again = true;
        return;
      }
      state.pulling = true;
      try {
        do {
          state.again = false;
          for (;;) {
            const res = await fetch(`${config.url}/sync/pull?after=${state.cursor}&limit=2000`, { headers: { authorization: `Bearer ${client.token}` } });
            if (!res.ok) throw new Error(`pull: ${res.status}`);
            const page = (await res.json()) as PullResponse;
            pulls++;
            take(page);
            if (!page.hasMore) {
              if (config.feed && state.socket?.readyState === WebSocket.OPEN) {
                state.socket.send(JSON.stringify({ type: 'caught-up', cursor: page.cursor, headSeq: page.headSeq }));
              }
              break;
            }
          }
        } while (state.again);
      } catch (e) {
        pullErrors++;
        noteError('pull', e);
      } finally {
        state.pulling = false;
      }
    };
    const socket = new WebSocket(`${config.url.replace(/^http/, 'ws')}/sync/ws`, { headers: { authorization: `Bearer ${client.token}` } });
    state.socket = socket;
    await new Promise<void>((ok, fail) => {
      socket.once('open', () => {
        if (config.feed) socket.send(JSON.stringify({ type: 'caught-up', cursor: state.cursor, headSeq: state.cursor }));
        ok();
      });
      socket.once('error', fail);
    });
    socket.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as { type?: string; headSeq?: number; since?: number; page?: PullResponse };
      if (msg.type === 'poke' && typeof msg.headSeq === 'number' && msg.headSeq > state.cursor) void pull();
      if (msg.type === 'changes' && msg.page) {
        if (!state.pulling && msg.since === state.cursor) take(msg.page);
        else void pull();
      }
    });
    const push = async (): Promise<void> => {
      const rowId = newId();
      const sent = wall();
      const now = Date.now();
      state.seq += 1;
      const mutation: Mutation = {
        seq: state.seq, mutationId: newId(), entity: 'interaction', rowId, op: 'insert', hlc: encodeHlc({ ms: now, counter: 0, node: client.clientId.slice(-8) }),
        payload: {
          customer_id: config.customerIds[rng.int(0, config.customerIds.length - 1)], case_id: null, channel: 'call', direction: 'in', occurred_at: now,
          duration_s: rng.int(15, 600), user_id: client.userId, reason: 'information', outcome: null, mood: 'neutral', notes: `${NOTE}${sent}`, promise: null,
          number: null, email_from: null, email_to: [], email_cc: [], email_subject: null, email_body: null, fax_pages: null, corrects_id: null,
          created_at: now, updated_at: now, deleted: 0,
        },
      };
      try {
        const res = await post<PushResponse>(client, '/sync/push', { clientId: client.clientId, mutations: [mutation] });
        pushes.push({ rowId, sent, answered: wall(), ok: res.results[0]?.status === 'applied' });
      } catch (e) {
        pushErrors++;
        noteError('push', e);
        pushes.push({ rowId, sent, answered: wall(), ok: false });
      }
    };
    const schedule = (): void => {
      state.timer = setTimeout(() => {
        if (!pushing) return;
        void push();
        schedule();
      }, -Math.log(1 - rng.next()) * config.intervalS * 1000);
    };
    return { state, schedule, socket };
  }));

  const cpuStart = { value: process.cpuUsage() };
  const lines = createInterface({ input: process.stdin });
  process.stdout.write(`${JSON.stringify({ type: 'ready' })}\n`);
  for await (const line of lines) {
    if (line === 'start') {
      cpuStart.value = process.cpuUsage();
      pushing = true;
      for (const d of desktops) d.schedule();
    } else if (line === 'stop') {
      pushing = false;
      for (const d of desktops) if (d.state.timer) clearTimeout(d.state.timer);
    } else if (line === 'report') {
      const cpu = process.cpuUsage(cpuStart.value);
      clearInterval(rssTimer);
      for (const d of desktops) d.socket.close();
      const report: WorkerReport = {
        type: 'report', pushes, received: Object.fromEntries(received), deliveries: Object.fromEntries(deliveries), pulls, pullErrors, pushErrors, errorSamples: [...errorSamples],
        cpuUserMs: round(cpu.user / 1000, 0), cpuSystemMs: round(cpu.system / 1000, 0), peakRssMb: round(peakRss / 2 ** 20, 1),
      };
      process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0));
      return;
    }
  }
}

