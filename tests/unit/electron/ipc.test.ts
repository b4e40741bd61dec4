// ipc.ts with a fake ipcMain: who may call, what reaches the engine, and what comes back.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, IPC_EVENT_CHANNEL, METHOD_NAMES, ipcChannel, type IpcResult } from '../../../src-shared/index.js';
import { isTrustedSender, registerIpc, type FrameLike, type InvokeEventLike, type WindowLike } from '../../../src-main/electron/ipc.js';
import { fakeEngine, type FakeEngine } from '../../integration/host/fake-engine.js';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

const electron = vi.hoisted(() => {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    ipcMain: {
      handle: (channel: string, handler: Handler) => {
        if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
        handlers.set(channel, handler);
      },
      removeHandler: (channel: string) => {
        handlers.delete(channel);
      },
    },
  };
});

vi.mock('electron', () => ({ ipcMain: electron.ipcMain }));

const CUSTOMER_ID = '0190a8a0-0000-7000-8000-000000000001';

function frame(overrides: Partial<FrameLike> = {}): FrameLike {
  return { url: 'app://kartoteka/index.html', parent: null, processId: 4, routingId: 1, ...overrides };
}

function fakeWindow(): WindowLike & { sent: Array<{ channel: string; args: unknown[] }>; destroyed: boolean } {
  const sent: Array<{ channel: string; args: unknown[] }> = [];
  const win = {
    sent,
    destroyed: false,
    isDestroyed: () => win.destroyed,
    webContents: {
      mainFrame: { processId: 4, routingId: 1 },
      isDestroyed: () => win.destroyed,
      send: (channel: string, ...args: unknown[]) => {
        sent.push({ channel, args });
      },
    },
  };
  return win;
}

let engine: FakeEngine;
let win: ReturnType<typeof fakeWindow>;
let dispose: () => void;

beforeEach(() => {
  dispose?.();
  engine = fakeEngine({
    'customers.get': (input) => {
      throw new ApiError('not_found', `no customer ${input.id}`);
    },
    'users.list': () => [{ id: CUSTOMER_ID, name: 'Иван', extension: null, role: 'operator' }],
    'tasks.list': () => {
      throw new Error('disk on fire');
    },
  });
  win = fakeWindow();
  dispose = registerIpc({ engine, getWindow: () => win, log: () => {} });
});

function ownEvent(overrides: Partial<FrameLike> = {}): InvokeEventLike {
  return { sender: win.webContents, senderFrame: frame(overrides) };
}

async function invoke(method: string, event: InvokeEventLike, input: unknown): Promise<IpcResult> {
  const handler = electron.handlers.get(ipcChannel(method));
  if (!handler) throw new Error(`no handler for ${method}`);
  return (await handler(event, input)) as IpcResult;
}

describe('registration', () => {
  it('registers exactly one handler per method, on its own channel, and nothing else', () => {
    expect([...electron.handlers.keys()].sort()).toEqual(METHOD_NAMES.map((m) => ipcChannel(m)).sort());
  });

  it('removes every handler and stops forwarding events when disposed', () => {
    dispose();
    expect(electron.handlers.size).toBe(0);
    expect(engine.listenerCount()).toBe(0);
    dispose = () => {};
  });
});

describe('sender check', () => {
  it('runs a call from the main frame of our window on app://kartoteka/', async () => {
    expect(await invoke('users.list', ownEvent(), {})).toEqual({
      ok: true,
      result: [{ id: CUSTOMER_ID, name: 'Иван', extension: null, role: 'operator' }],
    });
  });

  // Factories, because it.each builds its table before beforeEach has made this test's window.
  const foreign: Array<[string, () => InvokeEventLike]> = [
    ['another origin', () => ownEvent({ url: 'https://evil.example/' })],
    ['a file:// page', () => ownEvent({ url: 'file:///home/user/x.html' })],
    ['an app:// look-alike host', () => ownEvent({ url: 'app://kartoteka.evil/index.html' })],
    ['a subframe', () => ownEvent({ parent: frame() })],
    ['a frame that is not the main frame', () => ownEvent({ routingId: 2 })],
    ['a destroyed frame', () => ({ sender: win.webContents, senderFrame: null })],
    ['another webContents', () => ({ sender: {}, senderFrame: frame() })],
  ];
  it.each(foreign)('refuses %s with unauthorized, before the engine sees anything', async (_name, makeEvent) => {
    expect(await invoke('users.list', makeEvent(), {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(engine.calls).toHaveLength(0);
  });

  it('refuses every call once the window is gone', async () => {
    win.destroyed = true;
    expect(await invoke('users.list', ownEvent(), {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(isTrustedSender(ownEvent(), null)).toBe(false);
  });
});

describe('payloads and errors', () => {
  it('answers a malformed payload with validation and never calls the handler', async () => {
    for (const bad of [{ id: 'not-a-uuid' }, { id: 42 }, 'a string', [CUSTOMER_ID], { id: CUSTOMER_ID, extra: { deep: true } }]) {
      const reply = await invoke('customers.get', ownEvent(), bad);
      if (reply.ok) throw new Error(`accepted ${JSON.stringify(bad)}`);
      // zod objects strip unknown keys rather than refuse them, so the one valid id gets through.
      if (typeof bad === 'object' && !Array.isArray(bad) && bad.id === CUSTOMER_ID) continue;
      expect(reply.error.code).toBe('validation');
    }
    expect(engine.calls.filter((c) => c.method === 'customers.get')).toHaveLength(1);
  });

  it('passes typed errors through and hides internal ones', async () => {
    expect(await invoke('customers.get', ownEvent(), { id: CUSTOMER_ID })).toEqual({
      ok: false,
      error: { code: 'not_found', message: `no customer ${CUSTOMER_ID}` },
    });
    expect(await invoke('tasks.list', ownEvent(), {})).toEqual({ ok: false, error: { code: 'internal', message: 'internal error' } });
  });
});

describe('events', () => {
  it('sends engine events to the window on the event channel', () => {
    const event = { type: 'incoming-call', number: '+79161234567', startedAt: 1 } as const;
    engine.emit(event);
    expect(win.sent).toEqual([{ channel: IPC_EVENT_CHANNEL, args: [event] }]);
  });

  it('drops events while the window is destroyed instead of throwing', () => {
    win.destroyed = true;
    expect(() => engine.emit({ type: 'data-changed', customerIds: [] })).not.toThrow();
    expect(win.sent).toEqual([]);
  });
});
