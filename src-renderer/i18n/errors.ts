// API failures become translated sentences; the engine's English message is kept only for logs.
import type { TFunction } from 'i18next';
import { ApiError } from '../../src-shared/api/errors.js';

export function errorMessage(error: unknown, t: TFunction): string {
  // The PBX's own words (Asterisk's message, in its language) follow ours.
  if (error instanceof ApiError && error.code === 'pbx_refused') {
    const said = (error.details as { pbxMessage?: unknown } | null | undefined)?.pbxMessage;
    return t('error.pbx_refused', { message: typeof said === 'string' ? said : error.message });
  }
  if (error instanceof ApiError) return t(`error.${error.code}`);
  return t('error.unexpected');
}

/**
 * Validation details arrive as "field path → message" (an object) or as zod-like issues (an array).
 * Both are flattened to dotted paths so forms can put each message next to its field.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.details == null) return {};
  const out: Record<string, string> = {};
  const details: unknown = error.details;
  if (Array.isArray(details)) {
    for (const issue of details) {
      if (issue && typeof issue === 'object' && 'path' in issue && 'message' in issue) {
        const path = (issue as { path: unknown }).path;
        const key = Array.isArray(path) ? path.join('.') : String(path);
        out[key] = String((issue as { message: unknown }).message);
      }
    }
  } else if (typeof details === 'object') {
    const record = details as Record<string, unknown>;
    const nested = record['fields'] ?? record['fieldErrors'];
    const source = nested && typeof nested === 'object' && !Array.isArray(nested) ? (nested as Record<string, unknown>) : record;
    for (const [key, value] of Object.entries(source)) {
      if (typeof value === 'string') out[key] = value;
      else if (Array.isArray(value) && typeof value[0] === 'string') out[key] = value[0];
    }
  }
  return out;
}
