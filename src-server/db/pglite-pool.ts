// Kysely's PostgresDialect talks to a pg-Pool-shaped object. PGlite is one in-process Postgres
// session, so this adapter hands out that single session to one borrower at a time: without the
// queue, two concurrent Kysely transactions would interleave their statements in one session.
import type { PGlite, Results } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

function lastResult<R>(results: Results<R>[]): Results<R> {
  return results[results.length - 1] ?? { rows: [], fields: [], affectedRows: 0 };
}

export function pglitePool(pg: PGlite): PostgresPool {
  let queue: Promise<void> = Promise.resolve();

  const client = {
    async query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
      // Like node-pg, run a parameterless text through the simple protocol, which allows several
      // statements (a migration file); parameters need the extended protocol, one statement.
      const result = parameters.length === 0 ? lastResult(await pg.exec(sql) as Results<R>[]) : await pg.query<R>(sql, [...parameters]);
      const command = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SELECT';
      return {
        command: command as PostgresQueryResult<R>['command'],
        rowCount: result.affectedRows ?? result.rows.length,
        rows: result.rows,
      };
    },
    release() {},
  };

  return {
    options: {},
    async connect(): Promise<PostgresPoolClient> {
      let release!: () => void;
      const turn = new Promise<void>((resolve) => (release = resolve));
      const previous = queue;
      queue = previous.then(() => turn);
      await previous;
      return { query: client.query, release: () => release() } as PostgresPoolClient;
    },
    async end() {
      await queue;
      await pg.close();
    },
  };
}
