import './planning.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerCard } from '../../../src-shared/api/entities.js';
import type { ProcessDef } from '../../../src-shared/planning/process.js';
import { useApi } from '../../api/context.js';
import { ActiveList } from '../../components/ActiveList.js';
import { Dialog } from '../../components/Dialog.js';
import { errorMessage } from '../../i18n/errors.js';
import { useStores } from '../../stores/index.js';

/**
 * Starts a process for the customer on the card (Ctrl+Shift+P): ↑ ↓ choose, Enter starts. Local and
 * offline-capable: the first step's tasks are written at once and reach colleagues at the next sync.
 */
export function StartProcessDialog({ card }: { card: CustomerCard }) {
  const { t } = useTranslation();
  const api = useApi();
  const { ui, card: cardStore } = useStores();
  const [processes, setProcesses] = useState<ProcessDef[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api['processes.list']({}).then((all) => setProcesses(all.filter((p) => p.active)), (e: unknown) => setError(errorMessage(e, t)));
  }, [api, t]);

  const close = () => ui.getState().closeDialog();
  const start = async (process: ProcessDef) => {
    if (busy) return;
    setBusy(true);
    try {
      await api['processes.start']({ processId: process.id, customerId: card.customer.id });
      ui.getState().toast('success', (tr) => tr('planning.started', { name: process.name }));
      close();
      void cardStore.getState().refresh({ background: true });
    } catch (e) {
      setError(errorMessage(e, t));
      setBusy(false);
    }
  };

  const row = (p: ProcessDef) => (
    <span className="process-choice">
      <strong>{p.name}</strong>
      <span className="muted"> · {t('planning.stepsCount', { count: p.steps.length })} · {p.steps[0]?.title}</span>
    </span>
  );
  return (
    <Dialog title={t('planning.startTitle', { name: card.customer.name })} description={t('planning.startHint')} onClose={close} testId="start-process-dialog">
      {error && <p role="alert" className="field-error">{error}</p>}
      {processes === null ? (
        <p role="status">{t('myTasks.loading')}</p>
      ) : processes.length === 0 ? (
        <p data-testid="start-process-none">{t('planning.startNone')}</p>
      ) : (
        <ActiveList items={processes} idOf={(p) => p.id} render={row} onEnter={(p) => void start(p)} label={t('planning.processes')} testId="start-process-list" autoFocus rows={6} />
      )}
    </Dialog>
  );
}
