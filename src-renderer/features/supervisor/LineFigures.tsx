import { useTranslation } from 'react-i18next';
import type { FiguresResponse } from '../../../src-shared/supervisor/protocol.js';

/** Calls by the queue or number they came in on (issue 18): how many, how many missed, the mean wait. */
export function LineFigures({ figures }: { figures: FiguresResponse }) {
  const { t, i18n } = useTranslation();
  if (figures.byLine.length === 0) return null;
  const nf = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 });
  return (
    <table className="data-table" data-testid="figures-by-line">
      <caption>{t('teamCalls.byLine')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('teamCalls.line')}</th>
          <th scope="col">{t('teamCalls.lineCalls')}</th>
          <th scope="col">{t('teamCalls.lineMissed')}</th>
          <th scope="col">{t('teamCalls.lineWait')}</th>
        </tr>
      </thead>
      <tbody>
        {figures.byLine.map((l) => (
          <tr key={l.line}>
            <th scope="row">{l.line}</th>
            <td>{nf.format(l.calls)}</td>
            <td>{nf.format(l.missed)}</td>
            <td>{l.avgWaitS === null ? '—' : nf.format(l.avgWaitS)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
