// Local servers that implement the documented HTTP contracts of the Telegram Bot API and the VK API
// (the parts Kartoteka uses), record every request, and answer as the providers do: errors in their
// own shapes (Telegram's {ok:false,error_code,description,parameters.retry_after} with the HTTP status;
// VK's {error:{error_code,error_msg}} with HTTP 200), long polling that holds getUpdates until an
// update arrives, and VK's de-duplication of messages.send by random_id.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

export interface TelegramError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

export class FakeTelegram {
  readonly token = '123456789:AAE-test-token_abcdefghijklmnopqrstu';
  readonly requests: Array<{ method: string; body: Record<string, unknown> }> = [];
  readonly sent: Array<{ chat_id: string; text: string; reply_markup?: unknown }> = [];
  /** The answers the next sendMessage calls get instead of success. */
  readonly failSends: TelegramError[] = [];
  private updates: Array<Record<string, unknown> & { update_id: number }> = [];
  private nextUpdateId = 1_000;
  private nextMessageId = 1;
  private waiting = new Set<() => void>();
  private server = createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<this> {
    this.url = await listen(this.server);
    return this;
  }

  async close(): Promise<void> {
    for (const wake of this.waiting) wake();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** A private message from a user (who is their own chat), as Telegram delivers it. */
  message(userId: number, fields: Record<string, unknown>, messageId = this.nextMessageId++): number {
    const update = {
      update_id: this.nextUpdateId++,
      message: { message_id: messageId, date: Math.floor(Date.now() / 1_000), chat: { id: userId, type: 'private', first_name: 'Ольга' }, from: { id: userId, is_bot: false, first_name: 'Ольга', username: 'olga' }, ...fields },
    };
    this.updates.push(update);
    for (const wake of this.waiting) wake();
    return messageId;
  }

  getUpdatesOffsets(): number[] {
    return this.requests.filter((r) => r.method === 'getUpdates').map((r) => Number(r.body.offset ?? 0));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const text = await bodyOf(req);
    const body = text ? JSON.parse(text) as Record<string, unknown> : {};
    const answer = (status: number, payload: unknown) => {
      if (res.writableEnded) return;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    };
    if (!match) return answer(404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = match as unknown as [string, string, string];
    this.requests.push({ method, body });
    if (token !== this.token) return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    if (method === 'getMe') return answer(200, { ok: true, result: { id: 123456789, is_bot: true, first_name: 'Картотека', username: 'kartoteka_test_bot' } });
    if (method === 'getUpdates') {
      const offset = Number(body.offset ?? 0);
      this.updates = this.updates.filter((u) => u.update_id >= offset);
      if (this.updates.length === 0) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            this.waiting.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, Number(body.timeout ?? 0) * 1_000);
          this.waiting.add(wake);
          req.on('close', wake);
        });
      }
      return answer(200, { ok: true, result: this.updates.filter((u) => u.update_id >= offset) });
    }
    if (method === 'sendMessage') {
      const failure = this.failSends.shift();
      if (failure) return answer(failure.error_code, { ok: false, ...failure });
      if (typeof body.text !== 'string' || body.text.length === 0 || body.text.length > 4_096) return answer(400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
      this.sent.push({ chat_id: String(body.chat_id), text: body.text, reply_markup: body.reply_markup });
      return answer(200, { ok: true, result: { message_id: 50_000 + this.sent.length, date: 1_765_000_100, chat: { id: Number(body.chat_id), type: 'private' }, text: body.text } });
    }
    return answer(404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
  }
}

export interface VkError {
  error_code: number;
  error_msg: string;
}

export class FakeVk {
  readonly token = 'vk1.a.community-token-0123456789';
  readonly requests: Array<{ method: string; params: Record<string, string> }> = [];
  /** Messages delivered to users: one per (peer, random_id), as VK keeps them. */
  readonly delivered: Array<{ peer_id: string; random_id: string; message: string }> = [];
  readonly failSends: VkError[] = [];
  private server = createServer((req, res) => void this.handle(req, res));
  url = '';

  async start(): Promise<this> {
    this.url = await listen(this.server);
    return this;
  }

  get apiRoot(): string {
    return `${this.url}/method`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = /^\/method\/([\w.]+)$/.exec(req.url ?? '')?.[1] ?? '';
    const params = Object.fromEntries(new URLSearchParams(await bodyOf(req)));
    this.requests.push({ method, params });
    const answer = (payload: unknown): void => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    };
    const error = (e: VkError): void => answer({ error: { ...e, request_params: [{ key: 'method', value: method }] } });
    if (params.access_token !== this.token) return error({ error_code: 5, error_msg: 'User authorization failed: invalid access_token (4).' });
    if (method === 'users.get') {
      const ids = (params.user_ids ?? '').split(',').filter(Boolean);
      return answer({ response: ids.map((id) => ({ id: Number(id), first_name: 'Ирина', last_name: `Волкова-${id}`, can_access_closed: true, is_closed: false })) });
    }
    if (method !== 'messages.send') return error({ error_code: 3, error_msg: 'Unknown method passed' });
    const failure = this.failSends.shift();
    if (failure) return error(failure);
    if (!params.random_id) return error({ error_code: 100, error_msg: 'One of the parameters specified was missing or invalid: random_id is a required parameter' });
    const earlier = this.delivered.findIndex((d) => d.peer_id === params.peer_id && d.random_id === params.random_id);
    if (earlier >= 0) return answer({ response: 7_000 + earlier });
    this.delivered.push({ peer_id: params.peer_id!, random_id: params.random_id, message: params.message ?? '' });
    return answer({ response: 7_000 + this.delivered.length - 1 });
  }
}
