import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrors, errorMessage } from '../i18n/errors.js';
import { type Errors } from '../components/ErrorSummary.js';

/** Shared submit plumbing: busy flag, API field errors merged with local ones, one alert message. */
export function useSave() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<false | 'files' | 'saving'>(false);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);

  async function run<T>(work: (phase: (p: 'files' | 'saving') => void) => Promise<T>): Promise<T | undefined> {
    setMessage(null);
    setBusy('saving');
    try {
      return await work((p) => setBusy(p));
    } catch (e) {
      setErrors(fieldErrors(e));
      setMessage(errorMessage(e, t));
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  return { busy, errors, setErrors, message, setMessage, run };
}
