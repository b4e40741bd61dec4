import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTACT_KINDS, type ContactKind } from '../../../src-shared/domain.js';
import { useApi } from '../../api/context.js';
import { errorMessage } from '../../i18n/errors.js';

export interface ContactDraft {
  key: number;
  kind: ContactKind;
  value: string;
  label: string;
}

export interface DuplicateInfo {
  customerId: string;
  name: string;
}

/** Long enough not to query on every keystroke, short enough to warn before the operator tabs on. */
const CHECK_DELAY_MS = 350;

export function ContactRow({
  index,
  draft,
  onChange,
  onRemove,
  onDuplicates,
  ownCustomerId,
}: {
  index: number;
  draft: ContactDraft;
  onChange(d: ContactDraft): void;
  onRemove(): void;
  onDuplicates(key: number, dups: DuplicateInfo[]): void;
  ownCustomerId?: string | undefined;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<{ checking: boolean; dups: DuplicateInfo[]; error: string | null }>({
    checking: false,
    dups: [],
    error: null,
  });
  const n = index + 1;
  // An emptied field shows no stale warning from its previous value.
  const shown = draft.value.trim() ? state : { checking: false, dups: [], error: null };

  useEffect(() => {
    const value = draft.value.trim();
    if (!value) {
      onDuplicates(draft.key, []);
      return;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      setState((s) => ({ ...s, checking: true }));
      api['contacts.check']({ kind: draft.kind, value })
        .then((res) => {
          if (cancelled) return;
          const dups = res.matches.filter((m) => m.customerId !== ownCustomerId).map((m) => ({ customerId: m.customerId, name: m.name }));
          setState({ checking: false, dups, error: null });
          onDuplicates(draft.key, dups);
        })
        .catch((e: unknown) => {
          if (cancelled) return;
          setState({ checking: false, dups: [], error: errorMessage(e, t) });
          onDuplicates(draft.key, []);
        });
    }, CHECK_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // onDuplicates is stable per form; t only changes the message language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft.kind, draft.value, api, ownCustomerId]);

  const valueId = `contact-${draft.key}-value`;
  const msgId = `contact-${draft.key}-msg`;
  return (
    <div className="contact-row">
      <div className="field field-narrow">
        <label htmlFor={`contact-${draft.key}-kind`}>{t('customer.contactKind', { n })}</label>
        <select
          id={`contact-${draft.key}-kind`}
          value={draft.kind}
          onChange={(e) => onChange({ ...draft, kind: e.target.value as ContactKind })}
        >
          {CONTACT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`customer.contactKindValue.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-grow">
        <label htmlFor={valueId}>{t('customer.contactValue', { n })}</label>
        <input
          id={valueId}
          value={draft.value}
          onChange={(e) => onChange({ ...draft, value: e.target.value })}
          aria-invalid={shown.error ? true : undefined}
          aria-describedby={msgId}
          type={draft.kind === 'email' ? 'email' : 'tel'}
        />
        <span id={msgId} className="field-hint" aria-live="polite">
          {shown.checking && t('customer.checking')}
          {shown.error && <span className="field-error">{shown.error}</span>}
          {shown.dups.length > 0 && (
            <span className="field-warning">{t('customer.duplicateOf', { names: shown.dups.map((d) => d.name).join(', ') })}</span>
          )}
        </span>
      </div>
      <div className="field field-narrow">
        <label htmlFor={`contact-${draft.key}-label`}>{t('customer.contactLabel', { n })}</label>
        <input id={`contact-${draft.key}-label`} value={draft.label} onChange={(e) => onChange({ ...draft, label: e.target.value })} />
      </div>
      <button type="button" className="btn btn-ghost btn-small contact-remove" onClick={onRemove} aria-label={t('customer.removeContact', { n })}>
        ×
      </button>
    </div>
  );
}
