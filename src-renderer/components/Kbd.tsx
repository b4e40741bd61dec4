import { Fragment } from 'react';
import { shortcut, type ShortcutId } from '../lib/keymap.js';

/**
 * The visible key hint. Hidden from assistive technology because the control carries the same
 * information in aria-keyshortcuts, and repeating it would clutter the accessible name.
 */
export function Kbd({ id, hidden = true }: { id: ShortcutId; hidden?: boolean }) {
  const combos = shortcut(id).display;
  return (
    <span className="kbd-hint" aria-hidden={hidden || undefined}>
      {combos.map((keys, i) => (
        <Fragment key={i}>
          {i > 0 && <span className="kbd-or">/</span>}
          {keys.map((k, j) => (
            <Fragment key={j}>
              {j > 0 && <span className="kbd-plus">+</span>}
              <kbd>{k}</kbd>
            </Fragment>
          ))}
        </Fragment>
      ))}
    </span>
  );
}
