import type { KeyboardEvent } from 'react';

/** Ctrl+Enter saves from anywhere in a form, including multi-line notes where Enter is a newline. */
export function submitOnCtrlEnter(e: KeyboardEvent<HTMLFormElement>): void {
  if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
    e.preventDefault();
    e.currentTarget.requestSubmit();
  }
}
