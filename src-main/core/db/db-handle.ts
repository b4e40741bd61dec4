// The handle every store module reads and writes through: the better-sqlite3 connection, Kysely over
// it, and its prepared statements cached by SQL text. Hot paths (the caller card) keep raw SQL
// constants; other reads are typed Kysely queries compiled once per call and executed synchronously
// here, so that they can run inside a better-sqlite3 write transaction.
import type BetterSqlite3 from 'better-sqlite3';
import type { Compilable, Kysely } from 'kysely';
import type { SqliteDb } from './open.js';
import type { Database } from './schema.js';

export type SqlParam = string | number | bigint | Buffer | null;

export class DbHandle {
  private readonly cache = new Map<string, BetterSqlite3.Statement>();

  constructor(
    readonly sqlite: SqliteDb,
    readonly kysely: Kysely<Database>,
  ) {}

  prepare(sql: string): BetterSqlite3.Statement {
    let stmt = this.cache.get(sql);
    if (!stmt) {
      stmt = this.sqlite.prepare(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }

  all<O>(query: Compilable<O>): O[] {
    const c = query.compile();
    return this.prepare(c.sql).all(...(c.parameters as SqlParam[])) as O[];
  }

  first<O>(query: Compilable<O>): O | undefined {
    const c = query.compile();
    return this.prepare(c.sql).get(...(c.parameters as SqlParam[])) as O | undefined;
  }

  run(query: Compilable<unknown>): BetterSqlite3.RunResult {
    const c = query.compile();
    return this.prepare(c.sql).run(...(c.parameters as SqlParam[]));
  }
}
