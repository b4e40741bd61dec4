import { useEffect, useRef } from 'react';
import { ALL_SHORTCUTS, type ShortcutId } from '../../lib/keymap.js';

export type ShortcutHandlers = Partial<Record<ShortcutId, () => void>>;

/**
 * One window-level listener for the whole app. While a modal dialog is open only shortcuts marked
 * inDialog fire, so Alt+C cannot replace a half-filled form with another one.
 */
export function useGlobalShortcuts(handlers: ShortcutHandlers, dialogOpen: boolean): void {
  const ref = useRef({ handlers, dialogOpen });
  // Latest handlers without re-binding the window listener on every render.
  useEffect(() => {
    ref.current = { handlers, dialogOpen };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return;
      for (const s of ALL_SHORTCUTS) {
        if (!s.global || !s.match(e)) continue;
        if (ref.current.dialogOpen && !s.inDialog) return;
        const handler = ref.current.handlers[s.id];
        if (!handler) return;
        e.preventDefault();
        handler();
        return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
