// Writes the demo generator's batches (src-main/core/demo/generate.ts) into a migrated server
// database with COPY: one transaction per batch, one COPY per table, plus the change log
// (row_version), every row stamped like a pushed one (hlc, field_hlc in its compact form).
// Users get a username (demo-<extension or n>) and one shared password, so a desktop can sign in.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DEMO_COLUMNS, DEMO_TABLES, type DemoBatch, type DemoTable, type DemoValue } from '../../src-main/core/index.js';
import { BASE_STAMP } from '../../src-shared/sync/field-stamps.js';

export const DEMO_PASSWORD = 'password-123';

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** One value in COPY's text format. */
export function copyText(v: DemoValue | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') return String(v);
  if (!NEEDS_ESCAPE.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

const HLC_SLOT = '@hlc@';

/**
 * field_hlc for a row whose every synced field was written at one stamp: the compact form
 * (src-shared/sync/field-stamps.ts), a template cut at the stamp.
 */
function fieldHlcTemplate(): string[] {
  return JSON.stringify({ [BASE_STAMP]: HLC_SLOT }).split(HLC_SLOT).map((part) => copyText(part));
}

export interface PgDemoWriterOptions {
  /** A password hash (src-server/auth/passwords.ts) given to every generated user. */
  passwordHash: string;
}

export class PgDemoWriter {
  readonly seconds: Record<DemoTable | 'row_version', number> = { app_user: 0, customer: 0, contact_point: 0, case: 0, interaction: 0, task: 0, row_version: 0 };
  readonly rows: Record<DemoTable | 'row_version', number> = { app_user: 0, customer: 0, contact_point: 0, case: 0, interaction: 0, task: 0, row_version: 0 };
  /** Time spent turning rows into COPY text (in this process, not the database's). */
  encodeSeconds = 0;
  private seq = 0;
  private userNo = 0;
  private readonly templates = Object.fromEntries(DEMO_TABLES.map((t) => [t, fieldHlcTemplate()])) as Record<DemoTable, string[]>;
  private readonly hlcIndex = Object.fromEntries(DEMO_TABLES.map((t) => [t, DEMO_COLUMNS[t].indexOf('hlc' as never)])) as Record<DemoTable, number>;

  constructor(private readonly client: pg.Client, private readonly options: PgDemoWriterOptions) {}

  private encode(table: DemoTable, batch: DemoBatch, out: ChunkWriter, versions: ChunkWriter): void {
    const rows = batch.rows[table];
    const template = this.templates[table];
    const hlcAt = this.hlcIndex[table];
    const customerAt = table === 'customer' ? 0 : table === 'app_user' ? -1 : 1;
    for (const row of rows) {
      let extra = '';
      if (table === 'app_user') {
        const ext = row[2];
        extra = `\t${copyText(`demo-${typeof ext === 'string' ? ext : `u${++this.userNo}`}`)}\t${copyText(this.options.passwordHash)}`;
      }
      // One write per row: many small writes into the buffer cost more than building the line.
      out.write(`${row.map(copyText).join('\t')}${extra}\t0\t${template.join(row[hlcAt] as string)}\n`);
      versions.write(`${table}\t${row[0] as string}\t${++this.seq}\t${customerAt < 0 ? '\\N' : (row[customerAt] as string)}\n`);
    }
  }

  private async copy(table: DemoTable | 'row_version', columns: readonly string[], data: Buffer[], count: number): Promise<void> {
    if (count === 0) return;
    const t0 = performance.now();
    const stream = this.client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`));
    await pipeline(Readable.from(data), stream);
    this.seconds[table] += (performance.now() - t0) / 1000;
    this.rows[table] += count;
  }

  async write(batch: DemoBatch): Promise<void> {
    await this.client.query('BEGIN');
    try {
      const versions = new ChunkWriter();
      let versionCount = 0;
      for (const table of DEMO_TABLES) {
        const t0 = performance.now();
        const out = new ChunkWriter();
        this.encode(table, batch, out, versions);
        const data = out.finish();
        this.encodeSeconds += (performance.now() - t0) / 1000;
        versionCount += batch.rows[table].length;
        const extra = table === 'app_user' ? ['username', 'password_hash'] : [];
        await this.copy(table, [...DEMO_COLUMNS[table], ...extra, 'deleted', 'field_hlc'], data, batch.rows[table].length);
      }
      await this.copy('row_version', ['entity', 'row_id', 'seq', 'customer_id'], versions.finish(), versionCount);
      await this.client.query('COMMIT');
    } catch (e) {
      await this.client.query('ROLLBACK');
      throw e;
    }
  }

  /** Moves the change log's sequence past the seqs given here, so the server's next change follows them. */
  async finish(): Promise<void> {
    if (this.seq > 0) await this.client.query(`SELECT setval('change_seq', $1)`, [this.seq]);
  }
}

/** UTF-8 text written straight into fixed-size buffers: no giant strings, no per-row buffers. */
class ChunkWriter {
  private static readonly SIZE = 4 * 2 ** 20;
  private readonly chunks: Buffer[] = [];
  private buf = Buffer.allocUnsafe(ChunkWriter.SIZE);
  private at = 0;

  write(s: string): void {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit.
    if (this.at + s.length * 3 > this.buf.length) {
      this.flush();
      if (s.length * 3 > this.buf.length) this.buf = Buffer.allocUnsafe(s.length * 3);
    }
    this.at += this.buf.write(s, this.at);
  }

  private flush(): void {
    if (this.at > 0) this.chunks.push(this.buf.subarray(0, this.at));
    this.buf = Buffer.allocUnsafe(ChunkWriter.SIZE);
    this.at = 0;
  }

  finish(): Buffer[] {
    this.flush();
    return this.chunks;
  }
}
