// One entry point for both transports (Electron IPC and the host's WebSocket): look the method up in
// the handler table, validate the input with its src-shared schema, run it, and turn every failure
// into a typed ApiErrorBody. Nothing a renderer sends can crash the process.
import { z } from 'zod';
import { ApiError, type ApiErrorBody, isMethodName, operatorApi, type HandlerTable } from '../../src-shared/index.js';

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: ApiErrorBody };

export type InternalErrorReporter = (method: string, error: unknown) => void;

export async function dispatch(
  handlers: HandlerTable,
  method: unknown,
  rawInput: unknown,
  reportInternal: InternalErrorReporter = () => {},
): Promise<DispatchResult> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `unknown method: ${String(method).slice(0, 100)}` } };
  }
  const parsed = operatorApi[method].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    // The schema union makes the error a union of ZodErrors; flattening treats them alike.
    const error = parsed.error as z.ZodError;
    return {
      ok: false,
      error: { code: 'validation', message: z.prettifyError(error), details: z.flattenError(error).fieldErrors },
    };
  }
  try {
    // The table is indexed by a union of names, so TypeScript cannot pair each handler with its own
    // input type here; the schema lookup above guarantees the pairing at run time.
    const handler = handlers[method] as (input: unknown) => unknown;
    const result = await handler(parsed.data);
    return { ok: true, result };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: error.toBody() };
    // A full disk is the operator's to fix, not a bug: the write's transaction rolled back whole.
    if (isDiskFull(error)) return { ok: false, error: { code: 'disk_full', message: 'the disk is full: nothing was written; free some space and try again' } };
    reportInternal(method, error);
    return { ok: false, error: { code: 'internal', message: 'internal error' } };
  }
}

function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}
