import { isLoggedChannel } from '../../../src-shared/domain.js';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { FiguresResponse } from '../../../src-shared/supervisor/protocol.js';

// Colours with 3:1 contrast against white and distinct for the common colour-vision deficiencies
// (blue / orange / purple); the numbers are also in the table under each chart.
const COLOURS = { calls: '#1d4ed8', emails: '#c2410c', faxes: '#7e22ce', count: '#1d4ed8' };
const WIDTH = 560;
const HEIGHT = 220;

/** A chart with its title; the drawing is one image for assistive technology, the table carries the numbers. */
function ChartFigure({ title, testId, chart, table }: { title: string; testId: string; chart: ReactNode; table: ReactNode }) {
  const { t } = useTranslation();
  return (
    <figure className="chart-figure" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div role="img" aria-label={t('supervisor.chartOf', { title })} className="chart-box">
        {chart}
      </div>
      <details className="chart-numbers">
        <summary>{t('supervisor.chartNumbers')}</summary>
        {table}
      </details>
    </figure>
  );
}

export function FigureCharts({ figures }: { figures: FiguresResponse }) {
  const { t, i18n } = useTranslation();
  const nf = new Intl.NumberFormat(i18n.language);
  const hours = figures.byHour.map((h) => ({ ...h, label: String(h.hour).padStart(2, '0') }));
  const reasons = figures.byReason.map((r) => ({ label: t(`reason.${r.reason}`), count: r.count }));
  const outcomes = [
    ...figures.byOutcome.map((o) => ({ label: o.outcome, count: o.count })),
    ...(figures.otherOutcomes > 0 ? [{ label: t('supervisor.fig.otherOutcomes'), count: figures.otherOutcomes }] : []),
    ...(figures.noOutcome > 0 ? [{ label: t('supervisor.fig.noOutcome'), count: figures.noOutcome }] : []),
  ];
  // The channels operators log always; website, chat and messenger once there is something in them.
  const channels = figures.byChannel.filter((c) => isLoggedChannel(c.channel) || c.count > 0).map((c) => ({ label: `${t(`channel.${c.channel}`)} · ${t(`direction.${c.direction}`)}`, count: c.count }));
  const simpleTable = (rows: { label: string; count: number }[], head: string) => (
    <table className="data-table compact">
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col" className="num">{t('supervisor.fig.count')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td className="num">{nf.format(r.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
  return (
    <div className="chart-grid">
      <ChartFigure
        title={t('supervisor.fig.byHour')}
        testId="chart-by-hour"
        chart={
          <BarChart width={WIDTH} height={HEIGHT} data={hours} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={32} />
            <Tooltip />
            <Legend />
            <Bar dataKey="calls" name={t('supervisor.fig.calls')} stackId="a" fill={COLOURS.calls} isAnimationActive={false} />
            <Bar dataKey="emails" name={t('supervisor.fig.emails')} stackId="a" fill={COLOURS.emails} isAnimationActive={false} />
            <Bar dataKey="faxes" name={t('supervisor.fig.faxes')} stackId="a" fill={COLOURS.faxes} isAnimationActive={false} />
          </BarChart>
        }
        table={
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t('supervisor.fig.hour')}</th>
                <th scope="col" className="num">{t('supervisor.fig.calls')}</th>
                <th scope="col" className="num">{t('supervisor.fig.emails')}</th>
                <th scope="col" className="num">{t('supervisor.fig.faxes')}</th>
              </tr>
            </thead>
            <tbody>
              {hours.map((h) => (
                <tr key={h.hour}>
                  <th scope="row">{h.label}:00</th>
                  <td className="num">{nf.format(h.calls)}</td>
                  <td className="num">{nf.format(h.emails)}</td>
                  <td className="num">{nf.format(h.faxes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
      <ChartFigure
        title={t('supervisor.fig.byReason')}
        testId="chart-by-reason"
        chart={
          <BarChart width={WIDTH} height={HEIGHT} data={reasons} layout="vertical" accessibilityLayer={false} margin={{ left: 40 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
            <YAxis type="category" dataKey="label" width={130} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Bar dataKey="count" name={t('supervisor.fig.count')} fill={COLOURS.count} isAnimationActive={false} />
          </BarChart>
        }
        table={simpleTable(reasons, t('reason.label'))}
      />
      <ChartFigure
        title={t('supervisor.fig.byOutcome')}
        testId="chart-by-outcome"
        chart={
          <BarChart width={WIDTH} height={HEIGHT} data={outcomes} layout="vertical" accessibilityLayer={false} margin={{ left: 40 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
            <YAxis type="category" dataKey="label" width={130} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Bar dataKey="count" name={t('supervisor.fig.count')} fill={COLOURS.calls} isAnimationActive={false} />
          </BarChart>
        }
        table={simpleTable(outcomes, t('log.outcome'))}
      />
      <ChartFigure
        title={t('supervisor.fig.byChannel')}
        testId="chart-by-channel"
        chart={
          <BarChart width={WIDTH} height={HEIGHT} data={channels} layout="vertical" accessibilityLayer={false} margin={{ left: 40 }}>
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={{ fontSize: 11 }} />
            <YAxis type="category" dataKey="label" width={130} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Bar dataKey="count" name={t('supervisor.fig.count')} fill={COLOURS.emails} isAnimationActive={false} />
          </BarChart>
        }
        table={simpleTable(channels, t('channel.label'))}
      />
    </div>
  );
}
