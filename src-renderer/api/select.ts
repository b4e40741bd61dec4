// Picks the transport: inside Electron the preload's bridge exists; in a browser tab opened by the
// host it does not, and the page talks to the host's WebSocket instead.
import { getBridge } from './bridge.js';
import type { ApiClient } from './client.js';
import { createIpcClient } from './ipc.js';
import { createWsClient, readToken, wsUrl } from './ws.js';

export function createDefaultClient(): ApiClient {
  const bridge = getBridge();
  if (bridge) return createIpcClient(bridge);
  return createWsClient(wsUrl(window.location, readToken()));
}
