import { useEffect, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Kbd } from '../../components/Kbd.js';
import { Progress } from '../../components/fields.js';
import { useCard, useStores } from '../../stores/index.js';

export function IncomingBar({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const { card } = useStores();
  const busy = useCard((s) => s.status === 'loading' && s.mode === 'lookup');
  const [value, setValue] = useState(() => card.getState().query);

  // A pushed incoming-call event fills the field too, so the operator sees which number rang.
  useEffect(
    () =>
      card.subscribe((s, prev) => {
        if (s.query && s.query !== prev.query) setValue(s.query);
      }),
    [card],
  );

  return (
    <form
      className="incoming"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim()) void card.getState().lookup(value.trim());
      }}
    >
      <span className="incoming-label">
        <label htmlFor="incoming-number">{t('incoming.label')}</label> <Kbd id="incoming" />
      </span>
      <div className="incoming-row">
        <input
          id="incoming-number"
          ref={inputRef}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          placeholder={t('incoming.placeholder')}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-keyshortcuts="F2"
          data-testid="incoming-number"
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('incoming.lookup')}
        </button>
      </div>
      <span className="incoming-status" aria-live="polite">
        {busy && <Progress label={t('incoming.lookingUp')} />}
      </span>
    </form>
  );
}
