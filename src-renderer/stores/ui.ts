import type { TFunction } from 'i18next';
import { createStore } from 'zustand/vanilla';
import type { LoggedChannel } from '../../src-shared/domain.js';
import type { CustomerCard, HistoryEntry, Interaction } from '../../src-shared/api/entities.js';
import type { QueueItem } from '../../src-shared/supervisor/protocol.js';

export type DialogState =
  /**
   * callId: the CTI call this entry logs (times prefilled from it, saving ends its wrap-up). card: the
   * customer pinned when the form opened, so a call that rings meanwhile and replaces the card on
   * screen cannot move a half-filled wrap-up form to another customer.
   */
  | { kind: 'log'; channel: LoggedChannel; corrects?: HistoryEntry; callId?: string; card?: CustomerCard }
  | { kind: 'search' }
  | { kind: 'entry'; entryId: string }
  /** A letter to the card's customer, or a reply to their logged email (features/compose). */
  | { kind: 'compose'; replyTo?: Interaction }
  | { kind: 'help' }
  | { kind: 'sync' }
  | { kind: 'missed' }
  /** The operator's own open tasks (features/tasks). */
  | { kind: 'myTasks' }
  | { kind: 'startProcess' }
  | { kind: 'diary' }
  | { kind: 'teamCalls' }
  /** Messages of the shared mailboxes from unknown senders (features/team-inbox). */
  | { kind: 'teamInbox' }
  | { kind: 'conversations'; conversationId?: string }
  | { kind: 'cti' }
  | { kind: 'caseOpen' }
  | { kind: 'caseEdit'; caseId: string }
  | { kind: 'caseClose'; caseId: string }
  | { kind: 'task'; taskId?: string }
  | { kind: 'customerCreate'; number?: string }
  | { kind: 'customerEdit' }
  /** otherId: the duplicate already picked (from search), else the dialog asks for it. */
  | { kind: 'customerMerge'; otherId?: string }
  | { kind: 'customerData' }
  /** An unknown number's call logged without a customer, or marked as spam (features/numbers). */
  | { kind: 'numberMark'; number: string }
  /** The supervisor's reassignment of the selected queue items (features/supervisor). */
  | { kind: 'reassign'; items: QueueItem[] };

export interface Toast {
  id: number;
  tone: 'success' | 'error' | 'info';
  /** The words, or how to say them: a toast written by the system follows a change of language. */
  text: ToastText;
}

export type ToastText = string | ((t: TFunction) => string);

export interface UiState {
  dialog: DialogState | null;
  toasts: Toast[];
  openDialog(dialog: DialogState): void;
  closeDialog(): void;
  toast(tone: Toast['tone'], text: ToastText): void;
  dismissToast(id: number): void;
}

const TOAST_MS = 6_000;

export function createUiStore() {
  let nextToast = 1;
  return createStore<UiState>()((set, get) => ({
    dialog: null,
    toasts: [],
    openDialog(dialog) {
      set({ dialog });
    },
    closeDialog() {
      set({ dialog: null });
    },
    toast(tone, text) {
      const id = nextToast++;
      set((s) => ({ toasts: [...s.toasts.slice(-4), { id, tone, text }] }));
      // Errors stay until dismissed: an operator on a call may not look at the screen in time.
      if (tone !== 'error') setTimeout(() => get().dismissToast(id), TOAST_MS);
    },
    dismissToast(id) {
      set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
    },
  }));
}
