// The renderer's only door to data: the operator API from src-shared plus the engine's pushed events.
// Both transports build the same object from METHOD_NAMES, so a method added to the contract appears
// here without touching the renderer.
import type { EngineEvent } from '../../src-shared/api/events.js';
import { METHOD_NAMES, type MethodName, type OperatorApi } from '../../src-shared/api/methods.js';

export type EventListener = (event: EngineEvent) => void;
export type ConnectionStatus = 'connecting' | 'open' | 'closed';

export interface ApiClient extends OperatorApi {
  onEvent(listener: EventListener): () => void;
  /** Transport health; IPC is always open, the WebSocket may drop and reconnect. */
  onStatus?(listener: (status: ConnectionStatus) => void): () => void;
}

export type RawInvoke = (method: MethodName, input: unknown) => Promise<unknown>;

export function buildClient(
  invoke: RawInvoke,
  onEvent: ApiClient['onEvent'],
  onStatus?: ApiClient['onStatus'],
): ApiClient {
  const methods: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of METHOD_NAMES) methods[name] = (input: unknown) => invoke(name, input ?? {});
  // The cast is sound: every key of OperatorApi was filled above with a function that forwards the
  // input untouched; the transport's peer validates it against the same zod schema.
  const api = methods as unknown as OperatorApi;
  return onStatus ? Object.assign(api, { onEvent, onStatus }) : Object.assign(api, { onEvent });
}
