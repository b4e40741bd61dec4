import './team-inbox.css';
import { useCallback, useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../src-shared/api/errors.js';
import type { TriageDecision, TriageItem } from '../../../src-shared/mail/protocol.js';
import { ActiveList } from '../../components/ActiveList.js';
import { CustomerPicker } from '../../components/CustomerPicker.js';
import { Dialog } from '../../components/Dialog.js';
import { Progress } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatDateTime } from '../../i18n/format.js';
import { useStores, useTeamInbox } from '../../stores/index.js';

type Mode = 'list' | 'attach';

/** A letter key by its position (KeyA…), so it works with the Russian layout too. */
const ACTION_KEYS: Record<string, 'attach' | 'create' | 'spam'> = { KeyA: 'attach', KeyN: 'create', KeyS: 'spam' };

/**
 * The team inbox (F8): messages that came to the shared mailboxes from addresses no customer has.
 * ↑ ↓ choose a message; A (or Enter) attaches it to a customer found by name, phone or email; N makes
 * a customer of the sender; S marks it spam, and every later message from that sender. The sender's
 * other waiting messages go the same way. Deciding needs the server: the first operator's decision
 * wins, a colleague's earlier one is reported.
 */
export function TeamInboxDialog() {
  const { t, i18n } = useTranslation();
  const { ui, teamInbox } = useStores();
  const inbox = useTeamInbox((s) => s.inbox);
  const error = useTeamInbox((s) => s.error);
  const [active, setActive] = useState<TriageItem | null>(null);
  const [mode, setMode] = useState<Mode>('list');
  const [busy, setBusy] = useState(false);
  const lang = i18n.language;

  useEffect(() => {
    void teamInbox.getState().load();
  }, [teamInbox]);
  const onActiveChange = useCallback((item: TriageItem | null) => setActive(item), []);

  const close = () => ui.getState().closeDialog();
  const who = (m: TriageItem) => (m.senderName ? `${m.senderName} <${m.sender ?? ''}>` : (m.sender ?? t('inbox.noSender')));

  const decide = async (m: TriageItem, decision: TriageDecision, customerName?: string) => {
    if (busy) return;
    setBusy(true);
    try {
      const result = await teamInbox.getState().decide(m.messageId, decision);
      ui.getState().toast('success', (tr) => {
        const done = decision.action === 'spam' ? tr('inbox.spammed', { sender: m.sender ?? '' })
          : decision.action === 'create' ? tr('inbox.created', { name: m.senderName || m.sender || '' })
          : tr('inbox.attached', { name: customerName ?? '' });
        return result.alsoResolved > 0 ? `${done} ${tr('inbox.alsoResolved', { count: result.alsoResolved })}` : done;
      });
      setMode('list');
    } catch (e) {
      const decided = e instanceof ApiError && e.code === 'conflict';
      ui.getState().toast('error', (tr) => (decided ? tr('inbox.alreadyDecided') : errorMessage(e, tr)));
      if (decided) setMode('list');
    } finally {
      setBusy(false);
    }
  };

  const act = (action: 'attach' | 'create' | 'spam') => {
    if (!active || busy) return;
    if (action === 'attach') setMode('attach');
    else void decide(active, { action });
  };
  const onListKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const action = ACTION_KEYS[e.code];
    if (!action || e.ctrlKey || e.altKey || e.metaKey || mode !== 'list') return;
    e.preventDefault();
    act(action);
  };

  const row = (m: TriageItem) => (
    <>
      <time className="inbox-time" dateTime={new Date(m.receivedAt).toISOString()}>{formatDateTime(m.receivedAt, lang)}</time>
      <span className="inbox-text">
        <span className="inbox-line1"><span className="inbox-sender">{who(m)}</span><span className="inbox-box">{m.mailboxName}</span></span>
        <span className="inbox-meta"><span className="inbox-subject">{m.subject || t('inbox.noSubject')}</span>{m.preview ? ` — ${m.preview}` : ''}</span>
      </span>
    </>
  );

  const status = !inbox ? null
    : !inbox.available ? t('inbox.unavailable')
    : !inbox.live ? t('inbox.offline')
    : t('inbox.waiting', { count: inbox.total });

  return (
    <Dialog title={t('inbox.title')} description={t('inbox.description')} onClose={close} size="wide" testId="team-inbox-dialog">
      <p role="status" className="muted" data-testid="inbox-status">{status}</p>
      {error !== null && !inbox && <p role="alert" className="alert alert-error">{errorMessage(error, t)}</p>}
      {!inbox && error === null && <Progress label={t('app.loading')} />}
      {inbox?.live && inbox.items.length === 0 && <p className="muted" data-testid="inbox-empty">{t('inbox.empty')}</p>}
      {inbox?.live && inbox.items.length > 0 && (
        <div onKeyDown={onListKey}>
          <ActiveList items={inbox.items} idOf={(m) => m.messageId} render={row} onEnter={() => act('attach')} onActiveChange={onActiveChange}
            label={`${t('inbox.title')}. ${t('inbox.keysHint')}`} testId="inbox-list" rows={8} autoFocus={mode === 'list'} />
        </div>
      )}
      {active && inbox?.live && mode === 'list' && (
        <div className="inbox-actions" role="group" aria-label={t('inbox.actionsFor', { sender: who(active) })}>
          <button type="button" className="btn btn-primary" aria-keyshortcuts="A" disabled={busy} onClick={() => act('attach')} data-testid="inbox-attach">
            <span>{t('inbox.attach')}</span><span className="kbd-hint" aria-hidden><kbd>A</kbd></span>
          </button>
          <button type="button" className="btn btn-default" aria-keyshortcuts="N" disabled={busy} onClick={() => act('create')} data-testid="inbox-create">
            <span>{t('inbox.create')}</span><span className="kbd-hint" aria-hidden><kbd>N</kbd></span>
          </button>
          <button type="button" className="btn btn-default" aria-keyshortcuts="S" disabled={busy} onClick={() => act('spam')} data-testid="inbox-spam">
            <span>{t('inbox.spam')}</span><span className="kbd-hint" aria-hidden><kbd>S</kbd></span>
          </button>
        </div>
      )}
      {active && mode === 'attach' && (
        <div className="inbox-attach" onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.stopPropagation();
          setMode('list');
        }}>
          <p>{t('inbox.attachTo', { sender: who(active) })}</p>
          <CustomerPicker label={t('inbox.findCustomer')} onPick={(h) => void decide(active, { action: 'attach', customerId: h.customerId }, h.name)} testId="inbox-picker" autoFocus />
        </div>
      )}
    </Dialog>
  );
}
