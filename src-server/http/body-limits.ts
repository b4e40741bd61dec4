// How large a request body each route may send. Small everywhere but the push, whose batches carry
// attachments (25 MiB each, as base64); snapshots stream to disk under their own limit.
export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const PUSH_BODY_LIMIT = 64 * 1024 * 1024;
