// CTI intake: the call lifecycle, the adapters that feed it, and the API methods over them. The engine
// creates one per store; socket adapters (webhook, AMI) start only when the settings enable them and
// stop with the engine. Softphone launches (URLs, command lines) arrive through CtiControl.launch.
import type {
  CallEvent, CallState, CtiHandlers, CtiSettings, CtiSettingsPatch, CtiStatus, EngineEvent, Locale, QueueNumbers, SourceStatus,
} from '../../../../src-shared/index.js';
import { ApiError } from '../../../../src-shared/index.js';
import type { Store } from '../../store/write-path.js';
import { getUser, userEndpoint } from '../../store/users.js';
import { AmiSource, type AmiOptions } from './ami-source.js';
import { CallLifecycle } from './call-lifecycle.js';

export { SERVER_SOURCE } from './call-lifecycle.js';
import type { CallFacts } from './call-lifecycle.js';
import { lookupCaller } from './caller-lookup.js';
import { recordMissedCall } from './missed-call.js';
import { dial, transfer, type DialerDeps } from './dialer.js';
import type { SecretStore } from '../../sync/secret-store.js';
import { getCtiSettings, toView, updateCtiSettings } from './settings.js';
import { launchCarriesSecret, parseLaunchArgs, TRUSTED_LAUNCH } from './softphone-launch.js';
import { SOURCE_OFF } from './source.js';
import { WebhookSource, type WebhookOptions } from './webhook.js';

export interface CtiOptions {
  /** Applied over the stored settings and not saved (host CLI environment, tests). */
  overrides?: CtiSettingsPatch;
  /** Tuning for tests. */
  ami?: Pick<AmiOptions, 'backoff' | 'pingMs' | 'connectTimeoutMs'>;
  webhook?: Pick<WebhookOptions, 'maxQueue' | 'sliceSize' | 'maxBodyBytes'>;
  /** More live calls than this at once is a misbehaving source. */
  maxLiveCalls?: number;
  /** The operating system's handler of a link (Electron: shell.openExternal): softphone links (tel:, sip:). */
  openExternal?: (url: string) => Promise<void>;
  /** Starts a softphone's command line (default: spawn, detached, no shell); tests watch it. */
  run?: (file: string, args: string[]) => Promise<void>;
  log?: (message: string, error?: unknown) => void;
}

/** What the transports (Electron main, host CLI) and tests use besides the API. */
export interface CtiControl {
  /** Feed one event (any source). */
  ingest(event: CallEvent): void;
  /** A second launch's argv or an open-url: parses every call form in it; returns how many were found. */
  launch(argv: readonly string[]): number;
  state(): CallState;
  status(): CtiStatus;
  /** The webhook's bound port while it listens (port 0 in the settings override picks a free one). */
  webhookPort(): number | null;
  /** Resolves when the sources enabled at the last (re)start have started or failed. */
  ready(): Promise<void>;
  /** The logging form for this call was saved: its wrap-up ends. */
  finishCall(callId: string): void;
  /** What a source said of this listed call: its recording (local:<file>), line and the caller's wait. */
  factsOf(callId: string): CallFacts;
  /**
   * The signed-in user's record may have changed (a sign-in, a pull): an AMI link that follows the
   * user's extension from the server restarts on the new one, with no restart of the app.
   */
  userChanged(): void;
  /** Today's queue numbers from the AMI link's queue events, per queue; [] without a link. */
  amiQueues(answerWithinS: number): Array<{ queue: string; numbers: QueueNumbers }>;
  stop(): Promise<void>;
}

export interface CtiContext {
  store: Store;
  currentUserId: () => string;
  defaultCountry: () => string;
  locale: () => Locale;
  emit: (event: EngineEvent) => void;
  now: () => number;
  options?: CtiOptions;
  /** Where the AMI secret is kept (the OS keychain in Electron); without one, in the store's meta. */
  amiSecrets?: SecretStore;
}

let launchSeq = 0;

