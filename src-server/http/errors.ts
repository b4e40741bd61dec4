// Every error the server answers has the same typed body (src-shared/sync/protocol.ts SyncErrorBody),
// whether the HTTP layer raised it or a business module threw a DomainError.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { SyncErrorBody } from '../../src-shared/sync/protocol.js';
import { DomainError } from '../domain-error.js';

const STATUS: Record<SyncErrorBody['error'], number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  client_too_old: 426,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** An error of the HTTP layer itself (bad input, no token); the business modules throw DomainError. */
export class HttpError extends DomainError {}

export function sendError(reply: FastifyReply, error: DomainError): FastifyReply {
  const body: SyncErrorBody = error.details === undefined ? { error: error.code, message: error.message } : { error: error.code, message: error.message, details: error.details };
  return reply.status(STATUS[error.code]).send(body);
}

/** Parses input with its schema or throws a 400 that names the offending fields. */
export function parseOr400<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new HttpError('validation', z.prettifyError(result.error), z.flattenError(result.error).fieldErrors);
  return result.data;
}
