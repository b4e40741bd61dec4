// The customer's tags and segments on the card (issue 20): the segments they belong to (the card's
// segment field and the saved segments whose rule they meet), and their tags, which the operator puts
// on (Ctrl+Shift+G) and takes off. Campaigns, search (#label) and the work queue read the same labels.
import './labels.css';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerCard } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { Kbd } from '../../components/Kbd.js';
import { errorMessage } from '../../i18n/errors.js';
import { shortcut } from '../../lib/keymap.js';
import { useStores } from '../../stores/index.js';

export function LabelsPanel({ card }: { card: CustomerCard }) {
  const { t } = useTranslation();
  const api = useApi();
  const { ui, card: cardStore } = useStores();
  const listId = useId();
  const [tag, setTag] = useState('');
  const [known, setKnown] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const { tags, segments } = card.labels;
  useEffect(() => {
    let live = true;
    api['tags.known']({}).then((k) => live && setKnown(k), () => undefined);
    return () => {
      live = false;
    };
  }, [api, card.customer.id]);

  const set = async (name: string, on: boolean) => {
    setBusy(true);
    try {
      await api['tags.set']({ customerId: card.customer.id, tag: name, on });
      if (on) ui.getState().toast('success', (tr) => tr('segments.tagAdded', { tag: name }));
      // Tags change which segments and campaigns apply: the whole card is read again.
      await cardStore.getState().refresh();
    } catch (error) {
      ui.getState().toast('error', (tr) => errorMessage(error, tr));
    } finally {
      setBusy(false);
    }
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    const name = tag.trim();
    if (name === '' || busy) return;
    setTag('');
    void set(name, true);
  };

  return (
    <section className="labels" aria-label={t('segments.labels')} data-testid="labels">
      {segments.length > 0 && (
        <ul className="label-list" aria-label={t('segments.segmentsOf')}>
          {segments.map((s) => <li key={s} className="badge badge-accent" data-testid="segment-badge">{s}</li>)}
        </ul>
      )}
      <ul className="label-list" aria-label={t('segments.tags')}>
        {tags.map((name) => (
          <li key={name} className="tag-chip" data-testid="tag-chip">
            #{name}
            <button type="button" className="tag-remove" aria-label={t('segments.removeTag', { tag: name })} disabled={busy} onClick={() => void set(name, false)}>×</button>
          </li>
        ))}
      </ul>
      <form className="tag-add" onSubmit={add}>
        <input
          className="tag-input" value={tag} onChange={(e) => setTag(e.target.value)} list={listId} maxLength={60}
          aria-label={t('segments.tagName')} placeholder={t('segments.tagName')} aria-keyshortcuts={shortcut('addTag').aria} data-testid="tag-input"
        />
        <datalist id={listId}>{known.filter((k) => !tags.includes(k)).map((k) => <option key={k} value={k} />)}</datalist>
        <button type="submit" className="btn btn-small" disabled={busy || tag.trim() === ''}>
          {t('segments.addTag')} <Kbd id="addTag" />
        </button>
      </form>
    </section>
  );
}
