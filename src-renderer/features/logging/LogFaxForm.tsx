import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Direction } from '../../../src-shared/domain.js';
import type { Interaction } from '../../../src-shared/api/entities.js';
import { LIMITS } from '../../../src-shared/limits.js';
import { useApi } from '../../api/context.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { TextArea, TextField } from '../../components/fields.js';
import { fromLocalInput, toLocalInput } from '../../i18n/format.js';
import { CaseAndFollowUp, commonInput, initialCommon, NoteTemplateField, OutcomeFields, ReasonField, validateCommon, withTemplate, type CommonState, DirectionField } from './CommonFields.js';
import { ErrorSummary } from '../../components/ErrorSummary.js';
import { isFaxDocument, readFilesBase64 } from '../../lib/files.js';
import { countFaxPages } from '../../lib/faxPages.js';
import { FormActions } from '../../components/FormActions.js';
import type { LogFormProps } from './types.js';
import { useSave } from '../../hooks/useSave.js';

export function LogFaxForm({ card, corrects, onSaved, onCancel }: LogFormProps & { corrects?: Interaction | undefined }) {
  const { t } = useTranslation();
  const api = useApi();
  const faxContact = card.customer.contacts.find((c) => c.kind === 'fax')?.raw ?? '';
  const [direction, setDirection] = useState<Direction>(corrects?.direction ?? 'in');
  const [number, setNumber] = useState(corrects?.number ?? faxContact);
  const [pages, setPages] = useState(corrects?.faxPages != null ? String(corrects.faxPages) : '1');
  const [notes, setNotes] = useState(corrects?.notes ?? '');
  // When it came: now by default (the operator logs it as it arrives), or the time on the fax.
  const [receivedAt, setReceivedAt] = useState(() => toLocalInput(corrects?.occurredAt ?? Date.now()));
  const formRef = useRef<HTMLFormElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  // The pages are counted from the documents (as the entry will show them) unless the operator typed them.
  const pagesTyped = useRef(corrects?.faxPages != null);
  const [pagesCounted, setPagesCounted] = useState(false);
  const picked = useRef(0);
  const pickFiles = (next: File[]) => {
    setFiles(next);
    const mine = ++picked.current;
    if (pagesTyped.current || next.length === 0) return;
    void countFaxPages(next).then((count) => {
      if (mine !== picked.current || pagesTyped.current || count === null || count < 1) return;
      setPages(String(Math.min(count, LIMITS.faxPages)));
      setPagesCounted(true);
    });
  };
  const [common, setCommonState] = useState<CommonState>(() =>
    initialCommon(t, corrects ? { reason: corrects.reason, outcome: corrects.outcome ?? '', promise: corrects.promise ?? '', caseChoice: corrects.caseId ?? '' } : {}),
  );
  const set = (p: Partial<CommonState>) => setCommonState((s) => ({ ...s, ...p }));
  const { busy, errors, setErrors, message, setMessage, run } = useSave();
  const docsId = useId();

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const local = validateCommon(common, t);
    if (!number.trim()) local['number'] = t('validation.required');
    const pageCount = Number(pages);
    if (!/^\d+$/.test(pages.trim()) || pageCount < 1 || pageCount > LIMITS.faxPages) local['pages'] = t('validation.pages', { max: LIMITS.faxPages });
    if (files.length === 0) local['documents'] = t('validation.documents');
    const wrong = files.find((f) => !isFaxDocument(f));
    if (wrong) local['documents'] = t('validation.documentType', { name: wrong.name });
    const occurredAt = fromLocalInput(receivedAt);
    if (occurredAt === null) local['occurredAt'] = t('validation.date');
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage(null);
      return;
    }
    const result = await run(async (phase) => {
      phase('files');
      const documents = await readFilesBase64(files);
      phase('saving');
      return api['interactions.logFax']({
        ...commonInput(common, card.customer.id, corrects?.id),
        direction,
        number: number.trim(),
        pages: pageCount,
        ...(occurredAt === null ? {} : { occurredAt }),
        documents,
        notes,
      });
    });
    if (result) onSaved(result);
  };

  const docError = errors['documents'] ?? errors['documents.0'];
  return (
    <form ref={formRef} className="form log-form" onSubmit={(e) => void onSubmit(e)} onKeyDown={submitOnCtrlEnter} noValidate data-testid="log-fax-form">
      {/* The reason (a digit), then the document, which a fax cannot be logged without: said up front. */}
      <ReasonField s={common} set={set} errors={errors} onPicked={() => formRef.current?.querySelector<HTMLInputElement>('[data-testid="fax-documents"]')?.focus()} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor={docsId}>{t('log.documents')}</label>
          <input
            id={docsId}
            type="file"
            multiple
            required
            accept=".pdf,.tif,.tiff,application/pdf,image/tiff"
            onChange={(e) => pickFiles(Array.from(e.target.files ?? []))}
            aria-invalid={docError ? true : undefined}
            aria-describedby={`${docsId}-h${docError ? ` ${docsId}-e` : ''}`}
            data-testid="fax-documents"
          />
          <span id={`${docsId}-h`} className="field-hint">{files.length > 0 ? t('log.files', { count: files.length }) : t('log.documentsRequired')}</span>
          {docError && (
            <span id={`${docsId}-e`} className="field-error">
              {docError}
            </span>
          )}
        </div>
        <TextField label={t('log.number')} type="tel" value={number} onChange={(e) => setNumber(e.target.value)} error={errors['number']} data-testid="fax-number" />
        <TextField
          label={t('log.pages')}
          inputMode="numeric"
          value={pages}
          onChange={(e) => {
            setPagesCounted(false);
            pagesTyped.current = true;
            setPages(e.target.value);
          }}
          error={errors['pages']}
          hint={pagesCounted ? t('log.pagesCounted') : undefined}
          data-testid="fax-pages"
        />
        <TextField label={t('log.receivedAt')} type="datetime-local" value={receivedAt} onChange={(e) => setReceivedAt(e.target.value)} error={errors['occurredAt']} data-testid="fax-received-at" />
      </div>
      <TextArea label={t('log.notes')} value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} error={errors['notes']} />
      <NoteTemplateField reason={common.reason} onInsert={(text) => setNotes((n) => withTemplate(n, text))} />
      <OutcomeFields s={common} set={set} errors={errors} />
      <DirectionField value={direction} onChange={setDirection} />
      <CaseAndFollowUp s={common} set={set} errors={errors} openCases={card.openCases} />
      <ErrorSummary errors={errors} message={message} />
      <FormActions busy={busy} onCancel={onCancel} testId="save" />
    </form>
  );
}
