// A bulk import of customers (issue 26, docs/api.md): a CSV file (a header row naming the columns)
// or a JSON array, at most 10,000 lines. Each line is upserted alone, by its external id: a bad line is
// refused with its number, field and reason and writes nothing, and the others land. The same file
// run twice gives the same customers (the second run reports them unchanged).
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { IMPORT_MAX_LINES, ImportLine, type ImportReport } from '../../src-shared/integration/protocol.js';
import type { ServerDb } from '../db/schema.js';
import { DomainError } from '../domain-error.js';
import type { ApiCaller } from './tokens.js';
import { upsertCustomer } from './upserts.js';

/** CSV columns: the fields' names; phones and emails may hold several, split by commas or semicolons. */
const LIST_COLUMNS = new Set(['phones', 'emails']);

const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface ImportInput {
  /** The lines, each with its number as the sender counts it. */
  lines: { line: number; value: unknown }[];
}

export function linesOfCsv(text: string): ImportInput {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: (header: string[]) => header.map((h) => h.trim()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: false, max_record_size: 64 * 1024 });
  } catch (error) {
    throw new DomainError('validation', `the CSV cannot be read: ${(error as Error).message}`);
  }
  if (records.length > IMPORT_MAX_LINES) throw new DomainError('too_large', `at most ${IMPORT_MAX_LINES} lines`);
  return {
    lines: records.map((r, i) => ({
      line: i + 2,
      value: Object.fromEntries(Object.entries(r).filter(([, v]) => v !== '').map(([k, v]) => [k, LIST_COLUMNS.has(k) ? v.split(/[,;\n]+/).map((x) => x.trim()).filter(Boolean) : v])),
    })),
  };
}

export function linesOfJson(body: unknown): ImportInput {
  if (!Array.isArray(body)) throw new DomainError('validation', 'a JSON array of customers');
  if (body.length > IMPORT_MAX_LINES) throw new DomainError('too_large', `at most ${IMPORT_MAX_LINES} lines`);
  return { lines: body.map((value, i) => ({ line: i + 1, value })) };
}

export async function importCustomers(db: Kysely<ServerDb>, caller: ApiCaller, input: ImportInput, now: () => number): Promise<ImportReport> {
  const report: ImportReport = { total: input.lines.length, created: 0, updated: 0, unchanged: 0, errors: [] };
  const seen = new Map<string, number>();
  for (const { line, value } of input.lines) {
    // A turn for everyone else between lines: on the embedded database every query's work runs on
    // this thread and resolves at once, so without this a 10,000-line file held the server for its
    // whole length (9 s for 1,000 lines, measured by npm run bench:api-import).
    await yieldToIo();
    const parsed = ImportLine.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      report.errors.push({ line, field: issue.path.join('.') || null, message: issue.message });
      continue;
    }
    const { externalId, ...fields } = parsed.data;
    const earlier = seen.get(externalId);
    if (earlier !== undefined) {
      report.errors.push({ line, field: 'externalId', message: `the same externalId as line ${earlier}` });
      continue;
    }
    seen.set(externalId, line);
    try {
      const result = await upsertCustomer(db, caller, externalId, fields, now());
      report[result.outcome]++;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const field = error.details && typeof error.details === 'object' ? Object.keys(error.details)[0] ?? null : null;
      report.errors.push({ line, field, message: error.message });
    }
  }
  return report;
}
