// Key/value settings of this replica (node id, clock, settings, current user).
import { Settings } from '../../../src-shared/index.js';
import type { Statements } from '../db/statements.js';

export const META_SETTINGS = 'settings';
export const DEFAULT_SETTINGS: Settings = { locale: 'ru', defaultCountry: 'RU' };

export function getMeta(st: Statements, key: string): string | undefined {
  return (st.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

export function setMeta(st: Statements, key: string, value: string): void {
  st.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

// Built once: constructing a zod schema per call cost more than the whole caller-card lookup.
const PartialSettings = Settings.partial();
let cached: { raw: string; settings: Settings } | null = null;

export function getSettings(st: Statements): Settings {
  const raw = getMeta(st, META_SETTINGS);
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

export function updateSettings(st: Statements, patch: Partial<Settings>): Settings {
  const next: Settings = { ...getSettings(st) };
  if (patch.locale !== undefined) next.locale = patch.locale;
  if (patch.defaultCountry !== undefined) next.defaultCountry = patch.defaultCountry;
  setMeta(st, META_SETTINGS, JSON.stringify(next));
  return next;
}
