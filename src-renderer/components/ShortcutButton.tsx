import type { ButtonHTMLAttributes } from 'react';
import { shortcut, type ShortcutId } from '../lib/keymap.js';
import { Kbd } from './Kbd.js';

type Props = ButtonHTMLAttributes<HTMLButtonElement> & { shortcutId: ShortcutId; label: string; tone?: 'primary' | 'default' | 'ghost' };

/** A button that shows its shortcut and declares it to assistive technology. */
export function ShortcutButton({ shortcutId, label, tone = 'default', className, type = 'button', ...rest }: Props) {
  return (
    <button
      type={type}
      className={`btn btn-${tone} ${className ?? ''}`}
      aria-keyshortcuts={shortcut(shortcutId).aria}
      {...rest}
    >
      <span>{label}</span>
      <Kbd id={shortcutId} />
    </button>
  );
}
