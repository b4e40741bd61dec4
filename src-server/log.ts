// The server's log: what an operator of the server may read without seeing secrets or customers'
// data. Tokens and passwords are redacted wherever they appear in a logged object, and a failed
// query's parameters (names, numbers, notes) never reach the log, only its error.
import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';

const SECRET_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-kartoteka-secret"]',
  '*.password', '*.refreshToken', '*.accessToken', '*.token', '*.secret',
];

/** An error as logged: its message, code and stack, without the data a driver may attach to it. */
export function safeError(error: unknown): Record<string, unknown> {
  const base = stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  for (const key of ['parameters', 'params', 'query', 'values', 'detail', 'where', 'internalQuery']) delete base[key];
  return base;
}

/** `destination`: where lines go (stdout by default; tests read them). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: SECRET_PATHS, censor: '[redacted]' }, serializers: { err: safeError } };
  return destination ? pino(options, destination) : pino(options);
}
