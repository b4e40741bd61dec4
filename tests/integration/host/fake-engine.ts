// A stand-in engine built from a partial handler table, for transport tests that must not depend
// on the store: methods a test does not define fail like an unfinished feature would.
import { ApiError, METHOD_NAMES, type EngineEvent, type HandlerTable } from '../../../src-shared/index.js';
import type { Engine, EventListener } from '../../../src-main/core/engine-types.js';

export interface FakeEngine extends Engine {
  readonly calls: Array<{ method: string; input: unknown }>;
  readonly closed: boolean;
  listenerCount(): number;
}

export function fakeEngine(overrides: Partial<HandlerTable> = {}): FakeEngine {
  const calls: Array<{ method: string; input: unknown }> = [];
  const listeners = new Set<EventListener>();
  let closed = false;
  const table: Record<string, (input: unknown) => unknown> = {};
  const given = overrides as Record<string, ((input: unknown) => unknown) | undefined>;
  for (const method of METHOD_NAMES) {
    table[method] = (input: unknown) => {
      calls.push({ method, input });
      const impl = given[method];
      if (impl === undefined) throw new ApiError('not_found', `${method} is not implemented by the fake engine`);
      return impl(input);
    };
  }
  return {
    handlers: table as unknown as HandlerTable,
    calls,
    get closed() {
      return closed;
    },
    listenerCount: () => listeners.size,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event: EngineEvent) {
      for (const l of listeners) l(event);
    },
    syncNow: async () => {},
    close() {
      closed = true;
    },
  };
}
