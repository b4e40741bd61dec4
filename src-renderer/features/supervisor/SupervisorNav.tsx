import './supervisor.css';
import { useTranslation } from 'react-i18next';
import { ShortcutButton } from '../../components/ShortcutButton.js';
import { useSession, useStores, useSupervisor } from '../../stores/index.js';
import type { SupervisorView } from '../../stores/supervisor.js';
import type { ShortcutId } from '../../lib/keymap.js';
import { isSupervisorRole } from '../../lib/roles.js';

export const VIEW_SHORTCUTS: Record<SupervisorView, ShortcutId> = {
  board: 'supervisorBoard',
  queue: 'supervisorQueue',
  figures: 'supervisorFigures',
  review: 'supervisorReview',
  audit: 'supervisorAudit',
  canned: 'supervisorCanned',
  processes: 'supervisorProcesses',
  campaigns: 'supervisorCampaigns',
  lines: 'supervisorLines',
};

/** Views only an admin has: the phone lines are the centre's set-up, not a team's. */
const ADMIN_VIEWS: readonly SupervisorView[] = ['lines'];

/** The entry point of the supervisor area: rendered only for supervisors and admins. */
export function SupervisorNav() {
  const { t } = useTranslation();
  const { supervisor } = useStores();
  const role = useSession((s) => s.user?.role);
  const view = useSupervisor((s) => s.view);
  if (!isSupervisorRole(role)) return null;
  return (
    <nav className="supervisor-nav" aria-label={t('supervisor.nav')} data-testid="supervisor-nav">
      <span className="supervisor-nav-label" aria-hidden="true">{t('supervisor.area')}</span>
      {(Object.keys(VIEW_SHORTCUTS) as SupervisorView[]).filter((v) => role === 'admin' || !ADMIN_VIEWS.includes(v)).map((v) => (
        <ShortcutButton
          key={v}
          shortcutId={VIEW_SHORTCUTS[v]}
          label={t(`supervisor.${v}`)}
          aria-current={view === v ? 'page' : undefined}
          tone={view === v ? 'primary' : 'default'}
          onClick={() => supervisor.getState().open(v)}
          data-testid={`supervisor-open-${v}`}
        />
      ))}
      {view && (
        <button type="button" className="btn" onClick={() => supervisor.getState().close()} data-testid="supervisor-close">
          {t('supervisor.backToCard')}
        </button>
      )}
    </nav>
  );
}
