// The built preload.cjs is what a sandboxed renderer runs: there `require` knows only 'electron' (and a
// few polyfills). Load the real bundle in a VM context with exactly that, so a dependency that sneaks
// in and needs Node fails here rather than only in the packaged app.
import { build } from 'esbuild';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../../src-shared/index.js';
import { PRELOAD_ALLOWED_EXTERNALS, externalImports, preloadBundle } from '../../../scripts/electron-bundles.js';

describe('preload bundle', () => {
  it('is one file that requires only electron and exposes exactly METHOD_NAMES', async () => {
    const result = await build({ ...preloadBundle, write: false, sourcemap: false });
    expect(externalImports(result.metafile ?? { inputs: {}, outputs: {} }).filter((p) => !PRELOAD_ALLOWED_EXTERNALS.has(p))).toEqual([]);
    const code = result.outputFiles?.find((f) => f.path.endsWith('.cjs'))?.text ?? '';
    expect(code.length).toBeGreaterThan(0);

    const exposed = new Map<string, unknown>();
    const required: string[] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
      ipcRenderer: { invoke: async () => ({ ok: true, result: null }), on: () => {}, removeListener: () => {} },
    };
    const sandboxRequire = (id: string): unknown => {
      required.push(id);
      if (id === 'electron') return fakeElectron;
      throw new Error(`a sandboxed preload cannot require '${id}'`);
    };
    const module = { exports: {} };
    const context = vm.createContext({ require: sandboxRequire, module, exports: module.exports, console });
    vm.runInContext(code, context, { filename: 'preload.cjs' });

    expect(required).toEqual(['electron']);
    const bridge = exposed.get('kartoteka') as { api: Record<string, unknown> };
    expect(Object.keys(bridge.api).sort()).toEqual([...METHOD_NAMES].sort());
  });
});
