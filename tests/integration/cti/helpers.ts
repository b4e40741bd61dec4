// Engines with the CTI intake switched on, a second operator to own customers, and event capture.
import BetterSqlite3 from 'better-sqlite3';
import type { CtiControl } from '../../../src-main/core/domains/cti/index.js';
import type { Engine } from '../../../src-main/core/engine-types.js';
import { newId, type CallState, type EngineEvent } from '../../../src-shared/index.js';

export const SECRET = 'test-secret-0123456789abcdef';

export function ctiOf(engine: Engine): CtiControl {
  if (!engine.cti) throw new Error('the engine has no CTI intake');
  return engine.cti;
}

/** A manager row as the server would sync it (users are server-owned; there is no API to make one). */
export function addManager(dbPath: string, name: string, extension: string | null): string {
  const db = new BetterSqlite3(dbPath);
  try {
    const id = newId();
    db.prepare(`INSERT INTO app_user (id, name, extension, role, team_id, created_at, updated_at, hlc, deleted) VALUES (?, ?, ?, 'operator', NULL, 1, 1, '', 0)`).run(id, name, extension);
    return id;
  } finally {
    db.close();
  }
}

export function capture(engine: Engine): { events: EngineEvent[]; states: () => CallState[]; waitFor: (pred: (s: CallState) => boolean) => Promise<CallState> } {
  const events: EngineEvent[] = [];
  const waiters: Array<{ pred: (s: CallState) => boolean; resolve: (s: CallState) => void }> = [];
  engine.onEvent((e) => {
    events.push(e);
    if (e.type !== 'call-state') return;
    for (const w of [...waiters]) {
      if (w.pred(e.state)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e.state);
      }
    }
  });
  return {
    events,
    states: () => events.flatMap((e) => (e.type === 'call-state' ? [e.state] : [])),
    // Resolves on the first pushed state that satisfies pred (or at once if the current one does).
    waitFor: (pred) => {
      const now = ctiOf(engine).state();
      if (pred(now)) return Promise.resolve(now);
      return new Promise((resolve) => waiters.push({ pred, resolve }));
    },
  };
}
