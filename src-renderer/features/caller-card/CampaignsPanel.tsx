// The campaigns that apply to the customer today (issue 20): what the company has told them, so the
// operator knows it, and the customer's response in one key. Alt+1…4 answer the current campaign
// (the first, or the one last clicked or focused); the buttons show the same keys.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RESPONSE_KINDS, type ResponseKind } from '../../../src-shared/campaigns/campaign.js';
import type { CustomerCard } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { Kbd } from '../../components/Kbd.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatDateTime, formatDay } from '../../i18n/format.js';
import { shortcut, type ShortcutId } from '../../lib/keymap.js';
import { useStores } from '../../stores/index.js';

export const RESPONSE_SHORTCUTS: Record<ResponseKind, ShortcutId> = {
  interested: 'campaignInterested', declined: 'campaignDeclined', purchased: 'campaignPurchased', info: 'campaignInfo',
};

/** Alt+1…4: press the current campaign's response button, when the card shows campaigns. */
export function campaignResponseKeys(): Partial<Record<ShortcutId, () => void>> {
  return Object.fromEntries(RESPONSE_KINDS.map((kind) => [RESPONSE_SHORTCUTS[kind], () => {
    document.querySelector<HTMLButtonElement>(`[data-testid="campaign"][data-current] button[data-response="${kind}"]:not(:disabled)`)?.click();
  }]));
}

export function CampaignsPanel({ card }: { card: CustomerCard }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { ui, card: cardStore } = useStores();
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (card.campaigns.length === 0) return null;
  const current = card.campaigns.find((c) => c.id === currentId) ?? card.campaigns[0]!;
  const lng = i18n.language;

  const respond = async (campaignId: string, kind: ResponseKind) => {
    if (busy) return;
    setBusy(true);
    try {
      await api['campaigns.respond']({ campaignId, customerId: card.customer.id, kind, channel: 'call', interactionId: null, note: null });
      ui.getState().toast('success', (tr) => tr('campaigns.recorded', { kind: tr(`campaigns.response_${kind}`) }));
      await cardStore.getState().refresh();
    } catch (error) {
      ui.getState().toast('error', (tr) => errorMessage(error, tr));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel campaigns" aria-labelledby="campaigns-title" data-testid="campaigns">
      <h3 id="campaigns-title">
        {t('campaigns.title')} <span className="count-pill">{card.campaigns.length}</span>
      </h3>
      <ul className="campaign-list">
        {card.campaigns.map((c) => {
          const isCurrent = c.id === current.id;
          return (
            <li
              key={c.id}
              className={`campaign-item${isCurrent ? ' is-current' : ''}`}
              data-testid="campaign"
              data-current={isCurrent || undefined}
              onFocusCapture={() => setCurrentId(c.id)}
              onClick={() => setCurrentId(c.id)}
            >
              <div className="campaign-head">
                <span className="badge">{t(`campaigns.kind_${c.kind}`)}</span>
                <strong>{c.name}</strong>
                <span className="muted">{t('campaigns.until', { day: formatDay(c.endsOn, lng) })}</span>
              </div>
              <p className="campaign-offer">{c.offer}</p>
              {c.response && (
                <p className="muted" data-testid="campaign-response">
                  {t('campaigns.answered', { kind: t(`campaigns.response_${c.response.kind}`), by: c.response.by ?? '—', when: formatDateTime(c.response.at, lng) })}
                </p>
              )}
              <div className="campaign-actions" role="group" aria-label={t('campaigns.respondTo', { name: c.name })}>
                {RESPONSE_KINDS.map((kind) => (
                  <button
                    key={kind}
                    type="button"
                    className="btn btn-small"
                    disabled={busy}
                    data-response={kind}
                    aria-keyshortcuts={isCurrent ? shortcut(RESPONSE_SHORTCUTS[kind]).aria : undefined}
                    onClick={() => void respond(c.id, kind)}
                  >
                    <span>{t(`campaigns.response_${kind}`)}</span>
                    {isCurrent && <Kbd id={RESPONSE_SHORTCUTS[kind]} />}
                  </button>
                ))}
              </div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
