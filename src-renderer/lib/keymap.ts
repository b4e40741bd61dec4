// The central keymap: the one place that decides which key does what, what the help dialog lists,
// what buttons show in <kbd>, and what aria-keyshortcuts announces.
// Letters are matched by KeyboardEvent.code, not .key: with the Russian layout active, Ctrl+K
// produces key "л", and operators switch layouts all day.

export const SHORTCUT_IDS = [
  'incoming', 'home', 'markNumber', 'search', 'logCall', 'logEmail', 'logFax', 'writeEmail', 'newCase', 'newTask', 'editCustomer', 'mergeCustomer',
  'timeline', 'sync', 'away', 'callQueue', 'transfer', 'missedCalls', 'teamCalls', 'markMissedSeen', 'dial', 'teamInbox', 'conversations', 'myTasks', 'diary', 'startProcess',
  'campaignInterested', 'campaignDeclined', 'campaignPurchased', 'campaignInfo', 'addTag', 'ctiSettings', 'save', 'close', 'help', 'language',
] as const;
/** Only for supervisors and admins (docs/supervisors.md): the four views and the reassign action. */
export const SUPERVISOR_SHORTCUT_IDS = ['supervisorBoard', 'supervisorQueue', 'supervisorFigures', 'supervisorReview', 'supervisorAudit', 'supervisorCanned', 'supervisorProcesses', 'supervisorCampaigns', 'supervisorLines', 'reassign'] as const;
export type ShortcutId = (typeof SHORTCUT_IDS)[number] | (typeof SUPERVISOR_SHORTCUT_IDS)[number];

export interface Shortcut {
  id: ShortcutId;
  /** Key combinations as shown to the operator, e.g. [['Ctrl', 'K']]. */
  display: string[][];
  /** Value for aria-keyshortcuts. */
  aria: string;
  /** Handled by the global listener (false: handled by the focused dialog or form). */
  global: boolean;
  /** Still works while a dialog is open. */
  inDialog?: boolean;
  match(e: KeyboardEvent): boolean;
}

const plain = (e: KeyboardEvent) => !e.ctrlKey && !e.metaKey && !e.altKey;
const alt = (code: string) => (e: KeyboardEvent) => e.altKey && !e.ctrlKey && !e.metaKey && e.code === code;
// Every Alt letter is taken, and Alt+Shift switches the keyboard layout on Russian Windows desks:
// planned work has Ctrl+Shift and a letter.
const ctrlShift = (code: string) => (e: KeyboardEvent) => (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.code === code;

export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'incoming', display: [['F2']], aria: 'F2', global: true, match: (e) => e.key === 'F2' && plain(e) },
  { id: 'home', display: [['Alt', 'D']], aria: 'Alt+D', global: true, match: alt('KeyD') },
  { id: 'markNumber', display: [['Alt', 'Z']], aria: 'Alt+Z', global: true, match: alt('KeyZ') },
  {
    id: 'search',
    display: [['Ctrl', 'K']],
    aria: 'Control+K',
    global: true,
    match: (e) => (e.ctrlKey || e.metaKey) && !e.altKey && e.code === 'KeyK',
  },
  { id: 'logCall', display: [['Alt', 'C']], aria: 'Alt+C', global: true, match: alt('KeyC') },
  { id: 'logEmail', display: [['Alt', 'E']], aria: 'Alt+E', global: true, match: alt('KeyE') },
  { id: 'logFax', display: [['Alt', 'F']], aria: 'Alt+F', global: true, match: alt('KeyF') },
  { id: 'newCase', display: [['Alt', 'N']], aria: 'Alt+N', global: true, match: alt('KeyN') },
  { id: 'newTask', display: [['Alt', 'T']], aria: 'Alt+T', global: true, match: alt('KeyT') },
  { id: 'editCustomer', display: [['Alt', 'U']], aria: 'Alt+U', global: true, match: alt('KeyU') },
  // O: «объединить», and free in Chromium/Electron menus.
  { id: 'mergeCustomer', display: [['Alt', 'O']], aria: 'Alt+O', global: true, match: alt('KeyO') },
  { id: 'timeline', display: [['Alt', 'H']], aria: 'Alt+H', global: true, match: alt('KeyH') },
  { id: 'sync', display: [['Alt', 'S']], aria: 'Alt+S', global: true, match: alt('KeyS') },
  // Calls (CTI): away toggle, the queue of waiting calls, the transfer hint, missed calls, phone settings.
  { id: 'away', display: [['Alt', 'A']], aria: 'Alt+A', global: true, match: alt('KeyA') },
  { id: 'callQueue', display: [['Alt', 'Q']], aria: 'Alt+Q', global: true, match: alt('KeyQ') },
  { id: 'transfer', display: [['Alt', 'R']], aria: 'Alt+R', global: true, match: alt('KeyR') },
  { id: 'missedCalls', display: [['Alt', 'M']], aria: 'Alt+M', global: true, match: alt('KeyM') },
  // Every Alt letter is taken: the team's calls have the function keys next to F2's incoming call.
  { id: 'teamCalls', display: [['F3']], aria: 'F3', global: true, match: (e) => e.key === 'F3' && plain(e) && !e.shiftKey },
  {
    id: 'markMissedSeen',
    display: [['Shift', 'F3']],
    aria: 'Shift+F3',
    global: true,
    inDialog: true,
    match: (e) => e.key === 'F3' && e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey,
  },
  // Dial the card's number (or the phone number in focus) through the configured telephony.
  { id: 'dial', display: [['F4']], aria: 'F4', global: true, match: (e) => e.key === 'F4' && plain(e) },
  // F5 reloads, F6 and F7 are the browser's (address bar, caret browsing): the team inbox is F8.
  { id: 'teamInbox', display: [['F8']], aria: 'F8', global: true, match: (e) => e.key === 'F8' && plain(e) && !e.shiftKey },
  // The conversations (site chat, messengers) next to the shared mail: F9.
  { id: 'conversations', display: [['F9']], aria: 'F9', global: true, match: (e) => e.key === 'F9' && plain(e) && !e.shiftKey },
  // Y: free here, among the supervisor's letters below, and in Chromium/Electron menus.
  { id: 'myTasks', display: [['Alt', 'Y']], aria: 'Alt+Y', global: true, match: alt('KeyY') },
  // D: «дневник», the diary (Alt+D is the day's home screen).
  { id: 'diary', display: [['Ctrl', 'Shift', 'D']], aria: 'Control+Shift+D', global: true, match: ctrlShift('KeyD') },
  // P: «процесс», started for the customer on the card.
  { id: 'startProcess', display: [['Ctrl', 'Shift', 'P']], aria: 'Control+Shift+P', global: true, match: ctrlShift('KeyP') },
  // A letter to the card's customer, sent by the server (issue 20).
  { id: 'writeEmail', display: [['Ctrl', 'Shift', 'L']], aria: 'Control+Shift+L', global: true, match: ctrlShift('KeyL') },
  // A campaign response in one key (issue 20), in the order the card's buttons show them.
  { id: 'campaignInterested', display: [['Alt', '1']], aria: 'Alt+1', global: true, match: alt('Digit1') },
  { id: 'campaignDeclined', display: [['Alt', '2']], aria: 'Alt+2', global: true, match: alt('Digit2') },
  { id: 'campaignPurchased', display: [['Alt', '3']], aria: 'Alt+3', global: true, match: alt('Digit3') },
  { id: 'campaignInfo', display: [['Alt', '4']], aria: 'Alt+4', global: true, match: alt('Digit4') },
  // A tag on the card's customer (issue 20): G for «группа», as T is a task's.
  { id: 'addTag', display: [['Ctrl', 'Shift', 'G']], aria: 'Control+Shift+G', global: true, match: ctrlShift('KeyG') },
  { id: 'ctiSettings', display: [['Alt', 'P']], aria: 'Alt+P', global: true, match: alt('KeyP') },
  {
    id: 'save',
    display: [['Ctrl', 'Enter']],
    aria: 'Control+Enter',
    global: false,
    match: (e) => (e.ctrlKey || e.metaKey) && e.key === 'Enter',
  },
  { id: 'close', display: [['Esc']], aria: 'Escape', global: false, match: (e) => e.key === 'Escape' },
  {
    id: 'help',
    display: [['F1'], ['?']],
    aria: 'F1 Shift+?',
    global: true,
    // '?' only outside text fields, where it is a character the operator is typing.
    match: (e) => (e.key === 'F1' && plain(e)) || (e.key === '?' && !e.ctrlKey && !e.altKey && !isTextTarget(e.target)),
  },
  { id: 'language', display: [['Alt', 'L']], aria: 'Alt+L', global: true, inDialog: true, match: alt('KeyL') },
];

