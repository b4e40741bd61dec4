import { useTranslation } from 'react-i18next';
import { CHANNELS, LOGGED_CHANNELS, REASONS, type Channel } from '../../../src-shared/domain.js';
import type { ContactCounts } from '../../../src-shared/api/entities.js';

export function Counts({ counts }: { counts: ContactCounts }) {
  const { t } = useTranslation();
  // The channels an operator logs always; the others (website, chat, messenger) once the customer used them.
  const shown = CHANNELS.filter((c: Channel) => (LOGGED_CHANNELS as readonly Channel[]).includes(c) || counts.inbound[c] + counts.outbound[c] > 0);
  return (
    <section className="panel counts" aria-labelledby="counts-title" data-testid="counts">
      <h3 id="counts-title">
        {t('counts.title')} <span className="muted">· {t('counts.total', { count: counts.total })}</span>
      </h3>
      <ul className="reason-tiles" aria-label={t('counts.byReason')}>
        {REASONS.map((r) => (
          <li key={r} className={`tile tile-${r}`} data-testid={`count-${r}`}>
            <span className="tile-value">{counts.byReason[r]}</span>
            <span className="tile-label">{t(`reason.${r}`)}</span>
          </li>
        ))}
      </ul>
      <table className="channel-table">
        <thead>
          <tr>
            <td />
            {shown.map((c) => (
              <th key={c} scope="col">
                {t(`channel.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr data-testid="count-inbound">
            <th scope="row">{t('counts.inbound')}</th>
            {shown.map((c) => (
              <td key={c}>{counts.inbound[c]}</td>
            ))}
          </tr>
          <tr data-testid="count-outbound">
            <th scope="row">{t('counts.outbound')}</th>
            {shown.map((c) => (
              <td key={c}>{counts.outbound[c]}</td>
            ))}
          </tr>
        </tbody>
      </table>
    </section>
  );
}
