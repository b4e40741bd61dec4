// Engines on real SQLite files (WAL) in a temporary folder, driven through dispatch() so that every
// call is validated by the src-shared schemas exactly as the transports do it.
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiError, type ApiInput, type ApiOutput, type MethodName } from '../../../src-shared/index.js';
import { dispatch } from '../../../src-main/core/dispatch.js';
import { createEngine } from '../../../src-main/core/engine.js';
import type { Engine, EngineOptions } from '../../../src-main/core/engine-types.js';

export const MIGRATIONS_DIR = resolve(import.meta.dirname, '../../../migrations/local');

export function tempDir(prefix = 'kartoteka-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface TestEngine {
  engine: Engine;
  dbPath: string;
  call<M extends MethodName>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  /** The typed error a call fails with; fails the test if the call succeeds. */
  fail<M extends MethodName>(method: M, input: unknown): Promise<ApiError>;
}

export function openEngine(dbPath: string, options: Partial<EngineOptions> = {}): TestEngine {
  const engine = createEngine({ dbPath, migrationsDir: MIGRATIONS_DIR, ...options });
  return {
    engine,
    dbPath,
    async call(method, input) {
      const r = await dispatch(engine.handlers, method, input, (_m, e) => {
        throw e;
      });
      if (!r.ok) throw ApiError.fromBody(r.error);
      return r.result as never;
    },
    async fail(method, input) {
      const r = await dispatch(engine.handlers, method, input);
      if (r.ok) throw new Error(`${method} succeeded but was expected to fail`);
      return ApiError.fromBody(r.error);
    },
  };
}

export const TABLES = ['app_user', 'customer', 'contact_point', 'case', 'interaction', 'attachment', 'task', 'outbox', 'meta', 'customer_fts', 'interaction_fts'] as const;

/** Row counts of every table, read through a second connection (what is committed, nothing else). */
export function rowCounts(dbPath: string): Record<string, number> {
  const db = new BetterSqlite3(dbPath, { readonly: true });
  try {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = (db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n;
    return out;
  } finally {
    db.close();
  }
}

export function readonlyDb(dbPath: string): BetterSqlite3.Database {
  return new BetterSqlite3(dbPath, { readonly: true });
}

/** A minimal valid PDF with `pages` pages (each a page object in the page tree). */
export function makePdf(pages: number): Buffer {
  const objects: string[] = [];
  const kids = Array.from({ length: pages }, (_, i) => `${3 + i} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  for (let i = 0; i < pages; i++) objects.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>');
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
