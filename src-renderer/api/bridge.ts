// The one declaration of what the Electron preload puts on `window`. The preload exposes exactly the
// operator API's method names (never a generic invoke), so the renderer sees a record keyed by them.
import type { EngineEvent } from '../../src-shared/api/events.js';
import type { MethodName } from '../../src-shared/api/methods.js';
import type { IpcResult } from '../../src-shared/api/wire.js';

export interface KartotekaBridge {
  api: { [M in MethodName]: (input: unknown) => Promise<IpcResult> };
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

declare global {
  interface Window {
    kartoteka?: KartotekaBridge;
  }
}

export function getBridge(): KartotekaBridge | undefined {
  return typeof window === 'undefined' ? undefined : window.kartoteka;
}
