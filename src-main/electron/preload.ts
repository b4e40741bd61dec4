// Runs sandboxed in the renderer before the page. It hands the page one function per operator API
// method, each bound here to its own channel, and an event subscription — never ipcRenderer itself
// or an invoke(channel) that would let injected script reach any channel it can name.
//
// Imports stay on src-shared/api/methods.ts and wire.ts (zod only): the sandboxed preload is one
// bundled file and must not drag in anything that needs Node.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EngineEvent } from '../../src-shared/api/events.js';
import { METHOD_NAMES, type MethodName } from '../../src-shared/api/methods.js';
import { IPC_EVENT_CHANNEL, ipcChannel, type IpcResult } from '../../src-shared/api/wire.js';

type BridgeApi = Record<MethodName, (input: unknown) => Promise<IpcResult>>;

function buildApi(): BridgeApi {
  const api: Partial<BridgeApi> = {};
  for (const method of METHOD_NAMES) {
    const channel = ipcChannel(method);
    api[method] = (input: unknown) => ipcRenderer.invoke(channel, input) as Promise<IpcResult>;
  }
  return Object.freeze(api as BridgeApi);
}

function onEvent(listener: (event: EngineEvent) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError('onEvent expects a function');
  // The IpcRendererEvent stays here: it carries `sender`, which the page must never get.
  const forward = (_event: IpcRendererEvent, payload: EngineEvent) => listener(payload);
  ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
  return () => {
    ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
  };
}

contextBridge.exposeInMainWorld('kartoteka', Object.freeze({ api: buildApi(), onEvent }));
