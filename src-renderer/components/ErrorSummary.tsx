// A form's problems in one alert: the message of a refused save, and each field's error.
import { useTranslation } from 'react-i18next';

/** Field path → the message shown next to it. */
export type Errors = Record<string, string>;

export function ErrorSummary({ errors, message }: { errors: Errors; message: string | null }) {
  const { t } = useTranslation();
  const list = Object.values(errors);
  if (!message && list.length === 0) return null;
  return (
    <div role="alert" className="alert alert-error" data-testid="form-error">
      {message && <p>{message}</p>}
      {list.length > 0 && (
        <>
          <p>{t('log.errorsTitle')}</p>
          <ul>
            {list.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
