import { useTranslation } from 'react-i18next';
import { Kbd } from './Kbd.js';
import { Progress } from './fields.js';

/** `label`: the submit button's words when it does more than save ("Send"). */
export function FormActions({ busy, onCancel, testId, label }: { busy: false | 'files' | 'saving'; onCancel(): void; testId: string; label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <span aria-live="polite">{busy && <Progress label={busy === 'files' ? t('log.readingFiles') : t('log.saving')} />}</span>
      <button type="button" className="btn" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="btn btn-primary" disabled={busy !== false} aria-keyshortcuts="Control+Enter" data-testid={testId}>
        {label ?? t('common.save')} <Kbd id="save" />
      </button>
    </div>
  );
}
