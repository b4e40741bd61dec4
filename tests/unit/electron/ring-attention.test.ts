import { describe, expect, it, vi } from 'vitest';
import type { Engine, EventListener } from '../../../src-main/core/engine-types.js';
import { attendToRinging, type AttentionWindow } from '../../../src-main/electron/ring-attention.js';
import type { EngineEvent } from '../../../src-shared/index.js';

function fakeEngine(card: unknown) {
  const listeners = new Set<EventListener>();
  const engine = {
    handlers: { 'callerCard.lookup': vi.fn(async () => card) },
    onEvent: (l: EventListener) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as unknown as Engine;
  return { engine, emit: (e: EngineEvent) => listeners.forEach((l) => l(e)) };
}

function fakeWindow(minimized = true) {
  const calls: string[] = [];
  const win: AttentionWindow = {
    isMinimized: () => minimized,
    restore: () => calls.push('restore'),
    show: () => calls.push('show'),
    focus: () => calls.push('focus'),
  };
  return { win, calls };
}

const card = { matches: [{ customer: { name: 'Иванова Мария' }, openCases: [{ subject: 'Нет интернета' }] }] };
const ringing: EngineEvent = { type: 'incoming-call', number: '+79161234567', startedAt: 1 };

describe('a ringing call and the window', () => {
  it('brings the window of an idle operator to the front', () => {
    const { engine, emit } = fakeEngine(card);
    const { win, calls } = fakeWindow();
    const notify = vi.fn();
    attendToRinging(engine, () => win, notify);
    emit(ringing);
    expect(calls).toEqual(['restore', 'show', 'focus']);
    expect(notify).not.toHaveBeenCalled();
  });

  it('does not interrupt an operator on a call: a notification names the caller and open cases', async () => {
    const { engine, emit } = fakeEngine(card);
    const { win, calls } = fakeWindow(false);
    const shown = vi.fn();
    const notify = vi.fn(() => ({ show: shown, on: vi.fn() }));
    attendToRinging(engine, () => win, notify);
    emit({ type: 'call-state', state: { operatorState: 'on_call' } } as unknown as EngineEvent);
    emit(ringing);
    await vi.waitFor(() => expect(shown).toHaveBeenCalled());
    expect(notify).toHaveBeenCalledWith({ title: 'Иванова Мария', body: 'Нет интернета' });
    expect(calls).toEqual([]);
  });
});
