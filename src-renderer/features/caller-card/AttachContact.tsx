import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchResults } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { errorMessage } from '../../i18n/errors.js';
import { useCard, useStores } from '../../stores/index.js';

type Hit = SearchResults['customers'][number];

/**
 * An unknown number (or address) that belongs to a customer the store already has: the operator
 * searches, picks with ↑ ↓ and Enter, confirms, and the number becomes one of the customer's
 * contacts; the card reopens on them with the call (its start and its CTI call) still attached, so
 * the call being logged belongs to that customer. Works offline: it is a local write that syncs.
 */
export function AttachContact({ value }: { value: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const { card, ui } = useStores();
  const startedAt = useCard((s) => s.callStartedAt);
  const callId = useCard((s) => s.callId);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [active, setActive] = useState(0);
  const [chosen, setChosen] = useState<Hit | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const listId = useId();

  useEffect(() => {
    if (query.trim().length < 2) return;
    let current = true;
    api['search.query']({ q: query, limit: 10 }).then(
      (r) => {
        if (!current) return;
        setHits(r.customers);
        setActive(0);
      },
      () => current && setHits([]),
    );
    return () => {
      current = false;
    };
  }, [api, query]);

  const shown = query.trim().length < 2 ? [] : hits;
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, shown.length - 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (e.key === 'Enter' && shown[active]) setChosen(shown[active]);
    else return;
    e.preventDefault();
  };

  const attach = async (hit: Hit) => {
    setBusy(true);
    setError(null);
    try {
      await api['contacts.add']({ customerId: hit.customerId, kind: value.includes('@') ? 'email' : 'phone', value, acknowledgeDuplicate: false });
      ui.getState().toast('success', t('attach.done', { value, name: hit.name }));
      await card.getState().lookup(value, startedAt ?? undefined, callId ?? undefined);
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="attach-contact" aria-labelledby={`${listId}-title`} data-testid="attach-contact">
      <h3 id={`${listId}-title`}>{t('attach.title', { value })}</h3>
      {!chosen ? (
        <>
          <label className="field">
            <span>{t('attach.search')}</span>
            <input
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
              data-testid="attach-search"
            />
          </label>
          <ul id={listId} role="listbox" aria-label={t('attach.results')} className="attach-results">
            {shown.map((h, i) => (
              <li key={h.customerId} id={`${listId}-${i}`} role="option" aria-selected={i === active} onClick={() => setChosen(h)} data-testid="attach-hit">
                <strong>{h.name}</strong> {h.organisation && <span className="muted">{h.organisation}</span>} <span className="muted">{h.contacts}</span>
              </li>
            ))}
          </ul>
          {query.trim().length >= 2 && shown.length === 0 && <p className="muted">{t('attach.none')}</p>}
        </>
      ) : (
        <div className="attach-confirm" role="group" aria-label={t('attach.confirmTitle')}>
          <p data-testid="attach-question">{t('attach.question', { value, name: chosen.name })}</p>
          <button type="button" className="btn btn-primary" disabled={busy} autoFocus onClick={() => void attach(chosen)} data-testid="attach-confirm">{t('attach.confirm')}</button>{' '}
          <button type="button" className="btn" disabled={busy} onClick={() => setChosen(null)}>{t('attach.back')}</button>
        </div>
      )}
      {error && <p role="alert" className="field-error">{error}</p>}
    </section>
  );
}
