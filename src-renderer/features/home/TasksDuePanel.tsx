import { useTranslation } from 'react-i18next';
import { ShortcutButton } from '../../components/ShortcutButton.js';
import { useNow } from '../../hooks/useNow.js';
import { formatDateTime, formatTime } from '../../i18n/format.js';
import { useSystemText } from '../../lib/systemText.js';
import { todayRange } from '../../stores/home.js';
import { useMyTasks, useStores } from '../../stores/index.js';
import { HomePanel } from './HomePanel.js';
import { RovingList } from './RovingList.js';

/** This operator's open tasks due by the end of today (overdue ones first); Enter opens the card. */
export function TasksDuePanel() {
  const { t, i18n } = useTranslation();
  const sys = useSystemText();
  const { card, ui } = useStores();
  const tasks = useMyTasks((s) => s.tasks);
  const now = useNow(60_000);
  const { from, to } = todayRange(now);
  const due = tasks.filter((task) => task.dueAt < to);
  return (
    <HomePanel id="home-tasks-title" title={t('home.tasks')} testId="home-tasks" badge={due.length > 0 ? <span className="badge home-badge">{due.length}</span> : undefined}>
      {due.length === 0 ? (
        <p className="muted">{t('home.tasksNone')}</p>
      ) : (
        <RovingList
          label={t('home.tasks')}
          testId="home-tasks-list"
          items={due.map((task) => {
            const overdue = task.dueAt < now;
            return {
              id: task.id,
              className: overdue ? 'home-overdue' : undefined,
              onOpen: () => void card.getState().openCustomer(task.customerId),
              content: (
                <>
                  <time className="home-time" dateTime={new Date(task.dueAt).toISOString()}>
                    {task.dueAt < from ? formatDateTime(task.dueAt, i18n.language) : formatTime(task.dueAt, i18n.language)}
                  </time>
                  <span className="home-name">{task.customerName}</span>
                  <span className="home-meta">{sys(task.title)}</span>
                  {overdue && <span className="home-flag">{t('home.overdue')}</span>}
                </>
              ),
            };
          })}
        />
      )}
      <div className="home-actions">
        <ShortcutButton shortcutId="myTasks" label={t('home.tasksAll')} onClick={() => ui.getState().openDialog({ kind: 'myTasks' })} data-testid="home-tasks-all" />
        {/* The diary is a key away from anywhere; its button lives here, where the day is planned. */}
        <ShortcutButton shortcutId="diary" label={t('diary.title')} onClick={() => ui.getState().openDialog({ kind: 'diary' })} data-testid="diary-button" />
      </div>
    </HomePanel>
  );
}
