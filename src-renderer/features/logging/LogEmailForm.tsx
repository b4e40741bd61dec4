import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Direction } from '../../../src-shared/domain.js';
import type { Interaction } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { TextArea, TextField } from '../../components/fields.js';
import { CaseAndFollowUp, commonInput, initialCommon, OutcomeFields, ReasonField, validateCommon, type CommonState, DirectionField } from './CommonFields.js';
import { ErrorSummary } from '../../components/ErrorSummary.js';
import { readFilesBase64 } from '../../lib/files.js';
import { FormActions } from '../../components/FormActions.js';
import type { LogFormProps } from './types.js';
import { EmlImport } from './EmlImport.js';
import { useSave } from '../../hooks/useSave.js';

function splitAddresses(value: string): string[] {
  return value
    .split(/[,;\s]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}

export function LogEmailForm({ card, corrects, onSaved, onCancel }: LogFormProps & { corrects?: Interaction | undefined }) {
  const { t } = useTranslation();
  const api = useApi();
  const customerEmail = card.customer.contacts.find((c) => c.kind === 'email')?.raw ?? '';
  const [direction, setDirection] = useState<Direction>(corrects?.direction ?? 'in');
  const [from, setFrom] = useState(corrects?.emailFrom ?? customerEmail);
  const [to, setTo] = useState(corrects?.emailTo.join(', ') ?? '');
  const [cc, setCc] = useState(corrects?.emailCc.join(', ') ?? '');
  const [subject, setSubject] = useState(corrects?.subject ?? '');
  const [body, setBody] = useState(corrects?.emailBody ?? '');
  const [files, setFiles] = useState<File[]>([]);
  const [common, setCommonState] = useState<CommonState>(() =>
    initialCommon(t, corrects ? { reason: corrects.reason, outcome: corrects.outcome ?? '', promise: corrects.promise ?? '', caseChoice: corrects.caseId ?? '' } : {}),
  );
  const set = (p: Partial<CommonState>) => setCommonState((s) => ({ ...s, ...p }));
  const { busy, errors, setErrors, message, setMessage, run } = useSave();
  const filesId = useId();
  const formRef = useRef<HTMLFormElement>(null);

  // The customer's address goes where the customer is: sender of an inbound mail, recipient of an outbound one.
  const changeDirection = (d: Direction) => {
    setDirection(d);
    if (!customerEmail) return;
    if (d === 'out' && from === customerEmail && !to) {
      setFrom('');
      setTo(customerEmail);
    } else if (d === 'in' && to === customerEmail && !from) {
      setTo('');
      setFrom(customerEmail);
    }
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const local = validateCommon(common, t);
    if (!from.trim()) local['from'] = t('validation.required');
    if (splitAddresses(to).length === 0) local['to'] = t('validation.required');
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage(null);
      return;
    }
    const result = await run(async (phase) => {
      phase('files');
      const attachments = await readFilesBase64(files);
      phase('saving');
      return api['interactions.logEmail']({
        ...commonInput(common, card.customer.id, corrects?.id),
        direction,
        from: from.trim(),
        to: splitAddresses(to),
        cc: splitAddresses(cc),
        subject,
        body,
        attachments,
      });
    });
    if (result) onSaved(result);
  };

  return (
    <form ref={formRef} className="form log-form" onSubmit={(e) => void onSubmit(e)} onKeyDown={submitOnCtrlEnter} noValidate data-testid="log-email-form">
      {/* The reason first (its digit moves to the import: a saved message is the common case), then
          the import with its preview, then the fields of an email typed by hand. */}
      <ReasonField s={common} set={set} errors={errors} onPicked={() => formRef.current?.querySelector<HTMLInputElement>('[data-testid="import-eml"]')?.focus()} />
      {!corrects && (
        <EmlImport
          customerId={card.customer.id}
          reason={common.reason === '' ? null : common.reason}
          direction={direction}
          caseId={common.caseChoice && common.caseChoice !== 'new' ? common.caseChoice : undefined}
          onNoReason={() => setErrors({ reason: t('validation.reason') })}
          onSaved={onSaved}
        />
      )}
      <DirectionField value={direction} onChange={changeDirection} />
      <div className="form-grid">
        <TextField label={t('log.from')} value={from} onChange={(e) => setFrom(e.target.value)} error={errors['from']} autoComplete="off" />
        <TextField label={t('log.to')} value={to} onChange={(e) => setTo(e.target.value)} error={errors['to']} autoComplete="off" />
        <TextField label={t('log.cc')} value={cc} onChange={(e) => setCc(e.target.value)} error={errors['cc']} autoComplete="off" />
      </div>
      <TextField label={t('log.subject')} value={subject} onChange={(e) => setSubject(e.target.value)} error={errors['subject']} />
      <TextArea label={t('log.body')} value={body} onChange={(e) => setBody(e.target.value)} rows={6} error={errors['body']} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor={filesId}>{t('log.attachments')}</label>
          <input id={filesId} type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))} data-testid="email-attachments" />
          {files.length > 0 && (
            <span className="field-hint">
              {t('log.files', { count: files.length })}: {files.map((f) => f.name).join(', ')}
            </span>
          )}
          {errors['attachments'] && <span className="field-error">{errors['attachments']}</span>}
        </div>
      </div>
      <OutcomeFields s={common} set={set} errors={errors} />
      <CaseAndFollowUp s={common} set={set} errors={errors} openCases={card.openCases} />
      <ErrorSummary errors={errors} message={message} />
      <FormActions busy={busy} onCancel={onCancel} testId="save" />
    </form>
  );
}
