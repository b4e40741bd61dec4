// The preload is the renderer's whole view of the main process: it must expose exactly the operator
// API's methods, each bound to its own channel, and nothing that could invoke an arbitrary channel.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT_CHANNEL, METHOD_NAMES, ipcChannel } from '../../../src-shared/index.js';

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>();
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    exposed,
    listeners,
    contextBridge: {
      exposeInMainWorld: (key: string, value: unknown) => {
        exposed.set(key, value);
      },
    },
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, result: { channel, input } })),
      on: (channel: string, fn: (...args: unknown[]) => void) => {
        const set = listeners.get(channel) ?? new Set();
        set.add(fn);
        listeners.set(channel, set);
      },
      removeListener: (channel: string, fn: (...args: unknown[]) => void) => {
        listeners.get(channel)?.delete(fn);
      },
    },
  };
});

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

interface Bridge {
  api: Record<string, (input: unknown) => Promise<unknown>>;
  onEvent(listener: (event: unknown) => void): () => void;
}

let bridge: Bridge;

beforeAll(async () => {
  await import('../../../src-main/electron/preload.js');
  bridge = electron.exposed.get('kartoteka') as Bridge;
});

describe('preload', () => {
  it('exposes one object, kartoteka, with only api and onEvent', () => {
    expect([...electron.exposed.keys()]).toEqual(['kartoteka']);
    expect(Object.keys(bridge).sort()).toEqual(['api', 'onEvent']);
  });

  it('exposes exactly the METHOD_NAMES, as functions', () => {
    expect(Object.keys(bridge.api).sort()).toEqual([...METHOD_NAMES].sort());
    for (const method of METHOD_NAMES) expect(typeof bridge.api[method]).toBe('function');
    expect(Object.isFrozen(bridge.api)).toBe(true);
  });

  it('invokes each method on its own namespaced channel, passing the input through', async () => {
    for (const method of METHOD_NAMES) {
      electron.ipcRenderer.invoke.mockClear();
      const input = { probe: method };
      const result = await bridge.api[method]?.(input);
      expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(1);
      expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(ipcChannel(method), input);
      expect(result).toEqual({ ok: true, result: { channel: ipcChannel(method), input } });
    }
    const channels = new Set(METHOD_NAMES.map((m) => ipcChannel(m)));
    expect(channels.size).toBe(METHOD_NAMES.length);
    for (const channel of channels) expect(channel.startsWith('kartoteka:api:')).toBe(true);
  });

  it('forwards events without the IPC event object, and unsubscribes', () => {
    const seen: unknown[] = [];
    const unsubscribe = bridge.onEvent((event) => seen.push(event));
    const listeners = [...(electron.listeners.get(IPC_EVENT_CHANNEL) ?? [])];
    expect(listeners).toHaveLength(1);
    const event = { type: 'data-changed', customerIds: [] };
    const sender = { secret: 'webContents' };
    listeners[0]?.({ sender }, event);
    expect(seen).toEqual([event]);

    unsubscribe();
    expect(electron.listeners.get(IPC_EVENT_CHANNEL)?.size).toBe(0);
  });

  it('refuses a non-function listener instead of registering it', () => {
    expect(() => bridge.onEvent('alert(1)' as unknown as (e: unknown) => void)).toThrow(TypeError);
  });
});
