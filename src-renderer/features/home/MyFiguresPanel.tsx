import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyFigures } from '../../../src-shared/home/protocol.js';
import { useApi } from '../../api/context.js';
import { errorMessage } from '../../i18n/errors.js';
import { addDays, formatDateTime, startOfDayMs, todayIso } from '../../i18n/format.js';
import { HomePanel } from './HomePanel.js';

interface Range {
  key: 'today' | 'month';
  from: string;
  to: string;
}

/** The centre's day and month so far. */
function ranges(): Range[] {
  const today = todayIso();
  return [
    { key: 'today', from: today, to: today },
    { key: 'month', from: `${today.slice(0, 8)}01`, to: today },
  ];
}

/**
 * The operator's own figures (issue 19): today and this month, handled by channel and reason, and
 * their tasks. From the server, the last answer kept for offline (marked with its time); the tasks
 * from the local store. People see their own results: the seeds tie motivation to it.
 */
export function MyFiguresPanel() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [data, setData] = useState<Partial<Record<Range['key'], MyFigures>>>({});
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    const read = () => {
      for (const r of ranges()) {
        const fromMs = startOfDayMs(r.from);
        const toMs = startOfDayMs(addDays(r.to, 1));
        api['home.myFigures']({ from: r.from, to: r.to, fromMs, toMs }).then((d) => live && setData((s) => ({ ...s, [r.key]: d })), (e: unknown) => live && setError(e));
      }
    };
    read();
    const off = api.onEvent((e) => {
      if (e.type === 'data-changed') read();
    });
    return () => {
      live = false;
      off();
    };
  }, [api]);
  const lng = i18n.language;
  const stale = data.today && !data.today.live && data.today.fetchedAt !== null ? data.today.fetchedAt : null;
  return (
    <HomePanel id="home-figures-title" title={t('home.myFigures')} testId="home-my-figures">
      {error != null && <p role="alert">{t('home.loadFailed', { error: errorMessage(error, t) })}</p>}
      {data.today && !data.today.available && <p className="muted">{t('home.figuresNoServer')}</p>}
      {stale !== null && <p className="muted" data-testid="home-figures-stale">{t('home.figuresAsOf', { time: formatDateTime(stale, lng) })}</p>}
      <table className="home-figures">
        <thead>
          <tr><td />{(['today', 'month'] as const).map((k) => <th key={k} scope="col">{t(`home.figures_${k}`)}</th>)}</tr>
        </thead>
        <tbody>
          {([
            ['handled', (f: MyFigures) => (f.figures ? f.figures.total.callsIn + f.figures.total.callsOut + f.figures.total.emails + f.figures.total.faxes : null)],
            ['calls', (f: MyFigures) => (f.figures ? f.figures.total.callsIn + f.figures.total.callsOut : null)],
            ['emails', (f: MyFigures) => f.figures?.total.emails ?? null],
            ['complaints', (f: MyFigures) => f.figures?.total.complaints ?? null],
            ['sales', (f: MyFigures) => f.figures?.total.sales ?? null],
            ['tasksDone', (f: MyFigures) => f.tasks.done],
            ['tasksOverdue', (f: MyFigures) => f.tasks.overdue],
          ] as const).map(([row, value]) => (
            <tr key={row} data-testid={`home-figure-${row}`}>
              <th scope="row">{t(`home.figure_${row}`)}</th>
              {(['today', 'month'] as const).map((k) => {
                const f = data[k];
                const v = f ? value(f) : null;
                return <td key={k} className={row === 'tasksOverdue' && (v ?? 0) > 0 ? 'home-figure-alert' : undefined}>{v ?? '—'}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </HomePanel>
  );
}
