import { useTranslation } from 'react-i18next';
import { ShortcutButton } from '../../components/ShortcutButton.js';
import { useSession, useStores } from '../../stores/index.js';
import { isSupervisorRole } from '../../lib/roles.js';
import { openCallLog } from '../../lib/callActions.js';

export function Toolbar() {
  const { t } = useTranslation();
  const stores = useStores();
  const open = stores.ui.getState().openDialog;
  const role = useSession((s) => s.user?.role);
  return (
    <nav className="toolbar" aria-label={t('app.toolbar')}>
      <ShortcutButton shortcutId="logCall" tone="primary" label={t('actions.logCall')} onClick={() => openCallLog(stores)} data-testid="log-call" />
      <ShortcutButton shortcutId="logEmail" label={t('actions.logEmail')} onClick={() => open({ kind: 'log', channel: 'email' })} data-testid="log-email" />
      <ShortcutButton shortcutId="logFax" label={t('actions.logFax')} onClick={() => open({ kind: 'log', channel: 'fax' })} data-testid="log-fax" />
      <ShortcutButton shortcutId="newCase" label={t('actions.newCase')} onClick={() => open({ kind: 'caseOpen' })} data-testid="new-case" />
      <ShortcutButton shortcutId="newTask" label={t('actions.newTask')} onClick={() => open({ kind: 'task' })} data-testid="new-task" />
      <ShortcutButton shortcutId="editCustomer" label={t('actions.editCustomer')} onClick={() => open({ kind: 'customerEdit' })} data-testid="edit-customer" />
      <ShortcutButton shortcutId="mergeCustomer" label={t('actions.mergeCustomer')} onClick={() => open({ kind: 'customerMerge' })} data-testid="merge-customer" />
      {isSupervisorRole(role) && (
        <button type="button" className="btn" onClick={() => open({ kind: 'customerData' })} data-testid="customer-data">
          {t('actions.customerData')}
        </button>
      )}
    </nav>
  );
}
