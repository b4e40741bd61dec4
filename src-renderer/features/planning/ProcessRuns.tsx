import './planning.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerCard } from '../../../src-shared/api/entities.js';
import type { ProcessRunView } from '../../../src-shared/planning/protocol.js';
import { useApi } from '../../api/context.js';
import { ShortcutButton } from '../../components/ShortcutButton.js';
import { formatDateTime } from '../../i18n/format.js';
import { useStores } from '../../stores/index.js';

/**
 * The customer's processes on the card (issue 19): what is running, and the step it is at now. Read
 * again whenever the card is (a sync, a closed step), from the local store: offline too.
 */
export function ProcessRuns({ card }: { card: CustomerCard }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const [runs, setRuns] = useState<ProcessRunView[]>([]);
  useEffect(() => {
    let live = true;
    api['processes.runs']({ customerId: card.customer.id }).then((r) => live && setRuns(r), () => live && setRuns([]));
    return () => {
      live = false;
    };
  }, [api, card]);
  const shown = runs.filter((r) => r.status === 'running').concat(runs.filter((r) => r.status !== 'running')).slice(0, 5);
  return (
    <section className="panel process-runs" aria-labelledby="process-runs-title" data-testid="process-runs">
      <h3 id="process-runs-title">{t('planning.runs')}</h3>
      {shown.length > 0 && (
        <ol>
          {shown.map((run) => {
            const open = run.tasks.filter((task) => task.status === 'open');
            return (
              <li key={run.id} data-testid="process-run" data-status={run.status}>
                <strong>{run.name}</strong> <span className="badge">{t(`planning.runStatus_${run.status}`)}</span>
                <span className="muted"> · {formatDateTime(run.startedAt, i18n.language)}</span>
                {open.map((task) => (
                  <div key={task.id} className="muted">
                    {t('planning.currentStep', { title: task.title })} · {task.assignee?.name ?? t('tasks.unassigned')} · {t('tasks.due', { time: formatDateTime(task.dueAt, i18n.language) })}
                  </div>
                ))}
              </li>
            );
          })}
        </ol>
      )}
      <ShortcutButton shortcutId="startProcess" label={t('planning.start')} className="btn-small" onClick={() => ui.getState().openDialog({ kind: 'startProcess' })} data-testid="start-process" />
    </section>
  );
}
