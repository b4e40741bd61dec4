// The error the server's business modules throw. They know nothing of HTTP: the HTTP layer
// (http/errors.ts) maps each code to its status and the typed body every answer shares.
import type { SyncErrorBody } from '../src-shared/sync/protocol.js';

export type DomainErrorCode = SyncErrorBody['error'];

export class DomainError extends Error {
  constructor(readonly code: DomainErrorCode, message: string, readonly details?: unknown) {
    super(message);
    this.name = 'DomainError';
  }
}
