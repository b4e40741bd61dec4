import { useTranslation } from 'react-i18next';
import { usePhoneFormat } from '../../lib/phone.js';
import type { CustomerCard } from '../../../src-shared/api/entities.js';
import { formatDate, formatDateTime, formatDay } from '../../i18n/format.js';
import { useApi } from '../../api/context.js';
import { dialFromCard } from '../../lib/callActions.js';
import { shortcut } from '../../lib/keymap.js';
import { useStores } from '../../stores/index.js';
import { LabelsPanel } from './LabelsPanel.js';

export function CustomerHeader({ card }: { card: CustomerCard }) {
  const { t, i18n } = useTranslation();
  const phone = usePhoneFormat();
  const api = useApi();
  const stores = useStores();
  const c = card.customer;
  const lng = i18n.language;
  return (
    <section className="customer-header" aria-labelledby="customer-name">
      <div className="customer-title">
        <h2 id="customer-name" data-testid="customer-name">
          {c.name}
        </h2>
        <span className="badge">{c.kind === 'organisation' ? t('card.organisationKind') : t('card.person')}</span>
        {c.accountNo && <span className="badge" data-testid="customer-account">{t('ivr.accountShort', { accountNo: c.accountNo })}</span>}
      </div>
      <LabelsPanel card={card} />
      <dl className="facts">
        {c.organisation && (
          <div>
            <dt>{t('card.organisation')}</dt>
            <dd>{c.organisation}</dd>
          </div>
        )}
        <div>
          <dt>{t('card.contacts')}</dt>
          <dd>
            <ul className="contact-list">
              {c.contacts.map((p) => (
                <li key={p.id}>
                  <span className="contact-kind">{t(`customer.contactKindValue.${p.kind}`)}</span>{' '}
                  {p.kind === 'email' ? (
                    // An address is a button too: it writes a letter to it, which the server sends (Ctrl+Shift+L).
                    <button type="button" className="btn-link" aria-keyshortcuts={shortcut('writeEmail').aria} title={t('shortcuts.writeEmail')}
                      onClick={() => stores.ui.getState().openDialog({ kind: 'compose' })} data-testid="write-email">
                      {p.raw}
                    </button>
                  ) : (
                    // A number is a button: Enter, a click or F4 on it calls it (calls.dial).
                    <button type="button" className="btn-link dial-number" data-dial={p.normalized} aria-keyshortcuts={shortcut('dial').aria}
                      title={t('shortcuts.dial')} onClick={() => void dialFromCard(stores, api)} data-testid="dial-number">
                      {phone(p.raw)}
                    </button>
                  )}
                  {p.label && <span className="muted"> · {p.label}</span>}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        {c.birthday && (
          <div>
            <dt>{t('card.birthday')}</dt>
            <dd>{formatDate(new Date(`${c.birthday}T00:00:00`).getTime(), lng)}</dd>
          </div>
        )}
        <div>
          <dt>{t('card.lastContact')}</dt>
          <dd>{card.lastContactAt ? formatDateTime(card.lastContactAt, lng) : t('card.never')}</dd>
        </div>
        <div data-testid="recency">
          <dt>{t('card.recency')}</dt>
          <dd>
            {/* Two calls or more in a day: a problem that did not get solved, said before anything else. */}
            <span className={card.recency.callsIn24h >= 2 ? 'recency-alert' : undefined} data-testid="recency-24h">
              {t('card.recency24h', { n: card.recency.callsIn24h })}
            </span>
            {' · '}{t('card.recency7d', { n: card.recency.entries7d })}{' · '}{t('card.recency30d', { n: card.recency.entries30d })}
          </dd>
        </div>
      </dl>
      <div className={`manager ${c.ownerLocked ? 'manager-locked' : ''}`} data-testid="manager">
        <span className="manager-label">{t('card.manager')}</span>
        <strong className="manager-name">{c.owner?.name ?? t('card.noManager')}</strong>
        {c.ownerLocked ? (
          <span className="lock-badge" title={t('card.lockedHint')}>
            {t('card.locked')}
          </span>
        ) : (
          <span className="muted">{t('card.notLocked')}</span>
        )}
        {c.ownerLocked && <span className="manager-hint">{t('card.lockedHint')}</span>}
        {card.ownerAway && (
          // "When will he be in?": answered from the card (issue 19).
          <span className="manager-away" role="note" data-testid="manager-away">
            {t('diary.away', {
              kind: t(`diary.kind_${card.ownerAway.kind}`),
              until: formatDay(card.ownerAway.endsOn, lng),
              back: formatDay(card.ownerAway.backOn, lng),
            })}
            {card.ownerAway.standIn && ` · ${t('diary.awayStandIn', { name: card.ownerAway.standIn.name })}`}
          </span>
        )}
      </div>
    </section>
  );
}
