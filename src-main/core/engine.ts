// The desktop's engine: opens and migrates the local store, makes sure there is an operator
// identity, optionally seeds demo data, and exposes the operator API as one handler table that both
// transports (Electron IPC and the browser host) serve.
import { SupervisorPoke, type CallState, type EngineEvent } from '../../src-shared/index.js';
import { migrate } from './db/migrate.js';
import { openSqlite, wrapKysely } from './db/open.js';
import { DbHandle } from './db/db-handle.js';
import { generateDemo } from './demo/generate.js';
import type { Engine, EngineOptions, EventListener } from './engine-types.js';
import { createHandlers } from './handlers.js';
import { Store } from './store/write-path.js';
import { countCustomers } from './store/customers.js';
import { ensureCurrentUser } from './store/users.js';
import { HlcClock } from './sync/clock.js';
import { memorySecretStore } from './sync/secret-store.js';
import { createSyncHandlers } from './sync/sync-handlers.js';
import { createSupervisorHandlers } from './supervisor/supervisor-handlers.js';
import { SyncClient } from './sync/client/sync-client.js';
import { appliedVersion } from './db/migrate.js';
import { adoptServerUser, currentUserIdOf } from './store/users.js';
import { getSettings } from './store/settings.js';
import { createCti } from './cti/index.js';

/** The newest HLC stamp on any synced row or outbox entry (a full scan: only when a clock is rebased). */
function newestSyncedStamp(db: DbHandle): string | null {
  const tables = ['customer', 'contact_point', '"case"', 'interaction', 'attachment', 'task', 'outbox'];
  const row = db.sqlite.prepare(`SELECT max(m) AS m FROM (${tables.map((t) => `SELECT max(hlc) AS m FROM ${t}`).join(' UNION ALL ')})`).get() as { m: string | null };
  return row.m;
}

export function createEngine(options: EngineOptions): Engine {
  const now = options.now ?? Date.now;
  const sqlite = openSqlite(options.dbPath);
  try {
    migrate(sqlite, options.migrationsDir);
    const db = new DbHandle(sqlite, wrapKysely(sqlite));
    // Stamps follow the server's time once a handshake has measured this desktop's clock offset.
    let clockOffset = 0;
    const clock = new HlcClock(sqlite, () => now() + clockOffset);
    const store = new Store(db, clock, now);

    if (options.seedDemo && countCustomers(db) === 0) {
      const seed = typeof options.seedDemo === 'object' ? options.seedDemo : { customers: 2_000 };
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
    const sync = new SyncClient({
      db,
      secrets: options.secrets ?? memorySecretStore(),
      schemaVersion: appliedVersion(sqlite),
      now,
      onApplied: (customerIds) => emit({ type: 'data-changed', customerIds }),
      onStatus: (status) => emit({ type: 'sync-status', status }),
      onSignedIn: (user) => adoptServerUser(db, user, now()),
      setClockOffset: (offset) => {
        clockOffset = offset;
        clock.rebase(() => newestSyncedStamp(db));
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
      },
      ...options.sync,
    });
    store.onCommit((customerIds) => {
      emit({ type: 'data-changed', customerIds });
      sync.nudge();
    });

    // After a sign-in the signed-in account is the current user; it is read on every call.
    const currentUserId = (): string => currentUserIdOf(db) ?? ensureCurrentUser(db, clock, now());
    const cti = createCti({
      store,
      currentUserId,
      defaultCountry: () => getSettings(db).defaultCountry,
      locale: () => getSettings(db).locale,
      emit,
      now,
      ...(options.cti ? { options: options.cti } : {}),
    });
    const base = createHandlers({ store, currentUserId });
    const handlers = {
      ...base,
      ...createSyncHandlers(sync),
      ...cti.handlers,
      ...createSupervisorHandlers({
        db,
        sync,
        currentUserId,
        locale: () => getSettings(db).locale,
        serverNow: () => now() + clockOffset,
      }),
      // Saving the logging form of a CTI call ends that call's wrap-up.
      'interactions.logCall': (input: Parameters<typeof base['interactions.logCall']>[0]) => {
        const result = base['interactions.logCall'](input);
        if (input.callId !== undefined) cti.control.finishCall(input.callId);
        return result;
      },
    };
    // Supervisors see each operator's state live: every change of it is reported to the server.
    let reportedState: string | null = null;
    const reportState = (state: CallState): void => {
      const caller = state.active?.customers[0]?.name ?? null;
      const key = `${state.operatorState}|${caller ?? ''}`;
      if (key === reportedState) return;
      reportedState = key;
      sync.reportPresence({ state: state.operatorState, since: state.changedAt, callerName: caller });
    };
    listeners.add((event) => {
      if (event.type === 'call-state') reportState(event.state);
    });
    // The state at start too (sent after the first successful sync): an operator who signs in and
    // takes no call yet is 'available' on the board, not 'offline'.
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
