// CTI (computer–telephony integration) vocabulary: the call events every source produces, the PBX
// webhook's body, the call state the renderer shows, and the CTI settings. Kept apart from methods.ts
// so that the call lifecycle, the adapters and the API share one definition of each shape.
import { z } from 'zod';
import { Direction, EpochMs, Id, IvrDigits, IvrPath } from '../domain.js';

/**
 * 'connected': the party on the other end changed during the call (a transfer completed: the card
 * switches from the colleague who transferred to the customer now connected).
 */
export const CALL_EVENT_KINDS = ['ringing', 'answered', 'hungup', 'connected'] as const;
export const CallEventKind = z.enum(CALL_EVENT_KINDS);
export type CallEventKind = z.infer<typeof CallEventKind>;

/** Caller-ID values PBXs and softphones send for a withheld number; they all mean "no number". */
const WITHHELD = new Set(['', 'anonymous', 'unknown', '<unknown>', 'private', 'restricted', 'unavailable', 'withheld']);
/** What a caller number may contain: digits and the punctuation people and PBXs put around them. */
const NUMBER_CHARS = /^[+\d\s().\-#*/]+$/;

export const CALLER_NUMBER_MAX = 64;

/**
 * A caller number as a source sends it: digits with punctuation, an internal extension ("101"), or a
 * withheld marker (→ ''). A sip:/tel: prefix and a SIP host are dropped. Letters are refused: a
 * letter means a wrong field was mapped, and it must not reach the card as if it were a number.
 */
export const CallerNumber = z
  .string()
  .max(200)
  .transform((raw, ctx) => {
    let value = raw.trim().replace(/^(tel|callto|sip|sips):(\/\/)?/i, '');
    value = value.replace(/[@;].*$/, '').trim();
    if (WITHHELD.has(value.toLowerCase())) return '';
    if (value.length > CALLER_NUMBER_MAX || !NUMBER_CHARS.test(value) || !/\d/.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'not a phone number: use digits, +, spaces, ( ) - . # *', params: { code: 'invalid_phone' } });
      return z.NEVER;
    }
    return value;
  });

/**
 * A recording on the desktop's own PBX (Asterisk's MixMonitor, or a local webhook's recordingFile):
 * local:<path under the PBX's recording folder>, each segment starting with a letter or digit (no
 * "..", no absolute path). The central server fetches it from the address the administrator gave that
 * PBX for its recordings, never from one a desktop names (src-server/http/recording-routes.ts).
 */
export const LOCAL_RECORDING = /^local:[A-Za-z0-9][A-Za-z0-9._-]{0,199}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,199}){0,7}$/;
const LOCAL_RECORDING_MAX = 600;

/**
 * The local: reference of a recording file as the PBX names it. Asterisk's MIXMONITOR_FILENAME is an
 * absolute path in its monitor folder (/var/spool/asterisk/monitor/, FreePBX's …/monitor/2026/12/06/):
 * what follows "/monitor/" is kept, else the file's name. Null for anything that is not a plain path.
 */
export function localRecordingRef(path: string): string | null {
  const trimmed = path.trim();
  // A plain path only: no scheme, host, escape or space anywhere, and no segment that climbs.
  if (!/^[A-Za-z0-9._/-]+$/.test(trimmed) || trimmed.split('/').some((s) => s === '..' || s === '.')) return null;
  const at = trimmed.lastIndexOf('/monitor/');
  const relative = at >= 0 ? trimmed.slice(at + '/monitor/'.length) : trimmed.slice(trimmed.lastIndexOf('/') + 1);
  const ref = `local:${relative}`;
  return ref.length <= LOCAL_RECORDING_MAX && LOCAL_RECORDING.test(ref) ? ref : null;
}

/** The one event shape every adapter (softphone launch, webhook, AMI) hands to the call lifecycle. */
/** A PBX's id, as an administrator names it in every desktop's settings (or the webhook sends it). */
export const PbxId = z.string().trim().max(100).regex(/^[\w.:@-]*$/);

