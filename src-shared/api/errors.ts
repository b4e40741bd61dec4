// Typed errors of the operator API. Every failure that crosses a process boundary is one of these
// codes, so that the UI can show a translated message and tests can assert on the reason.
import { z } from 'zod';

export const API_ERROR_CODES = [
  'validation', // input does not match the method's schema
  'not_found', // a referenced row does not exist (or is deleted)
  'invalid_phone', // a number that is not a phone number
  'invalid_email',
  'duplicate_contact', // the contact point already belongs to a customer (details list them)
  'too_large', // input over a limit in src-shared/limits.ts
  'bad_eml', // an .eml file that cannot be parsed as a message
  'bad_attachment', // content does not match its declared type (e.g. a fax page that is not PDF/TIFF)
  'conflict', // the operation contradicts the row's state (e.g. closing a closed case)
  'unknown_method',
  'unauthorized',
  'forbidden', // the signed-in user's role may not do this (e.g. an operator opening supervisor views)
  'offline', // needs the central server, which is unreachable or not configured
  'client_too_old', // the central server refuses this desktop's version: it must be updated
  'server_refused', // the central server refused the request (details.server: its error code)
  'rate_limited', // too many attempts (failed sign-ins): the message says when to try again
  'unavailable', // the central server is overloaded and shed the request: try again shortly
  'disk_full', // the desktop's disk has no room: nothing was written, free some space and save again
  'not_configured', // the telephony settings do not set this up (calls from the card, a transfer through the PBX)
  'pbx_refused', // the PBX (or the softphone) refused or failed the action: its own message says why
  'internal',
] as const;
export const ApiErrorCode = z.enum(API_ERROR_CODES);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiErrorBody = z.object({
  code: ApiErrorCode,
  message: z.string(),
  /** Field path → message, for validation errors; free-form details otherwise. */
  details: z.unknown().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromBody(body: ApiErrorBody): ApiError {
    return new ApiError(body.code, body.message, body.details);
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
