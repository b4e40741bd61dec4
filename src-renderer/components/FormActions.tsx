import { useTranslation } from 'react-i18next';
import { Kbd } from './Kbd.js';
import { Progress } from './fields.js';

export function FormActions({ busy, onCancel, testId }: { busy: false | 'files' | 'saving'; onCancel(): void; testId: string }) {
  const { t } = useTranslation();
  return (
    <div className="form-actions">
      <span aria-live="polite">{busy && <Progress label={busy === 'files' ? t('log.readingFiles') : t('log.saving')} />}</span>
      <button type="button" className="btn" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="btn btn-primary" disabled={busy !== false} aria-keyshortcuts="Control+Enter" data-testid={testId}>
        {t('common.save')} <Kbd id="save" />
      </button>
    </div>
  );
}
