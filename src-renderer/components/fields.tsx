import { useId, type InputHTMLAttributes, type KeyboardEvent, type Ref, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldShell {
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  className?: string;
}

function describedBy(errorId: string, hintId: string, error?: string, hint?: string): string | undefined {
  const ids = [error ? errorId : '', hint ? hintId : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function Messages({ errorId, hintId, error, hint }: { errorId: string; hintId: string; error?: string | undefined; hint?: string | undefined }) {
  return (
    <>
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </>
  );
}

// React 19 passes ref as a prop; it lands on the <input> with the rest.
export function TextField({ label, error, hint, className, ...input }: FieldShell & InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  const id = useId();
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(`${id}-e`, `${id}-h`, error, hint)} {...input} />
      <Messages errorId={`${id}-e`} hintId={`${id}-h`} error={error} hint={hint} />
    </div>
  );
}

export function TextArea({ label, error, hint, className, ...input }: FieldShell & TextareaHTMLAttributes<HTMLTextAreaElement> & { ref?: Ref<HTMLTextAreaElement> }) {
  const id = useId();
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(`${id}-e`, `${id}-h`, error, hint)} {...input} />
      <Messages errorId={`${id}-e`} hintId={`${id}-h`} error={error} hint={hint} />
    </div>
  );
}

export function SelectField({
  label,
  error,
  hint,
  className,
  children,
  ...select
}: FieldShell & SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  const id = useId();
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(`${id}-e`, `${id}-h`, error, hint)} {...select}>
        {children}
      </select>
      <Messages errorId={`${id}-e`} hintId={`${id}-h`} error={error} hint={hint} />
    </div>
  );
}

export interface Choice<V extends string> {
  value: V;
  label: string;
}

/**
 * Radio group rather than <select> for short lists: one Tab stop, arrows change the value, and every
 * option stays visible, which is faster to read mid-call.
 */
export function RadioGroup<V extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  error,
  className,
  testId,
  digitKeys = false,
  onDigit,
  autoFocus = false,
}: {
  legend: string;
  name: string;
  value: V;
  options: ReadonlyArray<Choice<NoInfer<V>>>;
  onChange(value: NoInfer<V>): void;
  error?: string | undefined;
  className?: string;
  testId?: string;
  /** Digits 1–9 pick the options in order while the group has the focus (each shows its digit). */
  digitKeys?: boolean;
  /** After an option was picked by its digit: the form moves on (to the next field). */
  onDigit?: () => void;
  /** The group takes the dialog's first focus. */
  autoFocus?: boolean;
}) {
  const id = useId();
  const onKeyDown = (e: KeyboardEvent<HTMLFieldSetElement>) => {
    if (!digitKeys || e.altKey || e.ctrlKey || e.metaKey || !/^[1-9]$/.test(e.key)) return;
    const option = options[Number(e.key) - 1];
    if (!option) return;
    e.preventDefault();
    onChange(option.value);
    onDigit?.();
  };
  const focusIndex = Math.max(0, options.findIndex((o) => o.value === value));
  return (
    <fieldset className={`radio-group ${className ?? ''}`} aria-describedby={error ? `${id}-e` : undefined} data-testid={testId} onKeyDown={onKeyDown}>
      <legend>{legend}</legend>
      <div className="radio-options">
        {options.map((o, i) => (
          <label key={o.value} className={`radio-chip ${o.value === value ? 'checked' : ''}`}>
            <input
              type="radio"
              name={`${name}-${id}`}
              value={o.value}
              checked={o.value === value}
              onChange={() => onChange(o.value)}
              aria-keyshortcuts={digitKeys && i < 9 ? String(i + 1) : undefined}
              {...(autoFocus && i === focusIndex ? { 'data-autofocus': true } : {})}
            />
            {digitKeys && i < 9 && <kbd className="radio-digit" aria-hidden="true">{i + 1}</kbd>}
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {error && (
        <span id={`${id}-e`} className="field-error">
          {error}
        </span>
      )}
    </fieldset>
  );
}

export function Checkbox({ label, checked, onChange, testId }: { label: string; checked: boolean; onChange(v: boolean): void; testId?: string }) {
  return (
    <label className="checkbox">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      <span>{label}</span>
    </label>
  );
}

export function Progress({ label }: { label: string }) {
  return (
    <span className="progress" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </span>
  );
}
