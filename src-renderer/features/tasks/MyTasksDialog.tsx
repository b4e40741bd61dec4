import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSystemText } from '../../lib/systemText.js';
import type { Task } from '../../../src-shared/api/entities.js';
import { Dialog } from '../../components/Dialog.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatCountdown, formatDateTime } from '../../i18n/format.js';
import { useMyTasks, useStores } from '../../stores/index.js';
import { useNow } from '../../hooks/useNow.js';
import { taskDue } from './due.js';
import { OutcomePicker } from '../planning/OutcomePicker.js';

const DUE_ICON = { overdue: '⚠', due_soon: '⏰', on_time: '' } as const;

/**
 * The operator's open tasks, soonest due first (Alt+Y). One row is the tab stop: ↑ ↓ Home End move it,
 * Enter opens that customer's card, Ctrl+Enter marks the task done. The list follows the store, which
 * re-reads on data-changed, so a task a supervisor reassigns here appears while the dialog is open.
 */
export function MyTasksDialog() {
  const { t, i18n } = useTranslation();
  const sys = useSystemText();
  const { ui, card, myTasks } = useStores();
  const tasks = useMyTasks((s) => s.tasks);
  const loaded = useMyTasks((s) => s.loaded);
  const error = useMyTasks((s) => s.error);
  // The countdown is exact to the minute.
  const now = useNow(30_000);
  const listRef = useRef<HTMLUListElement>(null);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  /** The process step whose outcome is being chosen (its task id). */
  const [choosing, setChoosing] = useState<string | null>(null);
  /** After a row is completed, the focus moves to the row now in its place ('' : no row is left). */
  const refocus = useRef<string | null>(null);
  const active = tasks.find((task) => task.id === activeId) ?? tasks[0] ?? null;

  useEffect(() => {
    void myTasks.getState().load();
  }, [myTasks]);

  useEffect(() => {
    const id = refocus.current;
    if (id === null) return;
    refocus.current = null;
    const target = id ? listRef.current?.querySelector<HTMLElement>(`[data-task-id="${id}"] .my-task-open`) : null;
    (target ?? document.querySelector<HTMLElement>('[data-testid="my-tasks-dialog"] .dialog-header button'))?.focus();
  });

  const close = () => ui.getState().closeDialog();
  const open = (task: Task) => {
    close();
    void card.getState().openCustomer(task.customerId);
  };
  const complete = async (task: Task, outcome?: string) => {
    if (busy) return;
    // A process step closes with its outcome, chosen where "Done" was.
    if (outcome === undefined && (task.process?.outcomes.length ?? 0) > 0) {
      setChoosing(task.id);
      return;
    }
    setChoosing(null);
    const index = tasks.findIndex((x) => x.id === task.id);
    const next = tasks[index + 1] ?? tasks[index - 1] ?? null;
    setBusy(task.id);
    try {
      await myTasks.getState().complete(task.id, outcome);
      ui.getState().toast('success', (tr) => tr('myTasks.completed', { title: task.title }));
      setActiveId(next?.id ?? null);
      refocus.current = next?.id ?? '';
      // The card on screen may list this task too.
      if (card.getState().selectedId === task.customerId) void card.getState().refresh({ background: true });
    } catch (e) {
      ui.getState().toast('error', errorMessage(e, t));
    } finally {
      setBusy(null);
    }
  };

  const focusRow = (task: Task | undefined) => {
    if (!task) return;
    setActiveId(task.id);
    listRef.current?.querySelector<HTMLElement>(`[data-task-id="${task.id}"] .my-task-open`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    if (!active) return;
    const index = tasks.findIndex((x) => x.id === active.id);
    if (e.key === 'ArrowDown') focusRow(tasks[Math.min(index + 1, tasks.length - 1)]);
    else if (e.key === 'ArrowUp') focusRow(tasks[Math.max(index - 1, 0)]);
    else if (e.key === 'Home') focusRow(tasks[0]);
    else if (e.key === 'End') focusRow(tasks[tasks.length - 1]);
    else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void complete(active);
    else return;
    e.preventDefault();
  };

  const lng = i18n.language;
  return (
    <Dialog title={t('myTasks.title')} description={t('myTasks.description')} onClose={close} size="wide" testId="my-tasks-dialog">
      {error !== null && (
        <p role="alert" className="my-tasks-error" data-testid="my-tasks-error">
          {t('myTasks.loadFailed', { error: errorMessage(error, t) })}
        </p>
      )}
      {!loaded ? (
        <p role="status">{t('myTasks.loading')}</p>
      ) : tasks.length === 0 ? (
        <p data-testid="my-tasks-none">{t('myTasks.none')}</p>
      ) : (
        <ul ref={listRef} className="my-task-list" aria-label={t('myTasks.list')} onKeyDown={onKeyDown} data-testid="my-tasks-list">
          {tasks.map((task) => {
            const due = taskDue(task.dueAt, now);
            const current = task.id === active?.id;
            return (
              <li key={task.id} className={`my-task my-task-${due}`} data-testid="my-task" data-task-id={task.id} data-due={due} onFocus={() => setActiveId(task.id)}>
                <button type="button" className="my-task-open" tabIndex={current ? 0 : -1} onClick={() => open(task)} data-testid="my-task-open">
                  <span className="my-task-head">
                    <strong className="my-task-customer" data-testid="my-task-customer">
                      {task.customerName}
                    </strong>
                    <span className="badge">{t(`tasks.kindValue.${task.kind}`)}</span>
                  </span>
                  <span className="my-task-title">{sys(task.title)}</span>
                  {task.process && <span className="my-task-process muted" data-testid="my-task-process">{t('planning.inProcess', { name: task.process.name })}</span>}
                  <span className="my-task-due" data-testid="my-task-due">
                    {due !== 'on_time' && (
                      <span className={`my-task-mark my-task-mark-${due}`} data-testid="my-task-mark">
                        <span aria-hidden="true">{DUE_ICON[due]} </span>
                        {t(due === 'overdue' ? 'myTasks.overdue' : 'myTasks.dueSoon')}
                        {' · '}
                      </span>
                    )}
                    {t('myTasks.due', { time: formatDateTime(task.dueAt, lng) })}
                    <span className="countdown" data-testid="my-task-countdown"> · {formatCountdown(task.dueAt, now, t)}</span>
                  </span>
                </button>
                {choosing === task.id && task.process ? (
                  <OutcomePicker title={task.title} outcomes={task.process.outcomes} onChoose={(key) => void complete(task, key)}
                    onCancel={() => {
                      setChoosing(null);
                      refocus.current = task.id;
                    }} />
                ) : (
                <button
                  type="button"
                  className="btn btn-small"
                  tabIndex={current ? 0 : -1}
                  disabled={busy === task.id}
                  aria-label={t('myTasks.doneNamed', { title: task.title, customer: task.customerName })}
                  aria-keyshortcuts="Control+Enter"
                  onClick={() => void complete(task)}
                  data-testid="my-task-done"
                >
                  {t('myTasks.done')}
                </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Dialog>
  );
}
