// Rows travel as JSON: binary columns as base64, everything else as stored. These helpers convert
// between the wire form and PostgreSQL's, by the entity's definition in src-shared.
import type { SyncEntityDef } from '../../src-shared/sync/entities.js';
import { ROW_META_COLUMNS } from '../../src-shared/sync/entities.js';

export function wireToDb(def: SyncEntityDef, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const col of def.binaryColumns ?? []) {
    const v = out[col];
    if (typeof v === 'string') out[col] = Buffer.from(v, 'base64');
  }
  // JSON columns (address lists) are text in both stores and arrays on the wire.
  for (const col of def.jsonColumns ?? []) {
    const v = out[col];
    if (v !== undefined && v !== null) out[col] = JSON.stringify(v);
  }
  return out;
}

export function dbToWire(def: SyncEntityDef, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const col of [...ROW_META_COLUMNS, ...def.columns]) {
    const v = row[col];
    out[col] = v instanceof Uint8Array ? Buffer.from(v).toString('base64') : (v ?? null);
  }
  for (const col of def.jsonColumns ?? []) {
    const v = out[col];
    if (typeof v === 'string') out[col] = JSON.parse(v) as unknown;
  }
  return out;
}

export function parseFieldHlc(value: unknown): Record<string, string> {
  if (typeof value === 'string') return JSON.parse(value) as Record<string, string>;
  return (value ?? {}) as Record<string, string>;
}
