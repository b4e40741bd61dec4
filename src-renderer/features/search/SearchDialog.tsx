import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchResults } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { Dialog } from '../../components/Dialog.js';
import { Progress } from '../../components/fields.js';
import { formatDate } from '../../i18n/format.js';
import { errorMessage } from '../../i18n/errors.js';
import { useCard, useStores } from '../../stores/index.js';
import { selectedCard } from '../../stores/callerCard.js';
import { CHANNEL_ICON } from '../../lib/channelIcons.js';
import { hitDetails } from '../../lib/searchHit.js';
import type { TFunction } from 'i18next';

const DEBOUNCE_MS = 200;

interface Option {
  key: string;
  customerId: string;
  group: 'customers' | 'interactions';
  primary: string;
  secondary: string;
}

function toOptions(r: SearchResults, lng: string, t: TFunction): Option[] {
  return [
    ...r.customers.map((c) => ({
      key: `c-${c.customerId}`,
      customerId: c.customerId,
      group: 'customers' as const,
      primary: c.name,
      secondary: hitDetails(c, t, lng),
    })),
    ...r.interactions.map((i) => ({
      key: `i-${i.interactionId}`,
      customerId: i.customerId,
      group: 'interactions' as const,
      primary: `${CHANNEL_ICON[i.channel]} ${i.customerName} · ${formatDate(i.occurredAt, lng)}`,
      secondary: i.snippet,
    })),
  ];
}

export function SearchDialog() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { ui, card } = useStores();
  const listId = useId();
  const [q, setQ] = useState('');
  const [found, setOptions] = useState<Option[] | null>(null);
  // Clearing the field hides stale results without a round trip.
  const options = q.trim() ? found : null;
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onScreen = useCard((s) => selectedCard(s)?.customer.id ?? null);

  useEffect(() => {
    const query = q.trim();
    if (!query) return;
    let live = true;
    const timer = setTimeout(() => {
      setBusy(true);
      api['search.query']({ q: query, limit: 20 })
        .then((r) => {
          if (!live) return;
          setOptions(toOptions(r, i18n.language, t));
          setActive(0);
          setError(null);
        })
        .catch((e: unknown) => live && setError(errorMessage(e, t)))
        .finally(() => live && setBusy(false));
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, api, i18n.language, t]);

  const open = (o: Option | undefined) => {
    if (!o) return;
    ui.getState().closeDialog();
    void card.getState().openCustomer(o.customerId);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = options?.length ?? 0;
    if (e.key === 'ArrowDown' && n) {
      e.preventDefault();
      setActive((a) => (a + 1) % n);
    } else if (e.key === 'ArrowUp' && n) {
      e.preventDefault();
      setActive((a) => (a - 1 + n) % n);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      open(options?.[active]);
    } else if (e.altKey && e.code === 'KeyO' && onScreen && options?.[active] && options[active].customerId !== onScreen) {
      // The duplicate found while the customer's card is on screen: merge the two.
      e.preventDefault();
      ui.getState().openDialog({ kind: 'customerMerge', otherId: options[active].customerId });
    }
  };

  const optionId = (i: number) => `${listId}-o${i}`;
  return (
    <Dialog title={t('search.title')} onClose={() => ui.getState().closeDialog()} testId="search-dialog" description={onScreen ? t('search.hintMerge') : t('search.hint')}>
      <div className="search">
        <label htmlFor={`${listId}-q`} className="visually-hidden">
          {t('search.label')}
        </label>
        <input
          id={`${listId}-q`}
          data-autofocus=""
          type="search"
          role="combobox"
          aria-expanded={Boolean(options?.length)}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={options?.length ? optionId(active) : undefined}
          placeholder={t('search.label')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={onKeyDown}
          autoComplete="off"
          data-testid="search-input"
        />
        <div aria-live="polite" className="search-status">
          {busy && <Progress label={t('search.searching')} />}
          {!busy && options && (options.length ? t('search.results', { count: options.length }) : t('search.none'))}
          {error && (
            <span role="alert" className="field-error">
              {error}
            </span>
          )}
        </div>
        <ul id={listId} role="listbox" aria-label={t('search.title')} className="search-results">
          {options?.map((o, i) => (
            <li
              key={o.key}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className={`search-option ${i === active ? 'active' : ''}`}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => open(o)}
            >
              <span className="search-group">{t(`search.${o.group}`)}</span>
              <strong>{o.primary}</strong>
              {o.secondary && <span className="muted search-secondary">{o.secondary}</span>}
            </li>
          ))}
        </ul>
      </div>
    </Dialog>
  );
}
