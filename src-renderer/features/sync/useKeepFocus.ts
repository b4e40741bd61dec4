// Keeps the focus inside the sync dialog while its views replace each other.
import { useEffect, type RefObject } from 'react';

/**
 * When the view under the focus is replaced (signing in swaps the form for the account, signing
 * out the reverse), focus would fall to <body>, outside the dialog: put it on this element instead.
 */
export function useKeepFocus(ref: RefObject<HTMLElement | null>, dialogReady: RefObject<boolean>): void {
  useEffect(() => {
    // On the dialog's first mount the Dialog itself places the focus (and remembers the opener).
    if (!dialogReady.current) return;
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) ref.current?.focus();
  }, [ref, dialogReady]);
}
