import './planning.css';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface OutcomeChoice {
  key: string;
  label: string;
}

/**
 * The outcome a process step closes with (issue 19), chosen where the task's "Done" was: the first
 * choice takes the focus, digits 1–9 choose directly, Esc goes back without closing the task.
 */
export function OutcomePicker({ title, outcomes, onChoose, onCancel }: { title: string; outcomes: readonly OutcomeChoice[]; onChoose(key: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, []);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const digit = /^Digit([1-9])$/.exec(e.code)?.[1];
    const chosen = digit === undefined ? undefined : outcomes[Number(digit) - 1];
    if (chosen) onChoose(chosen.key);
    else if (e.key === 'Escape') onCancel();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div ref={ref} role="group" aria-label={t('planning.outcomeOf', { title })} className="outcome-picker" onKeyDown={onKeyDown} data-testid="outcome-picker">
      {outcomes.map((o, i) => (
        <button key={o.key} type="button" className="btn btn-small" aria-keyshortcuts={i < 9 ? String(i + 1) : undefined} onClick={() => onChoose(o.key)} data-testid="outcome-choice">
          {i < 9 && <span className="kbd-hint" aria-hidden="true"><kbd>{i + 1}</kbd></span>} {o.label}
        </button>
      ))}
      <button type="button" className="btn btn-small btn-ghost" aria-keyshortcuts="Escape" onClick={onCancel} data-testid="outcome-cancel">
        {t('planning.outcomeCancel')}
      </button>
    </div>
  );
}
