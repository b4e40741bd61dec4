// Cloud PBX webhook requests as each provider sends them (its documented form and signature), and a
// desktop's sync socket that collects the call events the server routes to it.
import { createHash, createHmac } from 'node:crypto';
import { once } from 'node:events';
import WebSocket from 'ws';
import type { CallEvent } from '../../src-shared/index.js';
import { genericSignature } from '../../src-server/pbx/adapters/generic.js';

export interface Posted {
  status: number;
  body: { ok?: boolean; applied?: number; duplicates?: number; error?: string; details?: { reason?: string } };
}

async function post(url: string, body: string, contentType: string, headers: Record<string, string> = {}): Promise<Posted> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Posted['body']) : {} };
}

/** Mango Office: form fields vpbx_api_key, sign = sha256(key + json + salt), json. */
export function postMango(base: string, source: string, path: 'events/call' | 'events/summary' | 'events/recording', json: unknown, key: string, salt: string): Promise<Posted> {
  const text = JSON.stringify(json);
  const sign = createHash('sha256').update(key + text + salt).digest('hex');
  return post(`${base}/pbx/${source}/${path}`, new URLSearchParams({ vpbx_api_key: key, sign, json: text }).toString(), 'application/x-www-form-urlencoded');
}

const ZADARMA_SIGNED: Record<string, string[]> = {
  NOTIFY_START: ['caller_id', 'called_did', 'call_start'], NOTIFY_INTERNAL: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_ANSWER: ['caller_id', 'destination', 'call_start'], NOTIFY_END: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_OUT_START: ['internal', 'destination', 'call_start'], NOTIFY_OUT_END: ['internal', 'destination', 'call_start'],
  NOTIFY_RECORD: ['pbx_call_id', 'call_id_with_rec'],
};

/** Novofon/Zadarma: form fields, Signature = base64(hex(HMAC-SHA1(secret, signed fields))). */
export function postZadarma(base: string, source: string, fields: Record<string, string>, secret: string): Promise<Posted> {
  const signed = (ZADARMA_SIGNED[fields.event ?? ''] ?? []).map((f) => fields[f] ?? '').join('');
  const signature = Buffer.from(createHmac('sha1', secret).update(signed).digest('hex')).toString('base64');
  return post(`${base}/pbx/${source}/`, new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', { signature });
}

export function postGeneric(base: string, source: string, event: unknown, secret: string, nowMs: number): Promise<Posted> {
  const body = JSON.stringify(event);
  const ts = String(Math.floor(nowMs / 1000));
  return post(`${base}/pbx/${source}/events`, body, 'application/json', { 'x-kartoteka-timestamp': ts, 'x-kartoteka-signature': genericSignature(secret, ts, body) });
}

export function postRaw(base: string, path: string, body: string, contentType: string, headers: Record<string, string> = {}): Promise<Posted> {
  return post(`${base}${path}`, body, contentType, headers);
}

/** Zadarma's call_start: "YYYY-MM-DD HH:MM:SS" (the PBX's zone; the server only bounds it). */
export function zadarmaTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A desktop's sync socket, as the engine opens it: collects the call events routed to its user. */
export class CallSocket {
  readonly calls: CallEvent[] = [];
  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { type: string; event?: CallEvent };
      if (message.type === 'call' && message.event) this.calls.push(message.event);
    });
  }

  static async open(base: string, token: string): Promise<CallSocket> {
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/sync/ws`, { headers: { authorization: `Bearer ${token}` } });
    const s = new CallSocket(socket);
    // The server's first message (a poke) comes after the socket is registered for calls.
    await once(socket, 'message');
    return s;
  }

  /** The first `n` call events, waiting for them to arrive. */
  async first(n: number): Promise<CallEvent[]> {
    while (this.calls.length < n) await once(this.socket, 'message');
    return this.calls.slice(0, n);
  }

  close(): void {
    this.socket.close();
  }
}