export const CallEvent = z.object({
  kind: CallEventKind,
  /** The source's id of the call (AMI Linkedid, the PBX's call id); made up when a source has none. */
  callId: z.string().min(1).max(200),
  /** '' when the number is withheld. */
  number: z.string().max(CALLER_NUMBER_MAX),
  direction: Direction,
  /** The operator's extension the call reached, when the source knows it. */
  extension: z.string().max(64).optional(),
  /** A hang-up of a call that another agent answered (ring groups, queues): not a missed call. */
  answeredElsewhere: z.boolean().optional(),
  at: EpochMs,
  /** Which adapter produced it: 'launch' | 'webhook' | 'ami' (diagnostics only). */
  source: z.string().max(20).optional(),
  /** The call's recording on the desktop's own PBX, as a local:<file> reference (localRecordingRef). */
  recording: z.string().max(LOCAL_RECORDING_MAX).regex(LOCAL_RECORDING).optional(),
  /** The PBX's own id: with callId, the call's identity across desktops (src-shared/call-ids.ts). */
  pbx: PbxId.optional(),
  /** The queue or number (DID) the call came in on, as the PBX names it. */
  line: z.string().trim().min(1).max(100).optional(),
  /** Seconds the caller waited before the answer (a queue's hold time). */
  waitS: z.number().int().min(0).max(86_400).optional(),
  /** The caller's path through the IVR, and the digits they keyed in (a contract number). */
  ivrPath: IvrPath.optional(),
  ivrDigits: IvrDigits.optional(),
});
export type CallEvent = z.infer<typeof CallEvent>;

/**
 * Time as PBXs send it: epoch milliseconds, epoch seconds (Asterisk's ${EPOCH}; any number below
 * 10^11 is read as seconds, i.e. before 1973 in ms), or an ISO-8601 string.
 */
export const EventTime = z.union([
  z.number().nonnegative().max(8_640_000_000_000).transform((n) => Math.round(n < 1e11 ? n * 1000 : n)),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
  z.string().regex(/^\d{1,13}$/).transform((s) => {
    const n = Number(s);
    return n < 1e11 ? n * 1000 : n;
  }),
]);

