// Electron transport: each method is its own namespaced IPC channel behind the preload. Electron
// strips custom error classes across the bridge, so failures arrive as data and are rebuilt here.
import { ApiError, ApiErrorBody } from '../../src-shared/api/errors.js';
import { IpcResult } from '../../src-shared/api/wire.js';
import type { KartotekaBridge } from './bridge.js';
import { buildClient, type ApiClient } from './client.js';

export function createIpcClient(bridge: KartotekaBridge): ApiClient {
  return buildClient(
    async (method, input) => {
      const fn = bridge.api[method];
      if (typeof fn !== 'function') throw new ApiError('unknown_method', `method ${method} is not exposed`);
      const raw: unknown = await fn(input);
      const parsed = IpcResult.safeParse(raw);
      if (!parsed.success) throw new ApiError('internal', `malformed IPC result for ${method}`);
      if (parsed.data.ok) return parsed.data.result;
      const body = ApiErrorBody.safeParse(parsed.data.error);
      throw body.success ? ApiError.fromBody(body.data) : new ApiError('internal', 'malformed IPC error');
    },
    (listener) => bridge.onEvent(listener),
    (listener) => {
      listener('open');
      return () => undefined;
    },
  );
}
