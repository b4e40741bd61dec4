// Softphone launch: the operating system or a softphone starts Kartoteka (or hands the running
// instance a second launch's arguments) with the caller's number in a URL or on the command line.
// The forms seen in the field:
//   kartoteka://call?number=%2B79161234567&direction=in&id=abc   (our own scheme; also kartoteka://call/<n>)
//   tel:+79161234567, callto:+79161234567, callto://+7916…       (only when the user turns them on:
//                                                                 normally they mean "dial", not "ringing")
//   kartoteka --incoming <n> [--call-id <id>]                      (also --answered / --hungup <n>)
//   kartoteka 79161234567                                          (MicroSIP cmdIncomingCall: the caller
//                                                                 ID is appended as the last argument)
//   kartoteka /N:S /C:79161234567                                  (3CX legacy client, Windows switches)
// and, over HTTP (served by webhook.ts), a desk phone's or Zoiper's Action URL:
//   GET /action?event=ringing&number=$remote&id=$call_id&secret=…
import { timingSafeEqual } from 'node:crypto';
import {
  CallerNumber, CallEventKind, Direction, type CallEvent,
} from '../../../../src-shared/index.js';

/** The source of launch events that carried the per-install secret: they may log a missed call. */
export const TRUSTED_LAUNCH = 'launch-secret';

function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether a launch carries `secret` (--secret=S or --secret S on a command line, secret=S in a
 * kartoteka:// link). Any program or web page can send a launch link; without the secret it may only
 * pop a card, never write a missed call, a customer or a task.
 */
export function launchCarriesSecret(argv: readonly string[], secret: string | null): boolean {
  if (!secret) return false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--secret=') && sameSecret(arg.slice('--secret='.length), secret)) return true;
    if (arg === '--secret' && sameSecret(argv[i + 1] ?? '', secret)) return true;
    if (/^kartoteka:/i.test(arg)) {
      try {
        const given = new URL(arg).searchParams.get('secret');
        if (given !== null && sameSecret(given, secret)) return true;
      } catch {
        /* not a URL: no secret in it */
      }
    }
  }
  return false;
}

export interface LaunchOptions {
  handleTel: boolean;
  handleCallto: boolean;
  now: number;
  /** Makes a call id for sources that have none (a command line); answered/hungup then match by number. */
  makeId: () => string;
}

export type LaunchError = { code: 'invalid_phone' | 'validation'; message: string };

/** A launch link or a desk phone's Action URL knows a call's three moments, not transfers. */
const LaunchKind = CallEventKind.extract(['ringing', 'answered', 'hungup']);

const KIND_FLAGS: Record<string, CallEvent['kind']> = { '--incoming': 'ringing', '--answered': 'answered', '--hungup': 'hungup' };

/** Caller number or null: letters, empty or overlong input never becomes a call. */
function callerNumber(raw: string): string | null {
  const r = CallerNumber.safeParse(raw);
  return r.success ? r.data : null;
}

function event(kind: CallEvent['kind'], number: string, opts: LaunchOptions, callId?: string | null, direction: CallEvent['direction'] = 'in'): CallEvent {
  return { kind, callId: callId && callId.length <= 200 ? callId : opts.makeId(), number, direction, at: opts.now, source: 'launch' };
}

/** One URL handed to the app (argv of a second instance, macOS open-url). null when it is not a call. */
export function parseLaunchUrl(raw: string, opts: LaunchOptions): CallEvent | null {
  const trimmed = raw.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'tel' || scheme === 'callto') {
    if ((scheme === 'tel' && !opts.handleTel) || (scheme === 'callto' && !opts.handleCallto)) return null;
    // tel:+7-916-123-45-67;phone-context=… and callto://+7916… : the number is what follows the scheme.
    let rest = trimmed.slice(scheme.length + 1).replace(/^\/\//, '');
    try {
      rest = decodeURIComponent(rest);
    } catch {
      return null;
    }
    const number = callerNumber(rest.replace(/[?;].*$/, ''));
    return number === null || number === '' ? null : event('ringing', number, opts);
  }
  if (scheme !== 'kartoteka') return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  // kartoteka://call?… has host "call"; kartoteka:call?… has it as the path.
  const target = url.hostname || url.pathname.replace(/^\/+/, '').split('/')[0];
  if (target !== 'call') return null;
  let fromPath: string;
  try {
    fromPath = url.hostname ? decodeURIComponent(url.pathname.replace(/^\/+/, '')) : '';
  } catch {
    return null;
  }
  const q = url.searchParams;
  const number = callerNumber(q.get('number') ?? fromPath);
  if (number === null) return null;
  const kind = LaunchKind.safeParse(q.get('event') ?? 'ringing');
  const direction = Direction.safeParse(q.get('direction') ?? 'in');
  if (!kind.success || !direction.success) return null;
  if (number === '' && kind.data === 'ringing' && !q.get('id')) return null;
  return event(kind.data, number, opts, q.get('id'), direction.data);
}

