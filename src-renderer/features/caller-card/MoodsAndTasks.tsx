import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSystemText } from '../../lib/systemText.js';
import type { Mood } from '../../../src-shared/domain.js';
import type { Task } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { formatCountdown, formatDate, formatDateTime } from '../../i18n/format.js';
import { errorMessage } from '../../i18n/errors.js';
import { useStores } from '../../stores/index.js';
import { useNow } from '../../hooks/useNow.js';
import { OutcomePicker } from '../planning/OutcomePicker.js';

const MOOD_ICON: Record<Mood, string> = { positive: '☺', neutral: '•', negative: '☹', angry: '⚠' };

export function RecentMoods({ moods }: { moods: ReadonlyArray<{ occurredAt: number; mood: Mood }> }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel moods" aria-labelledby="moods-title" data-testid="moods">
      <h3 id="moods-title">{t('card.moods')}</h3>
      {moods.length === 0 ? (
        <p className="muted">{t('card.noMoods')}</p>
      ) : (
        <ol className="mood-list">
          {moods.slice(0, 8).map((m, i) => (
            <li key={i} className={`mood mood-${m.mood}`} title={formatDateTime(m.occurredAt, i18n.language)}>
              <span aria-hidden="true">{MOOD_ICON[m.mood]} </span>
              {t(`mood.${m.mood}`)}
              {/* Dated: a mood means something only with when it was. */}
              <span className="mood-date"> · {formatDate(m.occurredAt, i18n.language)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export function DueTasks({ tasks }: { tasks: Task[] }) {
  const { t, i18n } = useTranslation();
  const sys = useSystemText();
  const api = useApi();
  const { card, ui } = useStores();
  const now = useNow(60_000);
  const [busy, setBusy] = useState<string | null>(null);
  const [choosing, setChoosing] = useState<string | null>(null);

  const complete = async (task: Task, outcome?: string) => {
    // A process step closes with its outcome, chosen where "Done" was.
    if (outcome === undefined && (task.process?.outcomes.length ?? 0) > 0) {
      setChoosing(task.id);
      return;
    }
    setChoosing(null);
    setBusy(task.id);
    try {
      await api['tasks.complete']({ id: task.id, ...(outcome !== undefined ? { outcome } : {}) });
      ui.getState().toast('success', (tr) => tr('tasks.completed'));
      await card.getState().refresh();
    } catch (e) {
      ui.getState().toast('error', errorMessage(e, t));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="panel tasks" aria-labelledby="tasks-title" data-testid="tasks">
      <h3 id="tasks-title">
        {t('tasks.title')} <span className="count-pill">{tasks.length}</span>
      </h3>
      {tasks.length === 0 ? (
        <p className="muted">{t('tasks.none')}</p>
      ) : (
        <ul className="task-list">
          {tasks.map((task) => {
            const overdue = task.dueAt < now;
            return (
              <li key={task.id} className={`task ${overdue ? 'task-overdue' : ''}`} data-testid="task">
                <span className="badge">{t(`tasks.kindValue.${task.kind}`)}</span>
                <span className="task-title">{sys(task.title)}</span>
                {task.process && <span className="task-process muted" data-testid="task-process">{t('planning.inProcess', { name: task.process.name })}</span>}
                <span className="task-due">
                  {t('tasks.due', { time: formatDateTime(task.dueAt, i18n.language) })}
                  {overdue ? <strong className="overdue"> · {formatCountdown(task.dueAt, now, t)}</strong> : <span className="countdown"> · {formatCountdown(task.dueAt, now, t)}</span>}
                </span>
                <span className="task-assignee" data-testid="task-assignee">
                  {task.assignee ? t('tasks.assignee', { name: task.assignee.name }) : t('tasks.unassigned')}
                </span>
                {task.priority === 'high' && <strong className="badge task-urgent">{t('tasks.priorityValue.high')}</strong>}
                <span className="task-actions">
                  {choosing === task.id && task.process ? (
                    <OutcomePicker title={task.title} outcomes={task.process.outcomes} onChoose={(key) => void complete(task, key)} onCancel={() => setChoosing(null)} />
                  ) : (
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={busy === task.id}
                    aria-label={t('tasks.completeNamed', { title: task.title })}
                    onClick={() => void complete(task)}
                  >
                    {t('tasks.complete')}
                  </button>
                  )}
                  <button type="button" className="btn btn-small" aria-label={t('tasks.editNamed', { title: task.title })} onClick={() => ui.getState().openDialog({ kind: 'task', taskId: task.id })} data-testid="task-edit">
                    {t('tasks.editShort')}
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
