import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FiguresRow } from '../../../src-shared/supervisor/protocol.js';
import { useApi } from '../../api/context.js';
import { TextField } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';
import { useStores, useSupervisor } from '../../stores/index.js';
import { presetRange } from '../../stores/supervisor.js';
import { FigureCharts } from './FigureCharts.js';
import { LineFigures } from './LineFigures.js';
import { SatisfactionFigures } from './SatisfactionFigures.js';
import { saveTextFile } from '../../lib/saveFile.js';
import { ViewStatus } from './ViewStatus.js';
import { formatClock } from '../../lib/clock.js';

/** Every figure the CSV has, in its order: the screen hides none of them. */
export const FIGURE_COLUMNS = [
  'callsIn', 'callsOut', 'emails', 'faxes', 'complaints', 'serviceRequests', 'informationRequests', 'sales', 'other', 'avgHandlingS',
  'missed', 'missedCalledBack', 'casesOpened', 'casesClosed', 'chats', 'ratings', 'ratingMean',
] as const satisfies readonly (keyof FiguresRow)[];
const COLUMNS = FIGURE_COLUMNS;

const PRESETS = [
  { days: 1, label: 'today' },
  { days: 7, label: 'days7' },
  { days: 30, label: 'days30' },
] as const;

/** The team's figures for a range of days: a table per operator with a total row, charts, CSV export. */
export function FiguresView() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { supervisor, ui } = useStores();
  const figures = useSupervisor((s) => s.figures);
  const range = useSupervisor((s) => s.range);
  const today = useSupervisor((s) => s.today);
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  // The range may settle after the view opened (the centre's "today" comes with the board).
  const [shownRange, setShownRange] = useState(range);
  if (shownRange !== range) {
    setShownRange(range);
    setFrom(range.from);
    setTo(range.to);
  }
  const [exporting, setExporting] = useState(false);
  const nf = new Intl.NumberFormat(i18n.language);
  const cell = (row: FiguresRow, c: (typeof COLUMNS)[number]) => {
    const v = row[c];
    if (v === null) return '—';
    // Handling time as minutes and seconds (3:05), as supervisors read it; the CSV keeps seconds.
    if (c === 'ratingMean') return v.toLocaleString(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 2 });
    return c === 'avgHandlingS' ? formatClock(Math.round(v)) : nf.format(v);
  };

  const show = (next: { from: string; to: string }) => {
    setFrom(next.from);
    setTo(next.to);
    void supervisor.getState().loadFigures(next);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (from && to) show(from <= to ? { from, to } : { from: to, to: from });
  };
  const exportCsv = async () => {
    setExporting(true);
    try {
      const file = await api['supervisor.figuresCsv'](range);
      saveTextFile(file.fileName, file.csv, 'text/csv;charset=utf-8');
      ui.getState().toast('success', (tr) => tr('supervisor.exported', { file: file.fileName }));
    } catch (error) {
      ui.getState().toast('error', errorMessage(error, t));
    } finally {
      setExporting(false);
    }
  };

  const data = figures.data;
  return (
    <section className="supervisor-view" aria-labelledby="sv-figures-title" data-testid="supervisor-figures">
      <h2 tabIndex={-1} id="sv-figures-title">{t('supervisor.figures')}</h2>
      <form className="supervisor-filters" aria-label={t('supervisor.fig.range')} onSubmit={onSubmit}>
        <div className="preset-group" role="group" aria-label={t('supervisor.fig.presets')}>
          {PRESETS.map((p) => {
            const r = presetRange(p.days, today);
            const current = r.from === range.from && r.to === range.to;
            return (
              <button key={p.days} type="button" className={`btn btn-small${current ? ' btn-primary' : ''}`} aria-pressed={current} onClick={() => show(r)} data-testid={`figures-preset-${p.days}`}>
                {t(`supervisor.fig.${p.label}`)}
              </button>
            );
          })}
        </div>
        <TextField label={t('supervisor.fig.from')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="figures-from" />
        <TextField label={t('supervisor.fig.to')} type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="figures-to" />
        <button type="submit" className="btn" data-testid="figures-apply">{t('supervisor.fig.apply')}</button>
        <button type="button" className="btn" onClick={() => void exportCsv()} disabled={exporting || !data} data-testid="figures-csv">
          {t('supervisor.fig.exportCsv')}
        </button>
      </form>
      <ViewStatus status={figures.status} error={figures.error} live={figures.live} fetchedAt={figures.fetchedAt} testId="supervisor-figures" />
      {data && (
        <>
          {/* Wider than a 1366 px screen with every column: the keyboard scrolls it, so it is a focusable region. */}
          <div className="table-scroll" tabIndex={0} role="region" aria-label={t('supervisor.fig.teamTable', { from: data.from, to: data.to })}>
            <table className="data-table figures-table" data-testid="figures-table">
              <caption>
                {t('supervisor.fig.teamTable', { from: data.from, to: data.to })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('supervisor.col.operator')}</th>
                  {COLUMNS.map((c) => (
                    <th key={c} scope="col" className="num">{t(`supervisor.fig.col.${c}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.operators.map((row) => (
                  <tr key={row.userId ?? row.name} data-testid="figures-row" data-user-id={row.userId ?? ''}>
                    <th scope="row">{row.name}</th>
                    {COLUMNS.map((c) => (
                      <td key={c} className="num" data-col={c}>{cell(row, c)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr data-testid="figures-total">
                  <th scope="row">{t('supervisor.fig.total')}</th>
                  {COLUMNS.map((c) => (
                    <td key={c} className="num" data-col={c}>{cell(data.total, c)}</td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
          <LineFigures figures={data} />
          <SatisfactionFigures figures={data} />
          <FigureCharts figures={data} />
        </>
      )}
    </section>
  );
}