/**
 * Every call event in a command line (argv[0], the executable, is skipped). Unknown switches — the
 * ones Chromium adds to a second instance's argv, a dev run's app path — are ignored.
 */
export function parseLaunchArgs(argv: readonly string[], opts: LaunchOptions): CallEvent[] {
  const out: CallEvent[] = [];
  let callId: string | null = null;
  let direction: CallEvent['direction'] = 'in';
  // --call-id and --direction apply to every event on the line; read them first.
  for (let i = 1; i < argv.length; i++) {
    const [flag, inline] = splitFlag(argv[i] ?? '');
    if (flag === '--call-id') callId = inline ?? argv[i + 1] ?? null;
    if (flag === '--direction') {
      const d = Direction.safeParse(inline ?? argv[i + 1]);
      if (d.success) direction = d.data;
    }
  }
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = splitFlag(arg);
    const kind = KIND_FLAGS[flag];
    if (kind !== undefined) {
      const value = inline ?? argv[i + 1];
      if (inline === undefined) i++;
      const number = value === undefined ? null : callerNumber(value);
      if (number !== null) out.push(event(kind, number, opts, callId, direction));
      continue;
    }
    if (flag === '--call-id' || flag === '--direction' || flag === '--secret') {
      if (inline === undefined) i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    // 3CX legacy: /C:<caller id>; other /X: switches (/N:S, /D:…) carry no number.
    const switchMatch = /^\/([A-Za-z]):(.*)$/.exec(arg);
    if (switchMatch) {
      if (switchMatch[1]?.toUpperCase() === 'C') {
        const number = callerNumber(switchMatch[2] ?? '');
        if (number !== null && number !== '') out.push(event('ringing', number, opts, callId, direction));
      }
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(arg) && !/^[a-z]:[\\/]/i.test(arg)) {
      const e = parseLaunchUrl(arg, opts);
      if (e) out.push(e);
      continue;
    }
    // MicroSIP appends the bare caller ID. A bare argument counts only if it is nothing but a number
    // with at least three digits, so an app path ("."), a file or a stray word never rings.
    if (/^[+\d\s().\-#*]+$/.test(arg) && (arg.match(/\d/g)?.length ?? 0) >= 3) {
      const number = callerNumber(arg);
      if (number) out.push(event('ringing', number, opts, callId, direction));
    }
  }
  return out;
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

/**
 * A desk phone's or softphone's Action URL query (Yealink: $remote / $call_id; Snom: $remote /
 * $call-id). Field names are tolerant because each vendor names them differently; an unexpanded
 * placeholder ("$remote") contains letters and is refused like any other bad number.
 */
export function parseActionQuery(q: URLSearchParams, opts: LaunchOptions): { ok: true; event: CallEvent } | { ok: false; error: LaunchError } {
  const kindRaw = q.get('event') ?? q.get('state') ?? 'ringing';
  const kindAlias: Record<string, string> = { incoming: 'ringing', ring: 'ringing', connected: 'answered', answer: 'answered', established: 'answered', terminated: 'hungup', hangup: 'hungup', ended: 'hungup', missed: 'hungup' };
  const kind = LaunchKind.safeParse(kindAlias[kindRaw.toLowerCase()] ?? kindRaw.toLowerCase());
  if (!kind.success) return { ok: false, error: { code: 'validation', message: `event must be ringing, answered or hungup, got ${kindRaw.slice(0, 40)}` } };
  const numberRaw = q.get('number') ?? q.get('remote') ?? q.get('caller') ?? q.get('callerid');
  if (numberRaw === null) return { ok: false, error: { code: 'validation', message: 'number is required' } };
  const number = CallerNumber.safeParse(numberRaw);
  if (!number.success) return { ok: false, error: { code: 'invalid_phone', message: `not a phone number: ${numberRaw.slice(0, 64)}` } };
  const direction = Direction.safeParse(q.get('direction') ?? 'in');
  if (!direction.success) return { ok: false, error: { code: 'validation', message: 'direction must be in or out' } };
  const id = q.get('id') ?? q.get('callId') ?? q.get('call_id') ?? q.get('call-id');
  return { ok: true, event: { ...event(kind.data, number.data, opts, id, direction.data), source: 'webhook' } };
}
