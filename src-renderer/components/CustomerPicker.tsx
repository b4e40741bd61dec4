import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchResults } from '../../src-shared/api/entities.js';
import { useApi } from '../api/context.js';
import { hitDetails } from '../lib/searchHit.js';

export type CustomerHit = SearchResults['customers'][number];

/**
 * Finding a customer the store already has, from the keyboard: type two characters or more, move
 * with ↑ ↓, pick with Enter (or a click). Searches the local store, so it works offline.
 */
export function CustomerPicker({ label, onPick, exclude, testId, autoFocus }: {
  label: string;
  onPick(hit: CustomerHit): void;
  /** A customer not to offer (the one on the card, when picking another). */
  exclude?: string | undefined;
  testId: string;
  autoFocus?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<CustomerHit[]>([]);
  const [active, setActive] = useState(0);
  const listId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  // A picker shown after its dialog opened (the team inbox's attach step) takes the focus itself.
  useEffect(() => {
    if (autoFocus) inputRef.current?.focus();
  }, [autoFocus]);

  useEffect(() => {
    if (query.trim().length < 2) return;
    let current = true;
    api['search.query']({ q: query, limit: 10 }).then(
      (r) => {
        if (!current) return;
        setHits(r.customers.filter((h) => h.customerId !== exclude));
        setActive(0);
      },
      () => current && setHits([]),
    );
    return () => {
      current = false;
    };
  }, [api, query, exclude]);

  const shown = query.trim().length < 2 ? [] : hits;
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, shown.length - 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (e.key === 'Enter' && shown[active]) onPick(shown[active]);
    else return;
    e.preventDefault();
  };

  return (
    <>
      <label className="field">
        <span>{label}</span>
        <input
          ref={inputRef}
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKey}
          role="combobox"
          aria-expanded={shown.length > 0}
          aria-controls={listId}
          aria-activedescendant={shown[active] ? `${listId}-${active}` : undefined}
          aria-autocomplete="list"
          autoComplete="off"
          data-testid={testId}
          {...(autoFocus ? { 'data-autofocus': true } : {})}
        />
      </label>
      <ul id={listId} role="listbox" aria-label={t('attach.results')} className="attach-results">
        {shown.map((h, i) => (
          <li key={h.customerId} id={`${listId}-${i}`} role="option" aria-selected={i === active} onClick={() => onPick(h)} data-testid={`${testId}-hit`}>
            <strong>{h.name}</strong> <span className="muted">{hitDetails(h, t, i18n.language)}</span>
          </li>
        ))}
      </ul>
      {query.trim().length >= 2 && shown.length === 0 && <p className="muted">{t('attach.none')}</p>}
    </>
  );
}
