// What every PBX adapter is: a verifier and translator of one provider's webhook requests into
// PbxEvents. It sees the request as received (path below the source, headers, raw body) and the
// source's secrets; it never touches the database. A refusal is typed, so the route answers it
// with the right status and the log says why.
import { z } from 'zod';
import type { PbxEvent } from '../call-state.js';

/** Providers send a field that does not apply as empty (or null) rather than leave it out. */
export const absentIfEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === null || v === '' ? undefined : v), schema.optional());

export interface PbxSourceConfig {
  id: string;
  apiKey: string | null;
  secret: string | null;
}

export interface WebhookRequest {
  /** The path below /pbx/<source>/ ("events/call" for Mango). */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received (signatures are computed over it). */
  body: string;
  contentType: string;
  now: number;
}

export type AdapterResult =
  | { ok: true; events: PbxEvent[] }
  /** forged: the signature or key is wrong (401); stale: outside the replay window (401); invalid: malformed (400). */
  | { ok: false; reason: 'forged' | 'stale' | 'invalid'; message: string };

export type PbxAdapter = (source: PbxSourceConfig, request: WebhookRequest) => AdapterResult;

export const refuse = (reason: 'forged' | 'stale' | 'invalid', message: string): AdapterResult => ({ ok: false, reason, message });

/** One header's value (a repeated header is refused as ambiguous: undefined). */
export function header(request: WebhookRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

/** Form fields of an application/x-www-form-urlencoded body; a repeated field is ambiguous and refused. */
export function formFields(body: string): Map<string, string> | null {
  const fields = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(body)) {
    if (fields.has(key)) return null;
    fields.set(key, value);
  }
  return fields;
}
