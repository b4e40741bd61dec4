// The desktop's settings (locale, default country), kept in meta: they belong to this desktop, not to
// an account, so they do not sync.
import { Settings } from '../../../src-shared/index.js';
import { MetaKey, readMeta, writeMeta } from '../db/meta.js';
import type { DbHandle } from '../db/db-handle.js';

export const DEFAULT_SETTINGS: Settings = { locale: 'ru', defaultCountry: 'RU' };

// Built once: constructing a zod schema per call cost more than the whole caller-card lookup.
const PartialSettings = Settings.partial();
let cached: { raw: string; settings: Settings } | null = null;

export function getSettings(db: DbHandle): Settings {
  const raw = readMeta(db.sqlite, MetaKey.settings);
  if (!raw) return { ...DEFAULT_SETTINGS };
  // Read on every lookup (the default country): parse only when the stored text changed.
  if (cached?.raw === raw) return { ...cached.settings };
  const settings = parseSettings(raw);
  cached = { raw, settings };
  return { ...settings };
}

function parseSettings(raw: string): Settings {
  // A hand-edited or older value must not stop the app: fall back field by field.
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
  const result = PartialSettings.safeParse(parsed);
  return result.success ? { ...DEFAULT_SETTINGS, ...result.data } : { ...DEFAULT_SETTINGS };
}

export function updateSettings(db: DbHandle, patch: Partial<Settings>): Settings {
  const next: Settings = { ...getSettings(db) };
  if (patch.locale !== undefined) next.locale = patch.locale;
  if (patch.defaultCountry !== undefined) next.defaultCountry = patch.defaultCountry;
  writeMeta(db.sqlite, MetaKey.settings, JSON.stringify(next));
  return next;
}