export function createCti(ctx: CtiContext): { control: CtiControl; handlers: CtiHandlers } {
  const db = ctx.store.db;
  const options = ctx.options ?? {};
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`[cti] ${message}`, error ?? ''));

  const lifecycle = new CallLifecycle({
    now: ctx.now,
    lookup: (number, ivrDigits) => ctx.store.read(() => lookupCaller(db, number, ctx.defaultCountry(), ctx.currentUserId(), ivrDigits, ctx.store.now())),
    recordMissed: (call) => recordMissedCall({ db, store: ctx.store, currentUserId: ctx.currentUserId, defaultCountry: ctx.defaultCountry, locale: ctx.locale }, call),
    onChange: (state) => ctx.emit({ type: 'call-state', state }),
    onPop: (call) => ctx.emit({ type: 'incoming-call', number: call.number, startedAt: call.ringingAt, callId: call.callId, ...(call.ivrDigits ? { ivrDigits: call.ivrDigits } : {}) }),
    ...(options.maxLiveCalls !== undefined ? { maxLiveCalls: options.maxLiveCalls } : {}),
  });

  let webhook: WebhookSource | null = null;
  let ami: AmiSource | null = null;
  /** The extension and endpoint the running AMI link follows ('' when none runs). */
  let runningLine = '';
  let starting: Promise<void> = Promise.resolve();
  let stopped = false;
  let webhookStatus: SourceStatus = SOURCE_OFF;

  const sink = (event: CallEvent): void => lifecycle.handle(event);
  const dialer: DialerDeps = {
    dial: () => effective().dial,
    ami: () => ami,
    extension: () => amiLine().extension,
    openExternal: options.openExternal,
    ...(options.run ? { run: options.run } : {}),
  };
  /** A source's events, named by its PBX's id unless the event names its own. */
  const fromPbx = (pbx: string) => (event: CallEvent): void => sink(event.pbx || pbx === '' ? event : { ...event, pbx });
  const status = (): CtiStatus => ({ webhook: webhook ? webhook.status() : webhookStatus, ami: ami ? ami.status() : SOURCE_OFF });
  const emitStatus = (): void => ctx.emit({ type: 'cti-status', status: status() });

  function effective(): CtiSettings {
    const s = getCtiSettings(db, ctx.amiSecrets);
    const o = options.overrides ?? {};
    return {
      webhook: { ...s.webhook, ...defined(o.webhook) },
      softphone: { ...s.softphone, ...defined(o.softphone) },
      ami: { ...s.ami, ...defined(o.ami) },
      dial: { ...s.dial, ...defined(o.dial) },
    };
  }

  async function stopSources(): Promise<void> {
    const w = webhook;
    const a = ami;
    webhook = null;
    ami = null;
    await Promise.all([w?.stop(), a?.stop()]);
  }

  async function startSources(): Promise<void> {
    await stopSources();
    if (stopped) return;
    const s = effective();
    webhookStatus = SOURCE_OFF;
    if (s.webhook.enabled && s.webhook.secret) {
      const source = new WebhookSource({ port: s.webhook.port, secret: s.webhook.secret, host: s.webhook.listenOnLan ? '0.0.0.0' : '127.0.0.1', now: ctx.now, log, ...options.webhook });
      try {
        await source.start(fromPbx(s.webhook.pbxId));
        webhook = source;
      } catch (error) {
        // A port in use must not stop the engine: the settings screen shows why the webhook is off.
        webhookStatus = source.status();
        log('webhook did not start', error);
      }
    }
    const { extension, endpoint } = amiLine();
    runningLine = `${extension}\n${endpoint}`;
    if (s.ami.enabled && s.ami.host && s.ami.username && extension) {
      ami = new AmiSource({ host: s.ami.host, port: s.ami.port, username: s.ami.username, secret: s.ami.secret, extension, endpoint, now: ctx.now, log, onStatus: () => emitStatus(), ...options.ami });
      await ami.start(fromPbx(s.ami.pbxId));
    }
    if (!stopped) emitStatus();
  }

  /**
   * The extension the AMI link follows, and its phone's endpoint name: the settings, else the signed-in
   * user's line as an admin mapped it on the server (synced with the user's record).
   */
  function amiLine(): { extension: string; endpoint: string } {
    const s = effective().ami;
    const userId = ctx.currentUserId();
    return { extension: s.extension || (getUser(db, userId)?.extension ?? ''), endpoint: s.endpoint || (userEndpoint(db, userId) ?? '') };
  }

  function restart(): Promise<void> {
    // Serialised, so two quick settings saves never leave two webhooks bound; never rejects.
    starting = starting.then(startSources).catch((error: unknown) => log('CTI sources failed to start', error));
    return starting;
  }
  void restart();

  const control: CtiControl = {
    ingest: sink,
    launch(argv) {
      const s = effective().softphone;
      const events = parseLaunchArgs(['', ...argv], { handleTel: s.handleTel, handleCallto: s.handleCallto, now: ctx.now(), makeId: () => `launch-${ctx.now()}-${++launchSeq}` });
      // Only a launch that carries this install's secret (the webhook's) may do more than pop a card.
      const trusted = launchCarriesSecret(argv, effective().webhook.secret);
      for (const e of events) lifecycle.handle(trusted ? { ...e, source: TRUSTED_LAUNCH } : e);
      return events.length;
    },
    state: () => lifecycle.state(),
    status,
    webhookPort: () => webhook?.port ?? null,
    ready: () => starting,
    finishCall: (callId) => lifecycle.finishIfPresent(callId),
    factsOf: (callId) => lifecycle.factsOf(callId),
    amiQueues: (answerWithinS) => ami?.queues.snapshot(answerWithinS) ?? [],
    userChanged() {
      if (stopped || !effective().ami.enabled) return;
      const { extension, endpoint } = amiLine();
      if (`${extension}\n${endpoint}` === runningLine) return;
      void restart();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      lifecycle.close();
      await starting.catch(() => {});
      await stopSources();
    },
  };

  const handlers: CtiHandlers = {
    'calls.state': () => lifecycle.state(),
    'calls.setAway': (input) => {
      lifecycle.setAway(input.away);
      return lifecycle.state();
    },
    'calls.wrapUpDone': (input) => {
      lifecycle.wrapUpDone(input.callId);
      return lifecycle.state();
    },
    'calls.dismissMissed': (input) => {
      lifecycle.dismissMissed(input.callId);
      return lifecycle.state();
    },
    'calls.dial': ({ number }) => dial(dialer, number),
    'calls.transfer': async ({ callId, mode }) => {
      const call = lifecycle.state();
      const info = [call.active, ...call.queue].find((c) => c?.callId === callId);
      if (!info) throw new ApiError('not_found', 'no such call');
      const to = info.transfer;
      if (!to || !to.extension) throw new ApiError('not_found', 'the customer has no other manager with an extension to transfer to');
      const chosen = mode ?? effective().dial.transfer;
      if (chosen === 'hint') throw new ApiError('not_configured', 'transfers through the PBX are off in the telephony settings');
      return transfer(dialer, callId, { extension: to.extension, name: to.toName }, chosen);
    },
    'cti.settings': () => toView(getCtiSettings(db, ctx.amiSecrets)),
    'cti.updateSettings': async (input) => {
      const next = updateCtiSettings(db, input, ctx.amiSecrets);
      await restart();
      return toView(next);
    },
    'cti.status': () => status(),
  };
  return { control, handlers };
}

function defined<T extends object>(patch: T | undefined): Partial<T> {
  if (!patch) return {};
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
