import { useTranslation } from 'react-i18next';
import type { FiguresResponse } from '../../../src-shared/supervisor/protocol.js';

/**
 * The customers' own ratings in the range (issue 26): how many and their mean, by the reason of the
 * entry rated and by how the rating came. Per operator they are columns of the main table.
 */
export function SatisfactionFigures({ figures }: { figures: FiguresResponse }) {
  const { t, i18n } = useTranslation();
  const { byReason, byChannel } = figures.satisfaction;
  if (![...byReason, ...byChannel].some((r) => r.count > 0)) return null;
  const nf = new Intl.NumberFormat(i18n.language);
  const mean = (m: number | null) => (m === null ? '—' : m.toLocaleString(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 2 }));
  const table = (caption: string, head: string, rows: { key: string; label: string; count: number; mean: number | null }[], testId: string) => (
    <table className="data-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr><th scope="col">{head}</th><th scope="col">{t('ratings.figCount')}</th><th scope="col">{t('ratings.figMean')}</th></tr>
      </thead>
      <tbody>
        {rows.filter((r) => r.count > 0).map((r) => (
          <tr key={r.key}><th scope="row">{r.label}</th><td>{nf.format(r.count)}</td><td>{mean(r.mean)}</td></tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <>
      {table(t('ratings.byReason'), t('reason.label'), byReason.map((r) => ({ key: r.reason, label: t(`reason.${r.reason}`), count: r.count, mean: r.mean })), 'figures-satisfaction-reason')}
      {table(t('ratings.byChannel'), t('ratings.how'), byChannel.map((r) => ({ key: r.channel, label: t(`ratings.channel_${r.channel}`), count: r.count, mean: r.mean })), 'figures-satisfaction-channel')}
    </>
  );
}
