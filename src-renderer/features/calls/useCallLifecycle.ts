import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { displayPhone } from '../../lib/phone.js';
import { selectedCard } from '../../stores/callerCard.js';
import { useSession, useStores } from '../../stores/index.js';
import { shownCall } from '../../lib/callActions.js';

/**
 * What the call lifecycle does to the screen besides the card pop (App handles 'incoming-call'):
 * - the shown call hangs up → the call logging form opens for wrap-up, prefilled from the call, or the
 *   form already open for this call stays open (its untouched times follow the call);
 * - a call logged while still talking → its wrap-up ends at the hang-up without a second form;
 * - a new missed call → a toast saying a callback task was created.
 */
export function useCallLifecycle(): void {
  const { t } = useTranslation();
  const country = useSession((s) => s.settings?.defaultCountry ?? 'RU');
  const stores = useStores();
  // Calls whose wrap-up form was opened once: cancelling it does not bring it back.
  const handledRef = useRef(new Set<string>());

  useEffect(() => {
    const { calls, card, ui } = stores;
    const handled = handledRef.current;
    const check = () => {
      const call = shownCall(stores);
      if (!call || call.state !== 'ended' || handled.has(call.callId)) return;
      if (calls.getState().logged.includes(call.callId)) {
        handled.add(call.callId);
        void calls.getState().wrapUpDone(call.callId).catch(() => ui.getState().toast('error', (tr) => tr('calls.wrapUpDoneFailed')));
        return;
      }
      const dialog = ui.getState().dialog;
      if (dialog?.kind === 'log' && dialog.channel === 'call' && !dialog.corrects && (!dialog.callId || dialog.callId === call.callId)) {
        // The form the operator opened during the call stays open for the wrap-up, tied to the call.
        handled.add(call.callId);
        if (!dialog.callId) ui.getState().openDialog({ ...dialog, callId: call.callId });
        return;
      }
      // Another dialog is open: the form opens when it closes (this runs again on every UI change).
      if (dialog) return;
      const c = card.getState();
      const shown = selectedCard(c);
      if (c.status !== 'ready' || !shown) return;
      handled.add(call.callId);
      ui.getState().openDialog({ kind: 'log', channel: 'call', callId: call.callId, card: shown });
    };
    const offs = [calls.subscribe(check), card.subscribe(check), ui.subscribe(check)];
    check();
    return () => offs.forEach((off) => off());
  }, [stores, t]);

  useEffect(
    () =>
      stores.calls.subscribe((s, prev) => {
        if (!s.state || s.state === prev.state) return;
        const known = new Set((prev.state?.missed ?? []).map((m) => m.callId));
        for (const m of s.state.missed) {
          if (known.has(m.callId) || !prev.state) continue;
          stores.ui.getState().toast('info', (tr) => {
            const number = m.number ? displayPhone(m.number, country) : tr('calls.withheld');
            return m.taskId || m.byServer ? tr('calls.missedToast', { number }) : tr('calls.missedToastNoTask', { number });
          });
        }
      }),
    [stores, country],
  );
}