// Free Alt letters (not taken above, nor by Chromium/Electron menus): Board, Work queues, fiGures, reView,
// and X for moving the selected items to someone else.
export const SUPERVISOR_SHORTCUTS: readonly Shortcut[] = [
  { id: 'supervisorBoard', display: [['Alt', 'B']], aria: 'Alt+B', global: true, match: alt('KeyB') },
  { id: 'supervisorQueue', display: [['Alt', 'W']], aria: 'Alt+W', global: true, match: alt('KeyW') },
  { id: 'supervisorFigures', display: [['Alt', 'G']], aria: 'Alt+G', global: true, match: alt('KeyG') },
  { id: 'supervisorReview', display: [['Alt', 'V']], aria: 'Alt+V', global: true, match: alt('KeyV') },
  // J: the audit journal («журнал»).
  { id: 'supervisorAudit', display: [['Alt', 'J']], aria: 'Alt+J', global: true, match: alt('KeyJ') },
  // K: «как записать», the canned outcomes and note templates the logging form offers.
  { id: 'supervisorCanned', display: [['Alt', 'K']], aria: 'Alt+K', global: true, match: alt('KeyK') },
  // I: IP telephony, the admin's phone lines (admins only).
  // E: «этапы», the processes' steps.
  { id: 'supervisorProcesses', display: [['Ctrl', 'Shift', 'E']], aria: 'Control+Shift+E', global: true, match: ctrlShift('KeyE') },
  { id: 'supervisorCampaigns', display: [['Ctrl', 'Shift', 'M']], aria: 'Control+Shift+M', global: true, match: ctrlShift('KeyM') },
  { id: 'supervisorLines', display: [['Alt', 'I']], aria: 'Alt+I', global: true, match: alt('KeyI') },
  { id: 'reassign', display: [['Alt', 'X']], aria: 'Alt+X', global: true, match: alt('KeyX') },
];

/** Every shortcut the global listener knows; the help lists SUPERVISOR_SHORTCUTS to supervisors only. */
export const ALL_SHORTCUTS: readonly Shortcut[] = [...SHORTCUTS, ...SUPERVISOR_SHORTCUTS];

export function shortcut(id: ShortcutId): Shortcut {
  const found = ALL_SHORTCUTS.find((s) => s.id === id);
  if (!found) throw new Error(`no shortcut ${id}`);
  return found;
}

export function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes(target.type);
}
