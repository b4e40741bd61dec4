// The central server's PBXes: the admin's sources and lines (who has which extension on which PBX),
// the generic signed JSON event a PBX may post, and the call event the server routes to desktops
// over the sync socket. Cloud PBXes' own formats (Mango Office, Novofon/Zadarma) are parsed by their
// adapters on the server (src-server/pbx/), never by desktops.
import { z } from 'zod';
import { CallerNumber, CallEvent, CallEventKind, EventTime } from '../api/cti.js';
import { Direction, Id } from '../domain.js';
import { cleanString } from '../text.js';
import { serverAddressProblem } from '../sync/server-address.js';

export const PBX_KINDS = ['asterisk', 'mango', 'zadarma', 'generic'] as const;
export const PbxKind = z.enum(PBX_KINDS);
export type PbxKind = z.infer<typeof PbxKind>;

/** An admin's name for a PBX, and part of its webhook address (/pbx/<id>/…). */
export const PbxSourceId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, at most 40');

/** An extension as people dial it, or an endpoint name: no spaces, no control characters. */
export const PbxExtension = z.string().trim().min(1).max(64).regex(/^[\w.+\-*#@]+$/, 'letters, digits and . + - * # @ only');

export const PBX_LOCALES = ['ru', 'en'] as const;

export const CreatePbxSourceRequest = z.strictObject({
  id: PbxSourceId,
  kind: PbxKind,
  name: cleanString(120).min(1),
  /** Mango Office: the vpbx_api_key. Zadarma/Novofon: the API key (needed only to fetch recordings). */
  apiKey: z.string().trim().min(1).max(200).optional(),
  /** Mango: the salt (vpbx_api_salt); Zadarma/Novofon: the API secret; generic: the HMAC key (at least 16 characters). */
  secret: z.string().min(1).max(200).optional(),
  /**
   * Cloud PBXes: where the provider's API answers, for its recordings; default its public address
   * (provider-recordings.ts; Novofon's accounts: https://api.novofon.com). Asterisk: where its
   * recording folder (…/monitor/) is served to the server, for the files desktops name (local:<path>).
   */
  apiUrl: z.string().max(300).refine((u) => serverAddressProblem(u) === null, 'an https:// address (http:// only to this machine)').optional(),
  /** Calls that no mapped extension rang (a queue, an IVR, an unmapped extension) ring this team. */
  teamId: Id.nullable().optional(),
  /** The language of what the server writes about this PBX's calls (a missed call's notes). */
  locale: z.enum(PBX_LOCALES).optional(),
  /** The country whose conventions the PBX's numbers follow (ISO 3166 alpha-2; default RU). */
  country: z.string().regex(/^[A-Z]{2}$/, 'a two-letter country code such as RU').optional(),
}).superRefine((s, ctx) => {
  if (s.kind === 'asterisk') return;
  if (!s.secret) ctx.addIssue({ code: 'custom', path: ['secret'], message: `a ${s.kind} source needs its secret to verify events` });
  if (s.kind === 'mango' && !s.apiKey) ctx.addIssue({ code: 'custom', path: ['apiKey'], message: 'Mango Office sends its vpbx_api_key with every event' });
  if (s.kind === 'generic' && s.secret !== undefined && s.secret.length < 16) ctx.addIssue({ code: 'custom', path: ['secret'], message: 'an HMAC key of at least 16 characters' });
});
export type CreatePbxSourceRequest = z.infer<typeof CreatePbxSourceRequest>;

export const PbxSourceView = z.object({
  id: PbxSourceId,
  kind: PbxKind,
  name: z.string(),
  apiKeySet: z.boolean(),
  secretSet: z.boolean(),
  teamId: Id.nullable(),
  locale: z.enum(PBX_LOCALES),
  country: z.string(),
  /** Where the PBX sends its events, relative to the server's address (null: a desktop's Asterisk). */
  webhookPath: z.string().nullable(),
  /** The provider's API address its recordings are fetched from (null: the provider's default, or none). */
  apiUrl: z.string().nullable(),
});
export type PbxSourceView = z.infer<typeof PbxSourceView>;

export const SetPbxLineRequest = z.strictObject({
  userId: Id,
  extension: PbxExtension,
  /** The endpoint name the phone registers with (Asterisk), when it differs from the extension. */
  endpoint: PbxExtension.nullable().optional(),
});
export type SetPbxLineRequest = z.infer<typeof SetPbxLineRequest>;

export const PbxLine = z.object({ sourceId: PbxSourceId, extension: z.string(), userId: Id, userName: z.string(), endpoint: z.string().nullable() });
export type PbxLine = z.infer<typeof PbxLine>;

export const PbxSourceDetail = PbxSourceView.extend({ lines: z.array(PbxLine) });
export type PbxSourceDetail = z.infer<typeof PbxSourceDetail>;

/**
 * The generic PBX's event (POST /pbx/<id>/events), signed with HMAC-SHA256 over
 * `<X-Kartoteka-Timestamp>.<raw body>` in X-Kartoteka-Signature ("sha256=<hex>").
 * `id` names the event itself: a second event with the same id is a replay and changes nothing.
 * A hang-up without an extension ends the whole call; with one, only that phone's leg.
 */
export const GenericPbxEvent = z.strictObject({
  id: z.string().trim().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces'),
  event: CallEventKind,
  callId: z.string().trim().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII, no spaces'),
  number: CallerNumber,
  direction: Direction.default('in'),
  extension: PbxExtension.optional(),
  /** On a hang-up of the whole call: whether anyone answered it (else: whether an answer was reported). */
  answered: z.boolean().optional(),
  at: EventTime.optional(),
  /** Where the call's recording can be fetched (http or https), when the PBX has it. */
  recordingUrl: z.string().max(2_000).regex(/^https?:\/\/[\x21-\x7e]+$/, 'an http(s) address').optional(),
});
export type GenericPbxEvent = z.infer<typeof GenericPbxEvent>;

/**
 * A call event of a server-followed PBX, sent on the sync socket to the desktops of the users it
 * concerns. The server records a missed call itself (once), so desktops never log these as missed.
 */
export const ServerCallMessage = z.object({ type: z.literal('call'), sourceId: PbxSourceId, event: CallEvent });
export type ServerCallMessage = z.infer<typeof ServerCallMessage>;
