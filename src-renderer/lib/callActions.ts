// Call actions shared by buttons and their global shortcuts.
import type { CallInfo } from '../../src-shared/api/cti.js';
import { selectedCard } from '../stores/callerCard.js';
import { findCall } from '../stores/calls.js';
import type { AppStores } from '../stores/index.js';
import { shortcut } from './keymap.js';
import type { ApiClient } from '../api/client.js';
import { ApiError } from '../../src-shared/api/errors.js';
import { errorMessage } from '../i18n/errors.js';

/** The CTI call whose card is on screen, while the engine still lists it. */
export function shownCall(stores: AppStores): CallInfo | null {
  return findCall(stores.calls.getState().state, stores.card.getState().callId);
}

/** The one-key hint's keys as shown to the operator ("Alt+R"). */
export function keysText(id: Parameters<typeof shortcut>[0]): string {
  return shortcut(id).display.map((k) => k.join('+')).join(' / ');
}

/**
 * Opens the call logging form for the customer on screen. During or after a CTI call the form is tied
 * to it (times from the call; saving ends its wrap-up) and pinned to that customer.
 */
export function openCallLog(stores: AppStores): void {
  const card = selectedCard(stores.card.getState());
  if (!card) return;
  const call = shownCall(stores);
  stores.ui.getState().openDialog({ kind: 'log', channel: 'call', card, ...(call ? { callId: call.callId } : {}) });
}

/** Opens a listed call's card (the queue, or the active call after another card was opened). */
export function openCallCard(stores: AppStores, call: CallInfo): void {
  void stores.card.getState().lookup(call.number, call.ringingAt, call.callId);
}

/**
 * F4: calls a number from the card through the telephony settings' way (AMI Originate, a softphone
 * link or command): the phone number in focus (a contact row's), else the caller's, else the card's first.
 */
export async function dialFromCard(stores: AppStores, api: ApiClient): Promise<void> {
  const focused = document.activeElement instanceof HTMLElement ? document.activeElement.closest<HTMLElement>('[data-dial]')?.dataset['dial'] : undefined;
  const state = stores.card.getState();
  const card = selectedCard(state);
  const number = focused ?? shownCall(stores)?.number ?? card?.customer.contacts.find((c) => c.kind === 'phone')?.normalized ?? state.normalized ?? undefined;
  const toast = stores.ui.getState().toast;
  if (!number) {
    toast('info', (tr) => tr('teamCalls.noDialer'));
    return;
  }
  try {
    const result = await api['calls.dial']({ number });
    toast('success', (tr) => tr('teamCalls.dialed', { number: result.number }));
  } catch (error) {
    toast('error', (tr) => tr('teamCalls.dialFailed', { reason: errorMessage(error, tr) }));
  }
}

/**
 * Alt+R: the call to the customer's manager. Through the PBX (Redirect or Atxfer) when the telephony
 * settings say so; else the desktop cannot move the call itself (the phone does), so it puts the
 * manager's extension on the clipboard and says what to do.
 */
export async function transferToManager(stores: AppStores, api?: ApiClient): Promise<void> {
  const call = shownCall(stores);
  const transfer = call?.transfer;
  if (!transfer) return;
  const toast = stores.ui.getState().toast;
  // With a live AMI link the engine transfers, unless the settings keep the hint (not_configured).
  if (api && transfer.extension && call.state === 'answered' && stores.calls.getState().ctiStatus?.ami.state === 'connected') {
    try {
      const done = await api['calls.transfer']({ callId: call.callId });
      toast('success', (tr) => tr('teamCalls.transferred', { name: done.toName, extension: done.extension }));
      return;
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'not_configured')) {
        toast('error', (tr) => tr('teamCalls.transferFailed', { reason: errorMessage(error, tr) }));
        return;
      }
    }
  }
  if (!transfer.extension) {
    toast('info', (tr) => tr('calls.transferNoExt', { name: transfer.toName }));
    return;
  }
  try {
    if (!navigator.clipboard) throw new Error('no clipboard');
    await navigator.clipboard.writeText(transfer.extension);
    toast('info', (tr) => tr('calls.transferCopied', { ext: transfer.extension, name: transfer.toName }));
  } catch {
    toast('info', (tr) => tr('calls.transferManual', { ext: transfer.extension, name: transfer.toName }));
  }
}
