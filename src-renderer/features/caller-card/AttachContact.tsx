import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/context.js';
import { errorMessage } from '../../i18n/errors.js';
import { CustomerPicker, type CustomerHit } from '../../components/CustomerPicker.js';
import { useCard, useStores } from '../../stores/index.js';
import { Kbd } from '../../components/Kbd.js';

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
  const [chosen, setChosen] = useState<CustomerHit | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();

  const attach = async (hit: CustomerHit) => {
    setBusy(true);
    setError(null);
    try {
      await api['contacts.add']({ customerId: hit.customerId, kind: value.includes('@') ? 'email' : 'phone', value, acknowledgeDuplicate: false });
      ui.getState().toast('success', (tr) => tr('attach.done', { value, name: hit.name }));
      await card.getState().lookup(value, startedAt ?? undefined, callId ?? undefined);
    } catch (e) {
      setError(errorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="attach-contact" aria-labelledby={titleId} data-testid="attach-contact">
      <h3 id={titleId}>{t('attach.title', { value })} <Kbd id="mergeCustomer" /></h3>
      {!chosen ? (
        <CustomerPicker label={t('attach.search')} onPick={setChosen} testId="attach-search" />
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
