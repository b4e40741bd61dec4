import { useTranslation } from 'react-i18next';
import { Kbd } from '../../components/Kbd.js';
import { useMyTasks, useStores } from '../../stores/index.js';
import { useNow } from '../../hooks/useNow.js';
import { shortcut } from '../../lib/keymap.js';
import { taskDue } from './due.js';
import './tasks.css';

/**
 * "My tasks (N)" in the call bar (Alt+Y). Overdue tasks add a short "⚠ 1" on screen (the call bar must
 * stay one line at 1280 px) and the words "1 overdue" for screen readers; the colour only repeats it.
 */
export function MyTasksButton() {
  const { t } = useTranslation();
  const { ui } = useStores();
  const tasks = useMyTasks((s) => s.tasks);
  const now = useNow(60_000);
  const overdue = tasks.filter((task) => taskDue(task.dueAt, now) === 'overdue').length;
  return (
    <button
      type="button"
      className={`btn btn-default ${overdue > 0 ? 'btn-my-tasks-overdue' : ''}`}
      aria-keyshortcuts={shortcut('myTasks').aria}
      title={overdue > 0 ? t('myTasks.overdueMark', { n: overdue }) : undefined}
      onClick={() => ui.getState().openDialog({ kind: 'myTasks' })}
      data-testid="my-tasks-open"
      data-count={tasks.length}
      data-overdue={overdue}
    >
      <span>{tasks.length > 0 ? t('myTasks.openCount', { n: tasks.length }) : t('myTasks.open')}</span>
      {overdue > 0 && (
        <span className="my-tasks-overdue-count">
          <span aria-hidden="true">⚠ {overdue}</span>
          <span className="visually-hidden">, {t('myTasks.overdueMark', { n: overdue })}</span>
        </span>
      )}
      <Kbd id="myTasks" />
    </button>
  );
}
