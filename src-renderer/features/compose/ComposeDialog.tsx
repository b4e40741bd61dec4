import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { HTML_BODY_TYPE, type CustomerCard, type Interaction } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorSummary } from '../../components/ErrorSummary.js';
import { Checkbox, SelectField, TextArea, TextField } from '../../components/fields.js';
import { FormActions } from '../../components/FormActions.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { useSave } from '../../hooks/useSave.js';
import { formatDateTime } from '../../i18n/format.js';
import { useStores } from '../../stores/index.js';
import { readFilesBase64 } from '../../lib/files.js';
import { fillTemplate, type MailTemplateView } from '../../../src-shared/mail/templates.js';

function splitAddresses(value: string): string[] {
  return value.split(/[,;\s]+/).map((a) => a.trim()).filter(Boolean);
}

/**
 * A letter to the customer (issue 20), new or a reply to their logged email: logged at once as an
 * outbound email, and sent by the central server (offline: at the next sync). A reply quotes the
 * letter it answers and offers its attachments to send again. Ctrl+Enter sends.
 */
export function ComposeDialog({ card, replyTo }: { card: CustomerCard; replyTo?: Interaction | undefined }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { ui, card: cardStore, session } = useStores();
  const [templates, setTemplates] = useState<MailTemplateView[]>([]);
  const [templateId, setTemplateId] = useState('');
  useEffect(() => {
    api['templates.list']({}).then((all) => setTemplates(all.filter((x) => x.active)), () => setTemplates([]));
  }, [api]);
  const customerEmail = card.customer.contacts.find((c) => c.kind === 'email')?.raw ?? '';
  const quote = replyTo
    ? `\n\n${t('compose.quoteHeader', { when: formatDateTime(replyTo.occurredAt, i18n.language), from: replyTo.emailFrom ?? '' })}\n${(replyTo.emailBody ?? replyTo.preview).split('\n').map((l) => `> ${l}`).join('\n')}`
    : '';
  const [to, setTo] = useState(replyTo?.emailFrom ?? customerEmail);
  const [cc, setCc] = useState('');
  const [subject, setSubject] = useState(replyTo ? `${/^re:/i.test(replyTo.subject ?? '') ? '' : t('compose.replyPrefix')}${replyTo.subject ?? ''}` : '');
  const [body, setBody] = useState(quote);
  const [again, setAgain] = useState<string[]>([]);
  const [files, setFiles] = useState<File[]>([]);
  const { busy, errors, setErrors, message, setMessage, run } = useSave();
  const filesId = useId();
  const close = () => ui.getState().closeDialog();
  // A template fills the subject (a reply keeps its own) and the text, above the quoted letter.
  const applyTemplate = (id: string) => {
    setTemplateId(id);
    const chosen = templates.find((x) => x.id === id);
    if (!chosen) return;
    const values = { name: card.customer.name, organisation: card.customer.organisation, operator: session.getState().user?.name ?? '' };
    if (!replyTo) setSubject(fillTemplate(chosen.subject, values));
    setBody(fillTemplate(chosen.body, values) + quote);
  };
  const reusable = replyTo?.attachments.filter((a) => a.mimeType !== HTML_BODY_TYPE) ?? [];

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (splitAddresses(to).length === 0) local['to'] = t('validation.required');
    if (!subject.trim()) local['subject'] = t('validation.required');
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage(null);
      return;
    }
    const result = await run(async (phase) => {
      phase('files');
      const uploads = await readFilesBase64(files);
      phase('saving');
      return api['emails.send']({
        customerId: card.customer.id, to: splitAddresses(to), cc: splitAddresses(cc), subject: subject.trim(), body,
        inReplyTo: replyTo?.id ?? null, attachmentIds: again, uploads,
      });
    });
    if (result) {
      ui.getState().toast('success', (tr) => tr('compose.queued'));
      close();
      void cardStore.getState().refresh();
    }
  };

  return (
    <Dialog title={replyTo ? t('compose.replyTitle', { subject: replyTo.subject ?? '' }) : t('compose.title')} onClose={close} size="wide" testId="compose-dialog">
      <form className="form" onSubmit={(e) => void onSubmit(e)} onKeyDown={submitOnCtrlEnter} noValidate data-testid="compose-form">
        <div className="form-grid">
          <TextField label={t('compose.to')} value={to} onChange={(e) => setTo(e.target.value)} error={errors['to']} autoComplete="off" data-autofocus={replyTo ? undefined : ''} />
          <TextField label={t('compose.cc')} value={cc} onChange={(e) => setCc(e.target.value)} error={errors['cc']} autoComplete="off" />
        </div>
        {templates.length > 0 && (
          <SelectField label={t('compose.template')} value={templateId} onChange={(e) => applyTemplate(e.target.value)} data-testid="compose-template">
            <option value="">{t('compose.noTemplate')}</option>
            {templates.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </SelectField>
        )}
        <TextField label={t('compose.subject')} value={subject} onChange={(e) => setSubject(e.target.value)} error={errors['subject']} />
        <TextArea label={t('compose.body')} value={body} onChange={(e) => setBody(e.target.value)} rows={10} error={errors['body']} data-autofocus={replyTo ? '' : undefined} />
        {reusable.length > 0 && (
          <fieldset className="checkbox-row" data-testid="compose-history-files">
            <legend>{t('compose.fromHistory')}</legend>
            {reusable.map((a) => (
              <Checkbox key={a.id} label={a.fileName} checked={again.includes(a.id)} onChange={(on) => setAgain((ids) => (on ? [...ids, a.id] : ids.filter((x) => x !== a.id)))} />
            ))}
          </fieldset>
        )}
        <div className="field">
          <label htmlFor={filesId}>{t('compose.upload')}</label>
          <input id={filesId} type="file" multiple onChange={(e) => setFiles(Array.from(e.target.files ?? []))} data-testid="compose-files" />
        </div>
        <p className="muted">{t('compose.sentBy')}</p>
        <ErrorSummary errors={errors} message={message} />
        <FormActions busy={busy} onCancel={close} testId="compose-send" label={t('compose.send')} />
      </form>
    </Dialog>
  );
}
