import { useTranslation } from 'react-i18next';
import { ShortcutButton } from '../../components/ShortcutButton.js';
import { findCall } from '../../stores/calls.js';
import { useCalls, useCard, useStores } from '../../stores/index.js';
import { keysText, transferToManager } from '../../lib/callActions.js';
import { formatDay } from '../../i18n/format.js';

/**
 * "Customer of <manager> — ext. NNN, transfer: Alt+R": a customer's calls go to their manager, so when
 * the caller belongs to someone else the card says so first. Shown for the call's first matching
 * customer (the one the engine's hint is about).
 */
export function TransferHint({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const callId = useCard((s) => s.callId);
  const call = useCalls((s) => findCall(s.state, callId));
  const transfer = call?.transfer;
  if (!call || !transfer || call.customers[0]?.customerId !== customerId) return null;
  return (
    <div className="transfer-hint" role="note" data-testid="transfer-hint">
      <span className="transfer-icon" aria-hidden="true">
        ⇄
      </span>
      {transfer.away && (
        <span className="transfer-away" data-testid="transfer-away">
          {transfer.away.ownerName}: {t('diary.away', { kind: t(`diary.kind_${transfer.away.kind}`), until: formatDay(transfer.away.until, i18n.language), back: formatDay(transfer.away.backOn, i18n.language) })}
          {transfer.standIn ? '. ' : ''}
        </span>
      )}
      {(!transfer.away || transfer.standIn) && <strong className="transfer-text">
        {transfer.extension
          ? t('calls.transfer', { name: transfer.toName, ext: transfer.extension, key: keysText('transfer') })
          : t('calls.transferNoExt', { name: transfer.toName })}
      </strong>}
      {transfer.extension && (
        <ShortcutButton shortcutId="transfer" tone="primary" label={t('calls.transferButton')} onClick={() => void transferToManager(stores)} data-testid="transfer-button" />
      )}
    </div>
  );
}
