import './conversations.css';
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../src-shared/api/errors.js';
import type { ConversationMessage, ConversationSummary } from '../../../src-shared/chat/protocol.js';
import { MOODS, REASONS, type Mood, type Reason } from '../../../src-shared/domain.js';
import { newId } from '../../../src-shared/ids.js';
import { useApi } from '../../api/context.js';
import { ActiveList } from '../../components/ActiveList.js';
import { CustomerPicker } from '../../components/CustomerPicker.js';
import { Dialog } from '../../components/Dialog.js';
import { Progress, SelectField, TextArea } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatDateTime } from '../../i18n/format.js';
import { useSystemText } from '../../lib/systemText.js';
import { useConversations, useStores } from '../../stores/index.js';

type Mode = 'list' | 'reply' | 'close' | 'attach';

/**
 * The team's conversations (F9): the site chat's, Telegram's and VK's open conversations, oldest
 * first. Enter takes the chosen one (the server lets the first operator have it; a colleague who was
 * quicker is named) and puts the caret in the reply; Enter sends, Esc goes back to the list, Ctrl+Enter
 * closes it with a reason and a mood, and the conversation becomes one entry on the customer's
 * timeline. An unknown contact is attached to a customer first (A), or made one (N).
 */
export function ConversationsDialog({ conversationId }: { conversationId?: string }) {
  const { t, i18n } = useTranslation();
  const sys = useSystemText();
  const api = useApi();
  const { ui, conversations, card, session } = useStores();
  const queue = useConversations((s) => s.queue);
  const open = useConversations((s) => s.open);
  const error = useConversations((s) => s.error);
  const me = session.getState().user?.id ?? null;
  const [mode, setMode] = useState<Mode>('list');
  const [busy, setBusy] = useState(false);
  const [text, setText] = useState('');
  const [reason, setReason] = useState<Reason>('information');
  const [mood, setMood] = useState<Mood | ''>('');
  const [notes, setNotes] = useState('');
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const logRef = useRef<HTMLOListElement>(null);
  const lang = i18n.language;

  useEffect(() => {
    const s = conversations.getState();
    s.watch(true);
    void s.load();
    if (conversationId) void s.select(conversationId);
    return () => s.watch(false);
  }, [conversations, conversationId]);
  useEffect(() => {
    if (logRef.current) logRef.current.scrollTop = logRef.current.scrollHeight;
  }, [open?.messages.length]);
  useEffect(() => {
    if (mode === 'reply') replyRef.current?.focus();
  }, [mode]);
  const onActiveChange = useCallback((c: ConversationSummary | null) => {
    if (c) void conversations.getState().select(c.id);
  }, [conversations]);

  const fail = (e: unknown) => {
    const taken = e instanceof ApiError && e.code === 'conflict';
    const name = taken ? ((e as ApiError).details as { claimedByName?: string } | undefined)?.claimedByName : undefined;
    ui.getState().toast('error', (tr) => (name ? tr('conversations.takenBy', { name }) : errorMessage(e, tr)));
  };
  const run = async (work: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    try {
      await work();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
      conversations.getState().changed(open ? [open.id] : []);
    }
  };
  const take = (c: { id: string; claimedBy: string | null }) => run(async () => {
    if (c.claimedBy !== me) await api['conversations.claim']({ id: c.id });
    await conversations.getState().select(c.id);
    setMode('reply');
  });
  const send = () => {
    const said = text.trim();
    if (!open || !said) return;
    void run(async () => {
      await api['conversations.send']({ conversationId: open.id, id: newId(), text: said });
      setText('');
    });
  };
  const close = () => open && run(async () => {
    const done = await api['conversations.close']({ id: open.id, reason, ...(mood ? { mood } : {}), ...(notes.trim() ? { notes: notes.trim() } : {}) });
    ui.getState().toast('success', (tr) => tr('conversations.closed', { name: open.customerName ? sys(open.customerName) : open.visitorName }));
    setNotes('');
    setMode('list');
    await conversations.getState().select(null);
    void done;
  });
  const attach = (decision: { action: 'attach'; customerId: string } | { action: 'create' }, name?: string) => open && run(async () => {
    await api['conversations.attach']({ id: open.id, decision });
    ui.getState().toast('success', (tr) => tr('conversations.attached', { name: name ?? open.visitorName }));
    setMode('reply');
  });

  const onReplyKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      setMode('close');
    } else if (e.key === 'Enter' && !e.shiftKey && !e.altKey) {
      e.preventDefault();
      send();
    } else if (e.key === 'Escape') {
      e.stopPropagation();
      setMode('list');
    }
  };
  const back = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    setMode('reply');
  };

  const who = (c: ConversationSummary) => (c.customerName ? sys(c.customerName) : c.visitorName || t('conversations.unknownVisitor'));
  const holder = (c: ConversationSummary) => (c.claimedBy === null ? t('conversations.free') : c.claimedBy === me ? t('conversations.heldByMe') : t('conversations.heldBy', { name: c.claimedByName ?? '' }));
  const row = (c: ConversationSummary) => (
    <>
      <span className={`conv-channel conv-${c.channel}`}>{t(`conversations.channel_${c.channel}`)}</span>
      <span className="conv-text">
        <span className="conv-line1"><span className="conv-who">{who(c)}</span><span className="conv-holder">{holder(c)}</span></span>
        <span className="conv-meta">{c.waiting > 0 ? `${t('conversations.waitingAnswer', { count: c.waiting })} · ` : ''}{c.preview}</span>
      </span>
    </>
  );
  const delivery = (m: ConversationMessage) => (m.delivery === 'queued' && m.error ? t('conversations.retrying', { attempts: m.attempts, error: m.error })
    : m.delivery === 'queued' ? t('conversations.queued') : m.delivery === 'failed' ? t('conversations.failed', { error: m.error ?? '' }) : null);

  const status = !queue ? null : !queue.available ? t('conversations.unavailable') : !queue.live ? t('conversations.offline') : t('conversations.waiting', { count: queue.items.length });
  const mine = open !== null && open.claimedBy === me;

  return (
    <Dialog title={t('conversations.title')} description={t('conversations.description')} onClose={() => ui.getState().closeDialog()} size="wide" testId="conversations-dialog">
      <p role="status" className="muted" data-testid="conversations-status">{status}</p>
      {error !== null && !queue && <p role="alert" className="alert alert-error">{errorMessage(error, t)}</p>}
      {!queue && error === null && <Progress label={t('app.loading')} />}
      {queue?.live && queue.items.length === 0 && <p className="muted" data-testid="conversations-empty">{t('conversations.empty')}</p>}
      <div className="conv-layout">
        {queue?.live && queue.items.length > 0 && (
          <div className="conv-queue">
            <ActiveList items={queue.items} idOf={(c) => c.id} render={row} onEnter={(c) => void take(c)} onActiveChange={onActiveChange}
              label={`${t('conversations.title')}. ${t('conversations.keysHint')}`} testId="conversations-list" rows={8} autoFocus={mode === 'list'} />
          </div>
        )}
        {open && (
          <section className="conv-open" aria-label={who(open)} data-testid="conversation-open">
            <header className="conv-head">
              <strong>{who(open)}</strong> <span className="muted">{t(`conversations.channel_${open.channel}`)} · {open.sourceName} · {holder(open)}</span>
              {open.customerId && (
                <button type="button" className="btn btn-link" onClick={() => {
                  ui.getState().closeDialog();
                  void card.getState().openCustomer(open.customerId!);
                }}>{t('conversations.openCard')}</button>
              )}
            </header>
            <ol className="conv-log" ref={logRef} aria-live="polite" data-testid="conversation-log">
              {open.messages.map((m) => (
                <li key={m.id} className={`conv-msg conv-${m.direction}${m.delivery === 'failed' ? ' conv-failed' : ''}`}>
                  <span className="conv-author">{m.direction === 'in' ? (open.customerName ? sys(open.customerName) : open.visitorName || t('conversations.customer')) : m.authorName ?? t('conversations.bot')}
                    {' · '}<time dateTime={new Date(m.at).toISOString()}>{formatDateTime(m.at, lang)}</time></span>
                  <span className="conv-body">{m.text}</span>
                  {delivery(m) && <span className="conv-delivery" data-testid="conversation-delivery">{delivery(m)}</span>}
                </li>
              ))}
            </ol>
            {mode === 'list' && (
              <div className="conv-actions">
                <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void take(open)} data-testid="conversation-claim">
                  <span>{mine ? t('conversations.reply') : t('conversations.claim')}</span><span className="kbd-hint" aria-hidden><kbd>Enter</kbd></span>
                </button>
              </div>
            )}
            {mode === 'reply' && (
              <div className="conv-reply">
                <TextArea ref={replyRef} label={t('conversations.reply')} hint={t('conversations.replyHint')} value={text} maxLength={4000} rows={3}
                  onChange={(e) => setText(e.target.value)} onKeyDown={onReplyKey} data-testid="conversation-reply" />
                <div className="conv-actions">
                  <button type="button" className="btn btn-primary" disabled={busy || !text.trim()} onClick={send} data-testid="conversation-send">
                    <span>{t('conversations.send')}</span><span className="kbd-hint" aria-hidden><kbd>Enter</kbd></span>
                  </button>
                  <button type="button" className="btn btn-default" disabled={busy} onClick={() => setMode('close')} data-testid="conversation-close">
                    <span>{t('conversations.closeConversation')}</span><span className="kbd-hint" aria-hidden><kbd>Ctrl</kbd>+<kbd>Enter</kbd></span>
                  </button>
                  {!open.customerId && (
                    <button type="button" className="btn btn-default" disabled={busy} onClick={() => setMode('attach')} data-testid="conversation-attach">{t('conversations.attach')}</button>
                  )}
                </div>
              </div>
            )}
            {mode === 'close' && (
              <form className="conv-close" onKeyDown={(e) => {
                back(e);
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  void close();
                }
              }} onSubmit={(e) => {
                e.preventDefault();
                void close();
              }}>
                <h3>{t('conversations.closeTitle')}</h3>
                <SelectField label={t('reason.label')} value={reason} onChange={(e) => setReason(e.target.value as Reason)} autoFocus data-testid="conversation-reason">
                  {REASONS.map((r) => <option key={r} value={r}>{t(`reason.${r}`)}</option>)}
                </SelectField>
                <SelectField label={t('mood.label')} value={mood} onChange={(e) => setMood(e.target.value as Mood | '')} data-testid="conversation-mood">
                  <option value="">—</option>
                  {MOODS.map((m) => <option key={m} value={m}>{t(`mood.${m}`)}</option>)}
                </SelectField>
                <TextArea label={t('conversations.notes')} value={notes} maxLength={2000} rows={2} onChange={(e) => setNotes(e.target.value)} />
                <button type="submit" className="btn btn-primary" disabled={busy} data-testid="conversation-close-save">
                  <span>{t('conversations.closeSave')}</span><span className="kbd-hint" aria-hidden><kbd>Ctrl</kbd>+<kbd>Enter</kbd></span>
                </button>
              </form>
            )}
            {mode === 'attach' && (
              <div className="conv-attach" onKeyDown={back}>
                <p>{t('conversations.attachTo')}</p>
                <CustomerPicker label={t('conversations.findCustomer')} onPick={(h) => void attach({ action: 'attach', customerId: h.customerId }, h.name)} testId="conversation-picker" autoFocus />
                <button type="button" className="btn btn-default" disabled={busy} onClick={() => void attach({ action: 'create' })} data-testid="conversation-create">{t('conversations.create')}</button>
              </div>
            )}
          </section>
        )}
      </div>
    </Dialog>
  );
}
