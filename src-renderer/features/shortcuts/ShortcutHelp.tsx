import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog.js';
import { Kbd } from '../../components/Kbd.js';
import { useSession, useStores } from '../../stores/index.js';
import { isSupervisorRole } from '../../lib/roles.js';
import { SHORTCUTS, SUPERVISOR_SHORTCUTS } from '../../lib/keymap.js';

export function ShortcutHelp() {
  const { t } = useTranslation();
  const { ui } = useStores();
  const supervisor = useSession((s) => isSupervisorRole(s.user?.role));
  const admin = useSession((s) => s.user?.role === 'admin');
  // The phone lines are the admin's alone; a supervisor is not shown a key that does nothing.
  const list = supervisor ? [...SHORTCUTS, ...SUPERVISOR_SHORTCUTS.filter((s) => admin || s.id !== 'supervisorLines')] : SHORTCUTS;
  return (
    <Dialog title={t('shortcuts.title')} onClose={() => ui.getState().closeDialog()} testId="shortcut-help-dialog">
      {/* A scrolling region with nothing focusable in it takes the focus itself (axe: scrollable-region-focusable). */}
      <div className="shortcut-scroll" tabIndex={0} role="region" aria-label={t('shortcuts.title')} data-testid="shortcut-scroll">
      <table className="shortcut-table">
        <thead>
          <tr>
            <th scope="col">{t('shortcuts.key')}</th>
            <th scope="col">{t('shortcuts.action')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((s) => (
            <tr key={s.id} data-testid={`shortcut-${s.id}`}>
              {/* Here the keys are the content, so they are not hidden from screen readers. */}
              <td>
                <Kbd id={s.id} hidden={false} />
              </td>
              <td>{t(`shortcuts.${s.id}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </Dialog>
  );
}
