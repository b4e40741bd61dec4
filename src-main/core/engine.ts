// The desktop's engine: opens and migrates the local store, makes sure there is an operator
// identity, optionally seeds demo data, and joins the domains' handlers into the one table that both
// transports (Electron IPC and the browser host) serve. Wiring only: each concern lives in its domain.
import { ConversationPoke, ReviewCommentPoke, SupervisorPoke, type EngineEvent, type HandlerTable } from '../../src-shared/index.js';
import { DbHandle } from './db/db-handle.js';
import { appliedVersion, migrate } from './db/migrate.js';
import { openSqlite, wrapKysely } from './db/open.js';
import { generateDemo } from './demo/sqlite-writer.js';
import { createCti, SERVER_SOURCE, type CtiControl } from './domains/cti/index.js';
import { ServerCallMessage } from '../../src-shared/pbx/protocol.js';
import { presenceReporter } from './domains/cti/presence-report.js';
import type { HandlerContext } from './domains/handler-context.js';
import { createMergeHandlers } from './domains/customers/merge-handlers.js';
import { createRecordingHandlers } from './domains/interactions/recording-handlers.js';
import { createAdminHandlers } from './domains/supervisor/admin-handlers.js';
import { createHomeHandlers } from './domains/home/home-handlers.js';
import { createCampaignHandlers } from './domains/campaigns/campaign-handlers.js';
import { createLoyaltyHandlers } from './domains/loyalty/loyalty-handlers.js';
import { createTeamCallHandlers } from './domains/team-calls/team-call-handlers.js';
import { createInboxHandlers } from './domains/inbox/inbox-handlers.js';
import { setEmlWorkerPath } from './domains/interactions/eml-worker.js';
import { createConversationHandlers } from './domains/conversations/conversation-handlers.js';
import { createSupervisorHandlers } from './domains/supervisor/supervisor-handlers.js';
import { storeHandlers } from './domains/store-handlers.js';
import type { Engine, EngineOptions, EventListener } from './engine-types.js';
import { countCustomers } from './store/customers.js';
import { getSettings } from './store/settings.js';
import { newestLocalStamp } from './store/synced-stamps.js';
import { adoptServerUser, currentUserIdOf, ensureCurrentUser } from './store/users.js';
import { takeDoneNotices } from './store/tasks.js';
import { takeAnswerNotices } from './store/appointments.js';
import { Store } from './store/write-path.js';
import { SyncClient } from './sync/client/sync-client.js';
import { HlcClock } from './store/clock.js';
import { markClockUnverified, restampUnverified } from './store/restamp.js';
import { memorySecretStore } from './sync/secret-store.js';
import { createSyncHandlers } from './sync/sync-handlers.js';
import { dropOrphanParts } from './store/attachment-parts.js';

const DEMO_CUSTOMERS = 2_000;

