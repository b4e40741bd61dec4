import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmlPreview } from '../../../src-shared/api/logging-inputs.js';
import type { Reason } from '../../../src-shared/domain.js';
import { useApi } from '../../api/context.js';
import { Progress } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatBytes, formatDateTime } from '../../i18n/format.js';
import { readFileBase64 } from '../../lib/files.js';

interface Props {
  customerId: string;
  /** The reason chosen first; null while none is (the import then says so). */
  reason: Reason | null;
  direction: 'in' | 'out';
  caseId: string | undefined;
  onNoReason(): void;
  onSaved(result: Awaited<ReturnType<ReturnType<typeof useApi>['interactions.importEml']>>): void;
}

type State =
  | { step: 'idle' }
  | { step: 'reading' }
  | { step: 'preview'; fileName: string; contentBase64: string; preview: EmlPreview }
  | { step: 'saving' };

/**
 * An .eml imported with a look first (issue 17): the file is read and shown (sender, subject, date,
 * the start of the text, the files), and a sender who is not this customer's is said before anything
 * is filed: add the address to this customer and import, import anyway, or cancel. Enter on the
 * focused button does the usual thing.
 */
export function EmlImport({ customerId, reason, direction, caseId, onNoReason, onSaved }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = useId();
  const [state, setState] = useState<State>({ step: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (state.step === 'preview') confirmRef.current?.focus();
  }, [state.step]);

  const read = async (file: File | undefined) => {
    if (!file) return;
    if (reason === null) {
      onNoReason();
      if (inputRef.current) inputRef.current.value = '';
      return;
    }
    setError(null);
    setState({ step: 'reading' });
    try {
      const upload = await readFileBase64(file);
      const preview = await api['interactions.previewEml']({ customerId, contentBase64: upload.contentBase64 });
      setState({ step: 'preview', fileName: upload.fileName, contentBase64: upload.contentBase64, preview });
    } catch (e) {
      setError(errorMessage(e, t));
      setState({ step: 'idle' });
    }
  };

  const save = async (addSender: boolean) => {
    if (state.step !== 'preview' || reason === null) return;
    const { fileName, contentBase64, preview } = state;
    setState({ step: 'saving' });
    try {
      if (addSender && preview.from) await api['contacts.add']({ customerId, kind: 'email', value: preview.from, acknowledgeDuplicate: true });
      onSaved(await api['interactions.importEml']({ customerId, direction, reason, fileName, contentBase64, ...(caseId ? { caseId } : {}) }));
    } catch (e) {
      setError(errorMessage(e, t));
      setState({ step: 'preview', fileName, contentBase64, preview });
    }
  };

  const cancel = () => {
    setState({ step: 'idle' });
    if (inputRef.current) inputRef.current.value = '';
    inputRef.current?.focus();
  };

  return (
    <div className="field eml-import">
      <label htmlFor={`${id}-file`}>{t('log.importEml')}</label>
      <input
        ref={inputRef}
        id={`${id}-file`}
        type="file"
        accept=".eml,message/rfc822"
        onChange={(e) => void read(e.target.files?.[0])}
        disabled={state.step === 'reading' || state.step === 'saving'}
        data-testid="import-eml"
      />
      <span aria-live="polite">
        {state.step === 'reading' && <Progress label={t('log.reading')} />}
        {state.step === 'saving' && <Progress label={t('log.importing')} />}
      </span>
      {state.step === 'preview' && (
        <section className="eml-preview" aria-labelledby={`${id}-title`} data-testid="eml-preview">
          <h3 id={`${id}-title`}>{t('log.previewTitle', { file: state.fileName })}</h3>
          <dl className="eml-preview-head">
            <dt>{t('entry.from')}</dt><dd>{state.preview.from ?? '—'}</dd>
            <dt>{t('log.subject')}</dt><dd>{state.preview.subject || '—'}</dd>
            {state.preview.date !== null && (<><dt>{t('log.date')}</dt><dd>{formatDateTime(state.preview.date, i18n.language)}</dd></>)}
          </dl>
          {/* Scrolls when long: focusable, so the keyboard can scroll it. */}
          <p className="eml-preview-text" tabIndex={0}>{state.preview.text || t('log.noText')}</p>
          {state.preview.attachments.length > 0 && (
            <ul className="eml-preview-files">
              {state.preview.attachments.map((a, i) => <li key={i}>{a.fileName} · {formatBytes(a.size, i18n.language)}</li>)}
            </ul>
          )}
          {state.preview.sender === 'this' || state.preview.sender === 'none' ? (
            <p>
              <button ref={confirmRef} type="button" className="btn btn-primary" onClick={() => void save(false)} data-testid="eml-import-confirm">{t('log.importConfirm')}</button>{' '}
              <button type="button" className="btn" onClick={cancel}>{t('common.cancel')}</button>
            </p>
          ) : (
            <div role="alert" className="alert alert-warning" data-testid="eml-sender-warning">
              <p>
                {state.preview.sender === 'other'
                  ? t('log.senderOther', { from: state.preview.from, names: state.preview.others.map((o) => o.name).join(', ') })
                  : t('log.senderUnknown', { from: state.preview.from })}
              </p>
              <button ref={confirmRef} type="button" className="btn btn-primary" onClick={() => void save(true)} data-testid="eml-add-sender">{t('log.senderAdd')}</button>{' '}
              <button type="button" className="btn" onClick={() => void save(false)} data-testid="eml-import-anyway">{t('log.importAnyway')}</button>{' '}
              <button type="button" className="btn" onClick={cancel}>{t('common.cancel')}</button>
            </div>
          )}
        </section>
      )}
      {error && <p role="alert" className="field-error">{error}</p>}
    </div>
  );
}
