import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoggedChannel } from '../../../src-shared/domain.js';
import type { CustomerCard, HistoryEntry, Interaction } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { Dialog } from '../../components/Dialog.js';
import { Progress } from '../../components/fields.js';
import { formatDateTime } from '../../i18n/format.js';
import { errorMessage } from '../../i18n/errors.js';
import { findCall } from '../../stores/calls.js';
import { useCalls, useCard, useStores } from '../../stores/index.js';
import { LogCallForm } from './LogCallForm.js';
import { LogEmailForm } from './LogEmailForm.js';
import { LogFaxForm } from './LogFaxForm.js';
import type { Logged } from './types.js';

const TITLE: Record<LoggedChannel, string> = { call: 'log.callTitle', email: 'log.emailTitle', fax: 'log.faxTitle' };

export function LogDialog({ channel, corrects, card, callId }: { channel: LoggedChannel; corrects?: HistoryEntry | undefined; card: CustomerCard; callId?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { ui, card: cardStore, calls } = useStores();
  const callStartedAt = useCard((s) => s.callStartedAt);
  // The call as last listed: it leaves the list when its wrap-up ends, the form keeps its times.
  const liveCall = useCalls((s) => findCall(s.state, callId));
  const [call, setCall] = useState(liveCall);
  if (liveCall && liveCall !== call) setCall(liveCall);
  // A correction starts from the full original (the timeline only carries a preview of the notes).
  const [original, setOriginal] = useState<Interaction | null | 'error'>(corrects ? null : 'error');
  useEffect(() => {
    if (!corrects) return;
    let live = true;
    api['interactions.get']({ id: corrects.id })
      .then((i) => live && setOriginal(i))
      .catch(() => live && setOriginal('error'));
    return () => {
      live = false;
    };
  }, [api, corrects]);

  const close = () => ui.getState().closeDialog();
  const onSaved = (_result: Logged) => {
    ui.getState().toast('success', (tr) => tr(`log.saved.${channel}`));
    close();
    if (call && channel === 'call' && !corrects) {
      // Saved after the hang-up: the wrap-up is over. Saved while still talking: it ends at the hang-up.
      const listed = findCall(calls.getState().state, call.callId);
      if (listed && listed.state !== 'ended') calls.getState().markLogged(call.callId);
      else void calls.getState().wrapUpDone(call.callId).catch(() => ui.getState().toast('error', (tr) => tr('calls.wrapUpDoneFailed')));
    }
    // The refreshed card replaces the timeline, which puts the new entry at its head.
    void cardStore.getState().refresh();
  };
  const title = corrects ? `${t(TITLE[channel])} — ${t('log.correctionOf', { time: formatDateTime(corrects.occurredAt, i18n.language) })}` : `${t(TITLE[channel])} · ${card.customer.name}`;
  const full = original && original !== 'error' ? original : undefined;
  const props = { card, callStartedAt, call: corrects ? null : call, onSaved, onCancel: close, corrects: full };

  return (
    <Dialog title={title} onClose={close} variant="sheet" size="wide" testId={`log-${channel}-dialog`}>
      {corrects && original === null ? (
        <Progress label={t('app.loading')} />
      ) : (
        <>
          {corrects && original === 'error' && <p className="alert alert-error">{errorMessage(null, t)}</p>}
          {channel === 'call' && <LogCallForm {...props} />}
          {channel === 'email' && <LogEmailForm {...props} />}
          {channel === 'fax' && <LogFaxForm {...props} />}
        </>
      )}
    </Dialog>
  );
}
