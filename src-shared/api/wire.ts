// Envelope of the host's WebSocket transport (Electron IPC carries the same request/response
// bodies without the envelope, since ipcRenderer.invoke pairs them itself).
import { z } from 'zod';
import { ApiErrorBody } from './errors.js';
import { EngineEvent } from './events.js';

export const WireRequest = z.object({ id: z.number().int(), method: z.string(), input: z.unknown() });
export type WireRequest = z.infer<typeof WireRequest>;

export const WireMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('result'), id: z.number().int(), result: z.unknown() }),
  z.object({ kind: z.literal('error'), id: z.number().int(), error: ApiErrorBody }),
  z.object({ kind: z.literal('event'), event: EngineEvent }),
]);
export type WireMessage = z.infer<typeof WireMessage>;

/** IPC channel of a method: namespaced so that nothing else can be invoked through the bridge. */
export function ipcChannel(method: string): string {
  return `kartoteka:api:${method}`;
}
export const IPC_EVENT_CHANNEL = 'kartoteka:event';

/** IPC result envelope: Electron strips custom error classes, so errors travel as data. */
export const IpcResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorBody }),
]);
export type IpcResult = z.infer<typeof IpcResult>;