export function createEngine(options: EngineOptions): Engine {
  const now = options.now ?? Date.now;
  if (options.emlWorkerPath) setEmlWorkerPath(options.emlWorkerPath);
  const sqlite = openSqlite(options.dbPath);
  try {
    migrate(sqlite, options.migrationsDir);
    const db = new DbHandle(sqlite, wrapKysely(sqlite));
    // Stamps follow the server's time once a handshake has measured this desktop's clock offset.
    let clockOffset = 0;
    const correctedNow = (): number => now() + clockOffset;
    const clock = new HlcClock(sqlite, correctedNow);
    // Business times (created, closed, done) come from the corrected clock too, as the stamps do.
    const store = new Store(db, clock, correctedNow);
    markClockUnverified(db, now());
    // An import that stopped between writing a large file's parts and its entry (a crash) left them.
    dropOrphanParts(db);

    if (options.seedDemo && countCustomers(db) === 0) {
      const seed = typeof options.seedDemo === 'object' ? options.seedDemo : { customers: DEMO_CUSTOMERS };
      generateDemo(sqlite, { customers: seed.customers, seed: seed.seed ?? 1, now: now() });
    }
    ensureCurrentUser(db, clock, now());

    const listeners = new Set<EventListener>();
    const emit = (event: EngineEvent): void => {
      for (const listener of listeners) {
        // One broken subscriber (a closed window) must not stop the others from hearing the event.
        try {
          listener(event);
        } catch {
          /* ignored */
        }
      }
    };
    // Set once the CTI exists (after the sync client, whose callbacks use it).
    const late: { cti?: CtiControl } = {};
    // Promises this user made that a colleague kept arrive with a pull: told once each.
    const tellDoneTasks = (): void => {
      const userId = currentUserIdOf(db);
      const done = userId ? takeDoneNotices(db, userId, now()) : [];
      if (done.length > 0) emit({ type: 'tasks-done', tasks: done });
      // Colleagues' answers to this user's bookings (issue 19), told the same way.
      const answers = userId ? takeAnswerNotices(db, userId, now()) : [];
      if (answers.length > 0) emit({ type: 'appointments-answered', answers });
    };
    const sync = new SyncClient({
      db,
      secrets: options.secrets ?? memorySecretStore(),
      schemaVersion: appliedVersion(sqlite),
      now,
      onApplied: (customerIds) => {
        emit({ type: 'data-changed', customerIds });
        tellDoneTasks();
        // A pulled page may carry the user's own record (a new extension set by an admin).
        late.cti?.userChanged();
      },
      onStatus: (status) => emit({ type: 'sync-status', status }),
      onSignedIn: (user) => {
        adoptServerUser(db, user, now());
        late.cti?.userChanged();
        tellDoneTasks();
      },
      setClockOffset: (offset, measured) => {
        // The first measured offset after a start tells how wrong the stored one was: unsent writes
        // made with it are moved by the error before anything is pushed (store/restamp.ts).
        const moved = measured ? restampUnverified(db, offset, now()).entries : 0;
        clockOffset = offset;
        clock.rebase(() => newestLocalStamp(db), moved > 0);
        clock.persist();
      },
      observeStamp: (stamp) => {
        clock.observePulled(stamp);
        clock.persist();
      },
      // Supervisors' desktops are told when the board, queues, figures or review changed: refetch.
      onServerMessage: (message) => {
        const poke = SupervisorPoke.safeParse(message);
        if (poke.success) emit({ type: 'supervisor-changed', topics: poke.data.topics });
        if (ReviewCommentPoke.safeParse(message).success) emit({ type: 'review-comments' });
        const conversations = ConversationPoke.safeParse(message);
        if (conversations.success) emit({ type: 'conversations-changed', ids: conversations.data.ids });
        // A cloud PBX's call, routed by the server to this user's desktops (src-server/pbx/).
        const call = ServerCallMessage.safeParse(message);
        if (call.success) late.cti?.ingest({ ...call.data.event, source: SERVER_SOURCE });
      },
      ...options.sync,
    });
    store.onCommit((customerIds) => {
      emit({ type: 'data-changed', customerIds });
      sync.nudge();
    });

    // After a sign-in the signed-in account is the current user; it is read on every call.
    const currentUserId = (): string => currentUserIdOf(db) ?? ensureCurrentUser(db, clock, now());
    const ctx: HandlerContext = { store, currentUserId, defaultCountry: () => getSettings(db).defaultCountry };
    const locale = () => getSettings(db).locale;
    const cti = createCti({ ...ctx, locale, emit, now, ...(options.cti || options.openExternal ? { options: { ...options.cti, ...(options.openExternal ? { openExternal: options.openExternal } : {}) } } : {}), ...(options.ctiSecrets ? { amiSecrets: options.ctiSecrets } : {}) });
    late.cti = cti.control;
    const supervisorCtx = { db, sync, currentUserId, locale, serverNow: () => now() + clockOffset, localQueues: (withinS: number) => cti.control.amiQueues(withinS) };
    const handlers: HandlerTable = {
      // Saving the logging form of a CTI call ends that call's wrap-up.
      ...storeHandlers(ctx, { callLogged: (callId) => cti.control.finishCall(callId), factsOf: (callId) => cti.control.factsOf(callId) }),
      ...createSyncHandlers(sync, store),
      ...cti.handlers,
      ...createSupervisorHandlers(supervisorCtx),
      ...createAdminHandlers(supervisorCtx),
      ...createHomeHandlers(supervisorCtx),
      ...createCampaignHandlers({ ...supervisorCtx, store }),
      ...createLoyaltyHandlers({ ...supervisorCtx, store }),
      ...createTeamCallHandlers({ db, store, sync, currentUserId, now }),
      ...createInboxHandlers({ sync }),
      ...createConversationHandlers({ sync }),
      ...createMergeHandlers({ db, sync }),
      ...createRecordingHandlers({ db, sync }),
    };

    // Supervisors see each operator's state live: every change of it is reported to the server,
    // from the start too (sent after the first successful sync): an operator who signs in and takes
    // no call yet is 'available' on the board, not 'offline'.
    const reportState = presenceReporter((presence) => sync.reportPresence(presence));
    listeners.add((event) => {
      if (event.type === 'call-state') reportState(event.state);
    });
    void Promise.resolve(cti.handlers['calls.state']({})).then(reportState, () => undefined);
    sync.start();
    let closed = false;
    return {
      handlers,
      onEvent(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      emit,
      syncNow: () => sync.syncNow(),
      cti: cti.control,
      close() {
        if (closed) return;
        closed = true;
        // Sockets close in the background; the lifecycle stops at once, before SQLite closes.
        void cti.control.stop();
        sync.stop();
        listeners.clear();
        store.close();
        sqlite.close();
      },
    };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
