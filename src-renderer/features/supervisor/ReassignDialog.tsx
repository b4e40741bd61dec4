import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserRef } from '../../../src-shared/api/entities.js';
import type { QueueItem, ReassignRequest, ReassignResult } from '../../../src-shared/supervisor/protocol.js';
import { useApi } from '../../api/context.js';
import { Dialog } from '../../components/Dialog.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { Checkbox, Progress, SelectField, TextArea } from '../../components/fields.js';
import { useStores, useSupervisor } from '../../stores/index.js';
import { ErrorSummary } from '../../components/ErrorSummary.js';
import { Kbd } from '../../components/Kbd.js';
import { useSave } from '../../hooks/useSave.js';

interface Target {
  id: string;
  name: string;
}

/** The people work can go to: the team on the board, and the users this desktop knows. */
function useTargets(): Target[] {
  const api = useApi();
  const board = useSupervisor((s) => s.board.data?.entries) ?? [];
  const [known, setKnown] = useState<UserRef[]>([]);
  useEffect(() => {
    let live = true;
    api['users.list']({})
      .then((users) => live && setKnown(users))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api]);
  const out = new Map<string, Target>();
  for (const e of board) out.set(e.userId, { id: e.userId, name: e.name });
  for (const u of known) if (!out.has(u.id)) out.set(u.id, { id: u.id, name: u.name });
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Moves the selected cases and tasks (and, if asked, their customers' owner) to one person. */
export function ReassignDialog({ items }: { items: QueueItem[] }) {
  const { t } = useTranslation();
  const { ui, supervisor } = useStores();
  const targets = useTargets();
  const [toUserId, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [moveOwner, setMoveOwner] = useState(false);
  const [results, setResults] = useState<ReassignResult[] | null>(null);
  const resultsRef = useRef<HTMLHeadingElement>(null);
  // The form (and the focused submit button) is gone: the focus moves to the results, inside the
  // dialog, so that Esc and Tab keep working.
  useEffect(() => {
    if (results) resultsRef.current?.focus();
  }, [results]);
  const { busy, errors, setErrors, message, setMessage, run } = useSave();
  const close = () => ui.getState().closeDialog();
  const titles = new Map<string, string>(items.map((i) => [`${i.kind}:${i.id}`, i.title]));
  for (const i of items) if (i.customerId) titles.set(`customer:${i.customerId}`, i.customerName ?? i.title);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!toUserId) local['toUserId'] = t('supervisor.targetRequired');
    if (!reason.trim()) local['reason'] = t('supervisor.reasonRequired');
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage(null);
      return;
    }
    // `seen`: the stamp of the value as listed, so that the server can tell an operator's concurrent
    // change of the same field apart (and keep the overwritten value as a conflict).
    const list: ReassignRequest['items'] = items.map((i) => ({ kind: i.kind, id: i.id, ...(i.assigneeStamp ? { seen: i.assigneeStamp } : {}) }));
    if (moveOwner) {
      const customers = new Map<string, string | null | undefined>();
      for (const i of items) if (i.customerId && !customers.has(i.customerId)) customers.set(i.customerId, i.ownerStamp);
      for (const [id, seen] of customers) list.push({ kind: 'customer', id, ...(seen ? { seen } : {}) });
    }
    const answer = await run(() => supervisor.getState().reassign({ items: list, toUserId, reason: reason.trim() }));
    if (answer) {
      setResults(answer.results);
      const moved = answer.results.filter((r) => r.status === 'reassigned').length;
      ui.getState().toast('success', (tr) => tr('supervisor.reassigned', { count: moved }));
    }
  };

  return (
    <Dialog title={t('supervisor.reassignTitle', { count: items.length })} onClose={close} size="wide" testId="reassign-dialog">
      {results ? (
        <div className="reassign-results">
          <h3 tabIndex={-1} ref={resultsRef}>{t('supervisor.results')}</h3>
          <ul data-testid="reassign-results">
            {results.map((r) => (
              <li key={`${r.kind}:${r.id}`} data-testid="reassign-result" data-status={r.status}>
                {t(`supervisor.kind.${r.kind}`)} «{titles.get(`${r.kind}:${r.id}`) ?? r.id}»: <strong>{t(`supervisor.outcome.${r.status}`)}</strong>
              </li>
            ))}
          </ul>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={close} data-testid="reassign-done">
              {t('common.close')}
            </button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={(e) => void onSubmit(e)} onKeyDown={submitOnCtrlEnter} noValidate>
          <ul className="reassign-items" aria-label={t('supervisor.reassignItems')}>
            {items.map((i) => (
              <li key={`${i.kind}:${i.id}`}>
                {t(`supervisor.kind.${i.kind}`)}: {i.title}
                {i.assigneeName && <span className="muted"> ({i.assigneeName})</span>}
              </li>
            ))}
          </ul>
          <SelectField label={t('supervisor.target')} value={toUserId} onChange={(e) => setTo(e.target.value)} error={errors['toUserId']} data-testid="reassign-target" data-autofocus>
            <option value="">{t('supervisor.chooseTarget')}</option>
            {targets.map((u) => (
              <option key={u.id} value={u.id}>{u.name}</option>
            ))}
          </SelectField>
          <TextArea label={t('supervisor.reasonLabel')} value={reason} onChange={(e) => setReason(e.target.value)} error={errors['reason']} required rows={2} data-testid="reassign-reason" />
          <Checkbox label={t('supervisor.moveOwner')} checked={moveOwner} onChange={setMoveOwner} testId="reassign-owner" />
          <p className={moveOwner ? 'reassign-warning' : 'muted'} data-testid="reassign-owner-hint">{t('supervisor.moveOwnerHint')}</p>
          <ErrorSummary errors={errors} message={message} />
          <div className="form-actions">
            <span aria-live="polite">{busy && <Progress label={t('supervisor.loading')} />}</span>
            <button type="button" className="btn" onClick={close}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy !== false} aria-keyshortcuts="Control+Enter" data-testid="reassign-submit">
              {t('supervisor.reassignSubmit')} <Kbd id="save" />
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
