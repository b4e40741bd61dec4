import { ConversationsDialog } from './features/conversations/ConversationsDialog.js';
import { TeamCallsDialog } from './features/team-calls/TeamCallsDialog.js';
import { TeamInboxDialog } from './features/team-inbox/TeamInboxDialog.js';
import { selectedCard } from './stores/callerCard.js';
import { useCard, useUi } from './stores/index.js';
import { CaseDialog, CloseCaseDialog } from './features/customers/CaseDialogs.js';
import { ComposeDialog } from './features/compose/ComposeDialog.js';
import { CustomerDialog } from './features/customers/CustomerDialog.js';
import { MergeDialog } from './features/customers/MergeDialog.js';
import { CustomerDataDialog } from './features/privacy/CustomerDataDialog.js';
import { TaskDialog } from './features/customers/TaskDialog.js';
import { LogDialog } from './features/logging/LogDialog.js';
import { EntryDialog } from './features/history/EntryDialog.js';
import { SearchDialog } from './features/search/SearchDialog.js';
import { ShortcutHelp } from './features/shortcuts/ShortcutHelp.js';
import { SyncDialog } from './features/sync/SyncDialog.js';
import { CtiSettingsDialog } from './features/calls/CtiSettingsDialog.js';
import { MissedDialog } from './features/calls/MissedDialog.js';
import { ReassignDialog } from './features/supervisor/ReassignDialog.js';
import { MyTasksDialog } from './features/tasks/MyTasksDialog.js';
import { NumberMarkDialog } from './features/numbers/NumberMarkDialog.js';
import { StartProcessDialog } from './features/planning/StartProcessDialog.js';
import { DiaryDialog } from './features/diary/DiaryDialog.js';

/** The one open dialog. Dialogs that act on a customer render only while a card is shown. */
export function DialogHost() {
  const dialog = useUi((s) => s.dialog);
  const card = useCard(selectedCard);
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'search':
      return <SearchDialog />;
    case 'entry':
      return <EntryDialog key={dialog.entryId} entryId={dialog.entryId} />;
    case 'help':
      return <ShortcutHelp />;
    case 'sync':
      return <SyncDialog />;
    case 'customerCreate':
      return <CustomerDialog number={dialog.number} />;
    case 'missed':
      return <MissedDialog />;
    case 'myTasks':
      return <MyTasksDialog />;
    case 'diary':
      return <DiaryDialog card={card} />;
    case 'teamCalls':
      return <TeamCallsDialog />;
    case 'teamInbox':
      return <TeamInboxDialog />;
    case 'conversations':
      return <ConversationsDialog {...(dialog.conversationId ? { conversationId: dialog.conversationId } : {})} />;
    case 'cti':
      return <CtiSettingsDialog />;
    case 'reassign':
      return <ReassignDialog items={dialog.items} />;
    case 'numberMark':
      return <NumberMarkDialog number={dialog.number} />;
    case 'log':
      // A form pinned to its customer stays open while another call replaces the card on screen.
      if (dialog.card) return <LogDialog key={`${dialog.channel}-${dialog.corrects?.id ?? ''}`} channel={dialog.channel} corrects={dialog.corrects} card={dialog.card} callId={dialog.callId} />;
      break;
    default:
      break;
  }
  if (!card) return null;
  switch (dialog.kind) {
    case 'log':
      return <LogDialog key={`${dialog.channel}-${dialog.corrects?.id ?? ''}`} channel={dialog.channel} corrects={dialog.corrects} card={card} callId={dialog.callId} />;
    case 'caseOpen':
      return <CaseDialog card={card} />;
    case 'compose':
      return <ComposeDialog key={dialog.replyTo?.id ?? 'new'} card={card} replyTo={dialog.replyTo} />;
    case 'caseEdit':
      return <CaseDialog card={card} existing={card.openCases.find((c) => c.id === dialog.caseId)} />;
    case 'caseClose': {
      const existing = card.openCases.find((c) => c.id === dialog.caseId);
      return existing ? <CloseCaseDialog existing={existing} /> : null;
    }
    case 'task':
      return <TaskDialog key={dialog.taskId ?? 'new'} card={card} existing={dialog.taskId ? card.openTasks.find((t) => t.id === dialog.taskId) : undefined} />;
    case 'customerEdit':
      return <CustomerDialog customer={card.customer} />;
    case 'customerMerge':
      return <MergeDialog current={card.customer} otherId={dialog.otherId} />;
    case 'customerData':
      return <CustomerDataDialog card={card} />;
    case 'startProcess':
      return <StartProcessDialog card={card} />;
  }
}
