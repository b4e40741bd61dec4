import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerCard } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorSummary } from '../../components/ErrorSummary.js';
import { TextField } from '../../components/fields.js';
import { useSave } from '../../hooks/useSave.js';
import { useSession, useStores } from '../../stores/index.js';
import { saveTextFile } from '../../lib/saveFile.js';

/**
 * A customer's personal data (docs/security.md): the right of access (the whole record as JSON or a
 * readable page, for supervisors and admins; every export is audited on the server) and the right to
 * erasure (admins only, confirmed by typing the customer's name: nothing of them stays anywhere).
 */
export function CustomerDataDialog({ card }: { card: CustomerCard }) {
  const { t } = useTranslation();
  const api = useApi();
  const { ui, supervisor } = useStores();
  const role = useSession((s) => s.user?.role);
  const [confirm, setConfirm] = useState('');
  const { busy, errors, setErrors, message, run } = useSave();
  const close = () => ui.getState().closeDialog();
  const name = card.customer.name;

  const exportAs = async (format: 'json' | 'html') => {
    const file = await run(() => api['supervisor.exportCustomer']({ customerId: card.customer.id, format }));
    if (!file) return;
    saveTextFile(file.fileName, file.content, file.mimeType);
    ui.getState().toast('success', (tr) => tr('privacy.exported', { file: file.fileName }));
  };

  const erase = async (e: FormEvent) => {
    e.preventDefault();
    if (confirm.trim() !== name.trim()) {
      setErrors({ confirm: t('privacy.confirmMismatch') });
      return;
    }
    setErrors({});
    const done = await run(() => api['supervisor.eraseCustomer']({ customerId: card.customer.id }));
    if (!done) return;
    ui.getState().toast('success', (tr) => tr('privacy.erased', { count: done.rows }));
    close();
  };

  return (
    <Dialog title={`${t('privacy.title')} · ${name}`} onClose={close} testId="customer-data-dialog" description={t('privacy.intro')}>
      <section className="form" aria-labelledby="privacy-access">
        <h3 id="privacy-access" className="subtitle">{t('privacy.access')}</h3>
        <p className="muted">{t('privacy.accessHelp')}</p>
        <div className="privacy-actions">
          <button type="button" className="btn" disabled={busy !== false} onClick={() => void exportAs('json')} data-testid="export-json">{t('privacy.exportJson')}</button>
          <button type="button" className="btn" disabled={busy !== false} onClick={() => void exportAs('html')} data-testid="export-html">{t('privacy.exportHtml')}</button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              close();
              supervisor.getState().open('audit');
            }}
            data-testid="open-audit"
          >
            {t('privacy.auditLink')}
          </button>
        </div>
      </section>
      {role === 'admin' && (
        <form className="form" onSubmit={(e) => void erase(e)} noValidate aria-labelledby="privacy-erase">
          <h3 id="privacy-erase" className="subtitle">{t('privacy.erasure')}</h3>
          <p>{t('privacy.erasureHelp')}</p>
          <TextField
            label={t('privacy.confirmLabel', { name })}
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            error={errors['confirm']}
            autoComplete="off"
            data-testid="erase-confirm"
          />
          <div className="privacy-actions">
            <button type="submit" className="btn btn-danger" disabled={busy !== false} data-testid="erase">{t('privacy.erase')}</button>
          </div>
        </form>
      )}
      <ErrorSummary errors={errors} message={message} />
    </Dialog>
  );
}
