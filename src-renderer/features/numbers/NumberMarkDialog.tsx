import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { NumberMarkKind } from '../../../src-shared/domain.js';
import { useApi } from '../../api/context.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorSummary } from '../../components/ErrorSummary.js';
import { RadioGroup, TextArea } from '../../components/fields.js';
import { FormActions } from '../../components/FormActions.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { useSave } from '../../hooks/useSave.js';
import { shownCall } from '../../lib/callActions.js';
import { usePhoneFormat } from '../../lib/phone.js';
import { callDuration, callStart } from '../../stores/calls.js';
import { useStores } from '../../stores/index.js';

const KINDS: readonly NumberMarkKind[] = ['wrong_number', 'spam', 'no_customer'];

/**
 * An unknown caller who is nobody's customer (Alt+Z): a wrong number or a silent line is logged
 * against the number (who took it, when, for how long) without making a customer of it; spam marks
 * the number, so its next call says so on every desktop. The kind's digit picks it, Ctrl+Enter saves,
 * and the screen goes back to the day. A CTI call's wrap-up ends with it.
 */
export function NumberMarkDialog({ number }: { number: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const stores = useStores();
  const phone = usePhoneFormat();
  const [kind, setKind] = useState<NumberMarkKind | ''>('');
  const [notes, setNotes] = useState('');
  const { busy, errors, setErrors, message, run } = useSave();
  const close = () => stores.ui.getState().closeDialog();

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (kind === '') {
      setErrors({ kind: t('numbers.kindRequired') });
      return;
    }
    const call = shownCall(stores);
    const now = Date.now();
    const done = await run(async () => {
      if (kind === 'spam') {
        await api['numbers.markSpam']({ number, notes });
        if (call?.state === 'ended') await api['calls.wrapUpDone']({ callId: call.callId });
      } else {
        const startedAt = call ? callStart(call) : (stores.card.getState().callStartedAt ?? now);
        const durationS = call ? callDuration(call, now) : Math.max(0, Math.round((now - startedAt) / 1000));
        await api['numbers.logWithoutCustomer']({ number, kind, notes, startedAt, durationS, ...(call?.state === 'ended' ? { callId: call.callId } : {}) });
      }
      return true;
    });
    if (!done) return;
    const shown = phone(number);
    stores.ui.getState().toast('success', (tr) => tr(kind === 'spam' ? 'numbers.markedSpam' : 'numbers.logged', { number: shown }));
    close();
    stores.card.getState().home();
  };

  return (
    <Dialog title={t('numbers.title', { number: phone(number) })} description={t('numbers.description')} onClose={close} size="small" testId="number-mark-dialog">
      <form onSubmit={(e) => void onSubmit(e)} onKeyDown={submitOnCtrlEnter} noValidate>
        <ErrorSummary errors={errors} message={message} />
        <RadioGroup
          legend={t('numbers.kind')}
          name="number-mark-kind"
          value={kind}
          options={KINDS.map((k) => ({ value: k, label: t(`numbers.kindValue.${k}`) }))}
          onChange={(v) => setKind(v)}
          digitKeys
          autoFocus
          onDigit={() => document.querySelector<HTMLTextAreaElement>('[data-testid="number-mark-notes"]')?.focus()}
          error={errors['kind']}
          testId="number-mark-kind"
        />
        <TextArea label={t('numbers.notes')} value={notes} onChange={(e) => setNotes(e.target.value)} rows={3} data-testid="number-mark-notes" />
        <FormActions busy={busy} onCancel={close} testId="number-mark" />
      </form>
    </Dialog>
  );
}
