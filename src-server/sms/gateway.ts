// The SMS gateway contract (issue 20): a text message to one number, through the HTTP gateway the
// central server is configured with. Each provider is a pair of pure functions: the request for a
// message, and what its answer means (sent; refused for good; or worth trying again). Providers:
// - 'generic': POST {url} JSON {id, to, text, from}, Authorization: Bearer {token}. 2xx is sent;
//   408, 429 and 5xx are tried again; any other 4xx is a refusal. A gateway of the centre's own, or
//   an adapter in front of any provider, speaks this.
// - 'smsru' (sms.ru, /sms/send with json=1): form api_id, to, msg, from; the message's own status
//   in the answer decides.
// - 'smsc' (smsc.ru, /sys/send.php with fmt=3): form login, psw, phones, mes, sender, id; an answer
//   with an error_code is refused, but for 9 (too many requests at once), which is tried again.
// The message's id is the delivery row's, so a provider that deduplicates by id (smsc) never sends a
// retried message twice.
import { z } from 'zod';

export const SMS_PROVIDERS = ['generic', 'smsru', 'smsc'] as const;
export type SmsProvider = (typeof SMS_PROVIDERS)[number];

export interface SmsConfig {
  provider: SmsProvider;
  url: string;
  /** The generic gateway's bearer token; sms.ru's api_id; smsc's password. */
  token: string;
  /** smsc's login. */
  login?: string | undefined;
  /** The sender name the provider registered for the centre, if any. */
  sender?: string | undefined;
}

export interface SmsMessage {
  id: string;
  /** E.164, with the plus. */
  to: string;
  text: string;
}

export interface SmsRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

export type SmsOutcome = { kind: 'sent'; providerId: string | null } | { kind: 'refused' | 'retry'; error: string };

const digits = (e164: string) => e164.replace(/\D/g, '');
const form = (fields: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

export function smsRequest(c: SmsConfig, m: SmsMessage): SmsRequest {
  switch (c.provider) {
    case 'generic':
      return {
        url: c.url, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
        body: JSON.stringify({ id: m.id, to: m.to, text: m.text, ...(c.sender ? { from: c.sender } : {}) }),
      };
    case 'smsru':
      return { url: c.url, method: 'POST', headers: FORM, body: form({ api_id: c.token, to: digits(m.to), msg: m.text, json: '1', from: c.sender }) };
    case 'smsc':
      return {
        url: c.url, method: 'POST', headers: FORM,
        body: form({ login: c.login, psw: c.token, phones: digits(m.to), mes: m.text, fmt: '3', charset: 'utf-8', sender: c.sender, id: m.id }),
      };
  }
}

const SmsRuAnswer = z.object({
  status: z.string(),
  status_text: z.string().optional(),
  sms: z.record(z.string(), z.object({ status: z.string(), sms_id: z.string().optional(), status_text: z.string().optional() })).optional(),
});
const SmscAnswer = z.union([z.object({ id: z.union([z.number(), z.string()]), cnt: z.number().optional() }), z.object({ error: z.string(), error_code: z.number() })]);

function parsed<T>(schema: z.ZodType<T>, body: string): T | null {
  try {
    const r = schema.safeParse(JSON.parse(body));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** What a provider's answer (HTTP status and body) means for the message. */
export function smsOutcome(c: SmsConfig, m: SmsMessage, status: number, body: string): SmsOutcome {
  const said = body.slice(0, 300);
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', error: `HTTP ${status}: ${said}` };
  if (status < 200 || status >= 300) return { kind: 'refused', error: `HTTP ${status}: ${said}` };
  switch (c.provider) {
    case 'generic': {
      const id = parsed(z.object({ id: z.string() }), body);
      return { kind: 'sent', providerId: id?.id ?? null };
    }
    case 'smsru': {
      const a = parsed(SmsRuAnswer, body);
      if (!a) return { kind: 'retry', error: `an answer sms.ru does not give: ${said}` };
      const own = a.sms?.[digits(m.to)];
      if (a.status === 'OK' && own?.status === 'OK') return { kind: 'sent', providerId: own.sms_id ?? null };
      return { kind: 'refused', error: own?.status_text ?? a.status_text ?? said };
    }
    case 'smsc': {
      const a = parsed(SmscAnswer, body);
      if (!a) return { kind: 'retry', error: `an answer smsc does not give: ${said}` };
      if ('error' in a) return { kind: a.error_code === 9 ? 'retry' : 'refused', error: `${a.error} (${a.error_code})` };
      return { kind: 'sent', providerId: String(a.id) };
    }
  }
}

/** Sends one message; a network failure is worth trying again. */
export async function sendSms(c: SmsConfig, m: SmsMessage, fetchImpl: typeof fetch = fetch): Promise<SmsOutcome> {
  const r = smsRequest(c, m);
  try {
    const res = await fetchImpl(r.url, { method: r.method, headers: r.headers, body: r.body, signal: AbortSignal.timeout(30_000) });
    return smsOutcome(c, m, res.status, await res.text());
  } catch (error) {
    return { kind: 'retry', error: error instanceof Error ? error.message : String(error) };
  }
}
