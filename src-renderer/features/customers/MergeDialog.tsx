import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../src-shared/api/entities.js';
import { MERGE_FIELDS, type MergeField } from '../../../src-shared/sync/customer-merge.js';
import { useApi } from '../../api/context.js';
import { CustomerPicker } from '../../components/CustomerPicker.js';
import { Dialog } from '../../components/Dialog.js';
import { Kbd } from '../../components/Kbd.js';
import { Progress } from '../../components/fields.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatDate } from '../../i18n/format.js';
import { useStores } from '../../stores/index.js';

type Side = 'this' | 'other';

/** A field's value as the comparison shows it; null when the customer has none. */
function shown(c: Customer, field: MergeField, t: (k: string) => string, lng: string): string | null {
  switch (field) {
    case 'birthday':
      return c.birthday ? formatDate(new Date(`${c.birthday}T00:00:00`).getTime(), lng) : null;
    case 'kind':
      return t(c.kind === 'person' ? 'card.person' : 'card.organisationKind');
    case 'owner':
      return c.owner ? `${c.owner.name}${c.ownerLocked ? ` (${t('merge.locked')})` : ''}` : null;
    default:
      return c[field];
  }
}

/**
 * Two cards of one person (the duplicate a missed call created): the operator finds the other one,
 * says which of the two stays, picks each differing field's value, and merges with Ctrl+Enter.
 * Everything of both (numbers, history, cases, tasks) ends on the one that stays. The server merges
 * (it needs a connection); every desktop then shows one customer.
 */
export function MergeDialog({ current, otherId }: { current: Customer; otherId?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const api = useApi();
  const { ui, card } = useStores();
  const close = () => ui.getState().closeDialog();
  const [other, setOther] = useState<Customer | null>(null);
  const [keep, setKeep] = useState<Side>('this');
  const [choice, setChoice] = useState<Partial<Record<MergeField, Side>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const pick = async (customerId: string) => {
    setError(null);
    try {
      const found = await api['customers.get']({ id: customerId });
      setOther(found);
      setChoice({});
    } catch (e) {
      setError(errorMessage(e, t));
    }
  };

  // Opened from search on a result: that customer is the other card.
  useEffect(() => {
    if (!otherId || otherId === current.id) return;
    let live = true;
    api['customers.get']({ id: otherId }).then((found) => live && setOther(found), (e: unknown) => live && setError(errorMessage(e, t)));
    return () => {
      live = false;
    };
  }, [api, otherId, current.id, t]);
  // The other card picked: the keyboard goes on to "which card stays".
  const keepRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (other) keepRef.current?.focus();
  }, [other]);

  const survivor = keep === 'this' ? current : other;
  const absorbed = keep === 'this' ? other : current;
  const differing = other ? MERGE_FIELDS.filter((f) => shown(current, f, t, lng) !== shown(other, f, t, lng)) : [];
  // As the server decides a field left out: the survivor's value, or the other's where it has none.
  const sideOf = (f: MergeField): Side => {
    if (choice[f]) return choice[f];
    const keptHasIt = survivor ? shown(survivor, f, t, lng) !== null : true;
    return keptHasIt ? keep : keep === 'this' ? 'other' : 'this';
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!other || !survivor || !absorbed || busy) return;
    setBusy(true);
    setError(null);
    try {
      const fields = Object.fromEntries(differing.map((f) => [f, sideOf(f) === keep ? 'into' : 'from']));
      const answer = await api['merge.customers']({ fromId: absorbed.id, intoId: survivor.id, fields });
      ui.getState().toast('success', (tr) => tr('merge.done', { name: survivor.name }));
      close();
      await card.getState().openCustomer(answer.survivorId, true);
    } catch (err) {
      setError(errorMessage(err, t));
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('merge.title', { name: current.name })} onClose={close} size="wide" testId="merge-dialog" description={t('merge.explain')}>
      {!other ? (
        <CustomerPicker label={t('merge.search')} onPick={(h) => void pick(h.customerId)} exclude={current.id} testId="merge-search" autoFocus />
      ) : (
        <form onSubmit={(e) => void submit(e)} onKeyDown={submitOnCtrlEnter} data-testid="merge-form">
          <fieldset className="merge-keep">
            <legend>{t('merge.keep')}</legend>
            {(['this', 'other'] as const).map((side) => (
              <label key={side} className="radio">
                <input type="radio" name="merge-keep" value={side} checked={keep === side} onChange={() => {
                    setKeep(side);
                    setChoice({});
                  }} ref={side === 'this' ? keepRef : undefined} data-testid={`merge-keep-${side}`} />
                {t(side === 'this' ? 'merge.keepThis' : 'merge.keepOther', { name: (side === 'this' ? current : other).name })}
              </label>
            ))}
          </fieldset>
          {differing.length === 0 ? (
            <p className="muted">{t('merge.same')}</p>
          ) : (
            <table className="merge-fields" data-testid="merge-fields">
              <caption>{t('merge.fields')}</caption>
              <thead>
                <tr><th scope="col">{t('merge.field')}</th><th scope="col">{current.name}</th><th scope="col">{other.name}</th></tr>
              </thead>
              <tbody>
                {differing.map((f) => (
                  <tr key={f}>
                    <th scope="row">{t(`merge.fieldNames.${f}`)}</th>
                    {(['this', 'other'] as const).map((side) => {
                      const value = shown(side === 'this' ? current : other, f, t, lng);
                      return (
                        <td key={side}>
                          <label className="radio">
                            <input type="radio" name={`merge-${f}`} checked={sideOf(f) === side} onChange={() => setChoice((c) => ({ ...c, [f]: side }))} data-testid={`merge-${f}-${side}`} />
                            {value ?? <span className="muted">{t('merge.empty')}</span>}
                          </label>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="muted">{t('merge.everything', { name: absorbed?.name ?? '' })}</p>
          <div className="form-actions">
            <span aria-live="polite">{busy && <Progress label={t('merge.merging')} />}</span>
            <button type="button" className="btn" onClick={() => setOther(null)}>{t('attach.back')}</button>
            <button type="submit" className="btn btn-primary" disabled={busy} aria-keyshortcuts="Control+Enter" data-testid="merge-confirm">
              {t('merge.confirm')} <Kbd id="save" />
            </button>
          </div>
        </form>
      )}
      {error && <p role="alert" className="field-error">{error}</p>}
    </Dialog>
  );
}
