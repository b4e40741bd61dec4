import { useTranslation } from 'react-i18next';
import { ShortcutButton } from '../../components/ShortcutButton.js';
import { useMyTasks, useStores } from '../../stores/index.js';
import { useNow } from '../caller-card/useNow.js';
import { taskDue } from './due.js';
import './tasks.css';

/** "My tasks (N)" in the call bar (Alt+Y); overdue tasks are counted in words too, not only by colour. */
export function MyTasksButton() {
  const { t } = useTranslation();
  const { ui } = useStores();
  const tasks = useMyTasks((s) => s.tasks);
  const now = useNow();
  const overdue = tasks.filter((task) => taskDue(task.dueAt, now) === 'overdue').length;
  const label = tasks.length > 0 ? t('myTasks.openCount', { n: tasks.length }) : t('myTasks.open');
  return (
    <ShortcutButton
      shortcutId="myTasks"
      label={overdue > 0 ? `${label} · ${t('myTasks.overdueMark', { n: overdue })}` : label}
      className={overdue > 0 ? 'btn-my-tasks-overdue' : ''}
      onClick={() => ui.getState().openDialog({ kind: 'myTasks' })}
      data-testid="my-tasks-open"
      data-count={tasks.length}
      data-overdue={overdue}
    />
  );
}