/** The PBX webhook's JSON body (POST /call-event). */
export const WebhookBody = z.strictObject({
  event: CallEventKind,
  callId: z.string().trim().min(1).max(200),
  number: CallerNumber,
  direction: Direction.default('in'),
  extension: z.string().trim().max(64).regex(/^[\w.+\-*#]*$/).optional(),
  answeredElsewhere: z.boolean().optional(),
  at: EventTime.optional(),
  /** The call's recording file on this PBX (a path in its recording folder; localRecordingRef). */
  recordingFile: z.string().max(1_000).transform((path, ctx) => {
    const ref = localRecordingRef(path);
    if (ref === null) {
      ctx.addIssue({ code: 'custom', message: 'a file path of letters, digits, . _ - and /' });
      return z.NEVER;
    }
    return ref;
  }).optional(),
  /** The PBX's id, when one desktop's webhook serves more than one PBX (else the settings' pbxId). */
  pbx: PbxId.optional(),
  /** The queue or the number (DID) the call came in on. */
  line: z.string().trim().min(1).max(100).optional(),
  /** Seconds the caller waited before the answer. */
  waitS: z.number().int().min(0).max(86_400).optional(),
  /** The caller's path through the IVR ("1>3"), and the digits they keyed in (a contract number). */
  ivrPath: IvrPath.optional(),
  ivrDigits: IvrDigits.optional(),
});
export type WebhookBody = z.infer<typeof WebhookBody>;


export const OPERATOR_STATES = ['available', 'ringing', 'on_call', 'wrap_up', 'away'] as const;
export const OperatorState = z.enum(OPERATOR_STATES);
export type OperatorState = z.infer<typeof OperatorState>;

/** ringing → answered → ended (wrap-up until the logging form is saved). Missed calls leave the list. */
export const CALL_STATES = ['ringing', 'answered', 'ended'] as const;
export const CallStateName = z.enum(CALL_STATES);
export type CallStateName = z.infer<typeof CallStateName>;

/** Who the caller is, as far as the local store knows, and where their calls should go. */
export const CallCustomer = z.object({
  customerId: Id,
  name: z.string(),
  /** The responsible manager (customer.owner). */
  owner: z.object({ id: Id, name: z.string(), extension: z.string().nullable() }).nullable(),
});
export type CallCustomer = z.infer<typeof CallCustomer>;

/** Set when the caller belongs to another manager: a customer's calls go to their manager. */
export const TransferHint = z.object({
  toUserId: Id,
  toName: z.string(),
  /** null when the manager has no extension on record: the operator must look it up. */
  extension: z.string().nullable(),
  /** The manager is away today (issue 19): until when, and whether the hint names their stand-in instead. */
  away: z.object({ ownerName: z.string(), kind: z.enum(['trip', 'leave', 'sick']), until: z.string(), backOn: z.string() }).optional(),
  standIn: z.boolean().optional(),
});
export type TransferHint = z.infer<typeof TransferHint>;

export const CallInfo = z.object({
  callId: z.string(),
  number: z.string(),
  direction: Direction,
  state: CallStateName,
  extension: z.string().nullable(),
  ringingAt: EpochMs,
  answeredAt: EpochMs.nullable(),
  hungUpAt: EpochMs.nullable(),
  /** Seconds from answer to hang-up (or to now while talking); null before answer. */
  durationS: z.number().int().nonnegative().nullable(),
  /** Matches for the number; several when a number is shared (the first is the one shown). */
  customers: z.array(CallCustomer),
  transfer: TransferHint.nullable(),
  /** The queue or number (DID) it came in on, and the caller's wait before the answer (s). */
  line: z.string().nullable().optional(),
  waitS: z.number().int().nullable().optional(),
  /** What the caller chose in the IVR and the digits they keyed in. */
  ivrPath: z.string().nullable().optional(),
  ivrDigits: z.string().nullable().optional(),
});
export type CallInfo = z.infer<typeof CallInfo>;

export const MissedCall = z.object({
  callId: z.string(),
  number: z.string(),
  ringingAt: EpochMs,
  hungUpAt: EpochMs,
  customerId: Id.nullable(),
  /** The logged interaction and the team's callback task; null for a withheld number or a failed write. */
  interactionId: Id.nullable(),
  taskId: Id.nullable(),
  /** Why nothing was logged, when nothing was. */
  error: z.string().nullable(),
  /** A cloud PBX's call: the central server logs it and its callback task (once, for every desktop). */
  byServer: z.boolean().optional(),
});
export type MissedCall = z.infer<typeof MissedCall>;

export const CallState = z.object({
  operatorState: OperatorState,
  /** The operator set "away"; operatorState still shows ringing/on_call while a call is live. */
  away: z.boolean(),
  /** The call whose card is shown; null when none. */
  active: CallInfo.nullable(),
  /** Other live or wrap-up calls, oldest first: they do not replace the card. */
  queue: z.array(CallInfo),
  /** Missed calls not yet dismissed, newest first (the missed-call badge). */
  missed: z.array(MissedCall),
  /** Events refused because too many calls were live at once (a misbehaving source). */
  dropped: z.number().int().nonnegative(),
  changedAt: EpochMs,
});
export type CallState = z.infer<typeof CallState>;

export const DIAL_VIA = ['off', 'ami', 'url', 'command'] as const;
export const TRANSFER_MODES = ['hint', 'blind', 'attended'] as const;
export const DialSettings = z.object({
  /** AMI Originate (the PBX rings the operator's phone, then the number), a softphone link, or a command. */
  via: z.enum(DIAL_VIA),
  /** For url and command: the link or command line with {number} in it (tel:{number}, microsip.exe {number}). */
  template: z.string().trim().max(500),
  /** For ami: the operator's phone as the PBX dials it ({extension}: the extension). */
  amiChannel: z.string().trim().max(100).regex(/^[\w/{}.@-]*$/),
  /** For ami: the dialplan context where the number is dialled (and transfers go). */
  amiContext: z.string().trim().max(80).regex(/^[\w.-]*$/),
  /** Alt+R: show the manager's extension, or transfer through AMI: Redirect (blind) or Atxfer (attended). */
  transfer: z.enum(TRANSFER_MODES),
});
export type DialSettings = z.infer<typeof DialSettings>;
export const DEFAULT_DIAL: DialSettings = { via: 'ami', template: '', amiChannel: 'PJSIP/{extension}', amiContext: 'from-internal', transfer: 'hint' };

/** `calls.dial`: a number to call from the card, through the configured way (settings.dial). */
export const DialInput = z.object({ number: z.string().trim().min(1).max(CALLER_NUMBER_MAX) });
export const DialResult = z.object({ via: z.enum(DIAL_VIA), number: z.string() });
export type DialResult = z.infer<typeof DialResult>;
/** `calls.transfer`: the call on screen to the customer's manager, through AMI. */
export const TransferInput = z.object({ callId: z.string().min(1).max(200), mode: z.enum(['blind', 'attended']).optional() });
export const TransferResult = z.object({ mode: z.enum(['blind', 'attended']), extension: z.string(), toName: z.string() });
export type TransferResult = z.infer<typeof TransferResult>;

export const CtiSettings = z.object({
  webhook: z.object({
    enabled: z.boolean(),
    port: z.number().int().min(1024).max(65535),
    /** Shared secret, sent as "Authorization: Bearer …" or "X-Kartoteka-Secret: …". */
    secret: z.string().min(16).max(200).nullable(),
    /** Listen on every interface instead of 127.0.0.1, for desk phones' Action URLs. Off by default. */
    listenOnLan: z.boolean(),
    /** The id of the PBX that posts here, the same on every desktop of the centre ('' = the one PBX). */
    pbxId: PbxId.default(''),
  }),
  softphone: z.object({
    /** Treat tel: and callto: URLs handed to the app as incoming calls (opt-in: they usually mean "dial"). */
    handleTel: z.boolean(),
    handleCallto: z.boolean(),
  }),
  ami: z.object({
    enabled: z.boolean(),
    host: z.string().trim().max(255),
    port: z.number().int().min(1).max(65535),
    username: z.string().max(100),
    secret: z.string().max(200),
    /** The operator's extension on the PBX (e.g. "101"); defaults to the user's extension. */
    extension: z.string().trim().max(64).regex(/^[\w.+\-*#]*$/),
    /**
     * The phone's endpoint (peer) name in channel names ("PJSIP/<endpoint>-…"), when the PBX names
     * endpoints by account rather than by the extension people dial. Empty: the extension, or what
     * the phone's own calls show (a channel dialling out with the extension as its caller ID).
     */
    endpoint: z.string().trim().max(64).regex(/^[\w.+\-@]*$/).default(''),
    /** The PBX's id, the same on every desktop of the centre ('' = the one PBX): see webhook.pbxId. */
    pbxId: PbxId.default(''),
  }),
  /** Calls placed from the card (F4) and the transfer to the customer's manager (issue 18). */
  dial: DialSettings.default(DEFAULT_DIAL),
});
export type CtiSettings = z.infer<typeof CtiSettings>;

/**
 * Settings as the renderer sees them. The webhook secret is shown (the admin copies it into the PBX
 * dialplan; it may have been generated); the AMI secret, a PBX credential typed in, is never sent back.
 */
export const CtiSettingsView = z.object({
  webhook: CtiSettings.shape.webhook,
  softphone: CtiSettings.shape.softphone,
  dial: DialSettings,
  ami: CtiSettings.shape.ami.omit({ secret: true }).extend({ secretSet: z.boolean() }),
});
export type CtiSettingsView = z.infer<typeof CtiSettingsView>;

export const CtiSettingsPatch = z.object({
  webhook: CtiSettings.shape.webhook.partial().optional(),
  softphone: CtiSettings.shape.softphone.partial().optional(),
  ami: CtiSettings.shape.ami.partial().optional(),
  dial: DialSettings.partial().optional(),
});
export type CtiSettingsPatch = z.infer<typeof CtiSettingsPatch>;

export const SOURCE_STATES = ['off', 'starting', 'listening', 'connecting', 'connected', 'auth_failed', 'backoff', 'error'] as const;
export const SourceState = z.enum(SOURCE_STATES);
export type SourceState = z.infer<typeof SourceState>;

export const SourceStatus = z.object({
  state: SourceState,
  /** A clear message for the settings screen (a port in use, "Authentication failed"). */
  error: z.string().nullable(),
  /** Webhook: the bound port. */
  port: z.number().int().nullable(),
  /** AMI in back-off: when the next attempt is made. */
  nextAttemptAt: EpochMs.nullable(),
});
export type SourceStatus = z.infer<typeof SourceStatus>;

export const CtiStatus = z.object({ webhook: SourceStatus, ami: SourceStatus });
export type CtiStatus = z.infer<typeof CtiStatus>;
