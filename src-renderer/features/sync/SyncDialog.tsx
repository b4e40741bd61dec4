// The sync dialog (Alt+S): the sign-in form or the account, the refused changes, and the user's
// edits a colleague's concurrent write overwrote.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog.js';
import { useStores, useSync } from '../../stores/index.js';
import { isSignedIn } from './text.js';
import { SignInForm } from './SignInForm.js';
import { SyncAccount } from './SyncAccount.js';
import { SyncRejections } from './SyncRejections.js';
import { SyncOverwritten } from './SyncOverwritten.js';

export function SyncDialog() {
  const { t } = useTranslation();
  const { ui } = useStores();
  const status = useSync((s) => s.status);
  const signedIn = status !== null && isSignedIn(status);
  const rejected = status?.rejected ?? 0;
  // Effects run child first: the views see false on the first mount and true after.
  const ready = useRef(false);
  useEffect(() => {
    ready.current = true;
  }, []);
  return (
    <Dialog title={t('sync.title')} onClose={() => ui.getState().closeDialog()} size="wide" testId="sync-dialog">
      <div className="sync-panel">
        {signedIn ? <SyncAccount status={status} ready={ready} /> : <SignInForm status={status} ready={ready} />}
        {(signedIn || rejected > 0) && <SyncRejections />}
        <SyncOverwritten />
      </div>
    </Dialog>
  );
}
