import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Kbd } from './Kbd.js';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    // A radio group is one tab stop: only its checked radio (or the first one) takes focus.
    (el) => !(el instanceof HTMLInputElement && el.type === 'radio' && !el.checked && groupHasChecked(root, el)),
  );
}

function groupHasChecked(root: HTMLElement, radio: HTMLInputElement): boolean {
  return Array.from(root.querySelectorAll<HTMLInputElement>('input[type="radio"]')).some(
    (r) => r.name === radio.name && r.checked,
  );
}

export interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  size?: 'small' | 'medium' | 'wide' | 'full';
  /** A side sheet keeps the card visible beside the logging form. */
  variant?: 'modal' | 'sheet';
  testId?: string;
  description?: string;
}

/**
 * Modal dialog with focus trap and focus return. A custom element rather than <dialog>, because
 * showModal() is missing in jsdom and focus return must work the same in tests and in the app.
 */
export function Dialog({ title, onClose, children, size = 'medium', variant = 'modal', testId, description }: DialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descId = useId();

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = ref.current;
    if (root) {
      // Start in the content, not on the close button: the operator came here to type.
      const preferred = root.querySelector<HTMLElement>('[data-autofocus]');
      const body = root.querySelector<HTMLElement>('.dialog-body');
      (preferred ?? (body && focusables(body)[0]) ?? focusables(root)[0] ?? root).focus();
    }
    // A control that had the focus can take it with it: a Save clicked with the mouse is disabled
    // while it saves, and Chromium then drops the focus to the page, outside the dialog, where Esc
    // and Tab no longer reach it. The dialog takes the focus back whenever it falls to the page.
    const onFocusOut = () =>
      setTimeout(() => {
        if (root?.isConnected && (document.activeElement === document.body || document.activeElement === null)) root.focus();
      }, 0);
    root?.addEventListener('focusout', onFocusOut);
    return () => {
      root?.removeEventListener('focusout', onFocusOut);
      // The opener may have been re-rendered away (e.g. a case row after closing the case): the
      // main region then takes the focus, so the keyboard goes on from the card, not from nowhere.
      if (previous && previous.isConnected) previous.focus();
      else document.getElementById('main')?.focus();
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = focusables(ref.current);
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div className={`overlay overlay-${variant}`} onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        className={`dialog dialog-${size} dialog-${variant}`}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          {/* The key hint sits beside the button: inside it, the visible "Esc" would not be part of the
              name "Close" (axe: label-content-name-mismatch); the shortcut is in aria-keyshortcuts. */}
          <span className="dialog-close">
            <button type="button" className="btn btn-ghost" onClick={onClose} aria-keyshortcuts="Escape" aria-label={t('common.close')}>
              <span aria-hidden="true">×</span>
            </button>
            <Kbd id="close" />
          </span>
        </header>
        {description && (
          <p id={descId} className="dialog-description">
            {description}
          </p>
        )}
        <div className="dialog-body">{children}</div>
      </div>
    </div>
  );
}
