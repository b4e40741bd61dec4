import { useTranslation } from 'react-i18next';
import { Progress } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatDateTime } from '../../i18n/format.js';

/**
 * What a supervisor must know about the answer on screen: still loading, failed (with the translated
 * error code), or offline — then the table shows the last synced answer and the banner says as of when.
 */
export function ViewStatus({ status, error, live, fetchedAt, testId }: { status: string; error: unknown; live: boolean; fetchedAt: number | null; testId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {status === 'loading' && <Progress label={t('supervisor.loading')} />}
      {!live && fetchedAt !== null && (
        <div className="supervisor-offline" role="status" data-testid="supervisor-offline">
          <span aria-hidden="true">⚠ </span>
          {t('supervisor.offline', { time: formatDateTime(fetchedAt, i18n.language) })}
        </div>
      )}
      {error != null && (
        <div className="supervisor-error" role="alert" data-testid={`${testId}-error`}>
          {errorMessage(error, t)}
        </div>
      )}
    </>
  );
}
