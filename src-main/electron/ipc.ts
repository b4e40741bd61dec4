// The Electron transport of the handler table: one ipcMain.handle per operator API method, each on
// its own channel. A handler first makes sure the call comes from our own window's main frame showing
// app://kartoteka/ — an iframe, a navigated-away page or another window gets 'unauthorized' — and then
// goes through the same dispatch (zod validation, typed errors) as the host's WebSocket.
import { ipcMain } from 'electron';
import { IPC_EVENT_CHANNEL, METHOD_NAMES, ipcChannel, type EngineEvent, type IpcResult } from '../../src-shared/index.js';
import { dispatch } from '../core/dispatch.js';
import type { Engine } from '../core/engine-types.js';
import { isAppUrl } from './app-protocol.js';

/** The parts of a frame the check reads; Electron's WebFrameMain has them all. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly processId: number;
  readonly routingId: number;
}

/** The parts of IpcMainInvokeEvent the check reads. */
export interface InvokeEventLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

/** The parts of a BrowserWindow the transport uses. */
export interface WindowLike {
  isDestroyed(): boolean;
  readonly webContents: {
    readonly mainFrame: { readonly processId: number; readonly routingId: number };
    isDestroyed(): boolean;
    send(channel: string, ...args: unknown[]): void;
  };
}

export function isTrustedSender(event: InvokeEventLike, win: WindowLike | null): boolean {
  if (win === null || win.isDestroyed()) return false;
  const contents = win.webContents;
  if (event.sender !== contents) return false;
  const frame = event.senderFrame;
  // senderFrame is null when the frame has already gone away (navigated or destroyed).
  if (frame === null || frame.parent !== null) return false;
  if (frame.processId !== contents.mainFrame.processId || frame.routingId !== contents.mainFrame.routingId) return false;
  return isAppUrl(frame.url);
}

export interface IpcOptions {
  engine: Pick<Engine, 'handlers' | 'onEvent'>;
  getWindow: () => WindowLike | null;
  log?: (message: string, error?: unknown) => void;
}

/** Registers every method's handler and the event forwarding; returns the undo. */
export function registerIpc({ engine, getWindow, log = defaultLog }: IpcOptions): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(ipcChannel(method), async (event: InvokeEventLike, input: unknown): Promise<IpcResult> => {
      if (!isTrustedSender(event, getWindow())) {
        log(`refused ${method} from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
        return { ok: false, error: { code: 'unauthorized', message: 'caller is not the Kartoteka window' } };
      }
      return dispatch(engine.handlers, method, input, (m, error) => log(`internal error in ${m}`, error));
    });
  }
  const unsubscribe = engine.onEvent((event: EngineEvent) => {
    const win = getWindow();
    if (win === null || win.isDestroyed() || win.webContents.isDestroyed()) return;
    win.webContents.send(IPC_EVENT_CHANNEL, event);
  });
  return () => {
    unsubscribe();
    for (const method of METHOD_NAMES) ipcMain.removeHandler(ipcChannel(method));
  };
}

function defaultLog(message: string, error?: unknown): void {
  console.error(`[ipc] ${message}`, error ?? '');
}
