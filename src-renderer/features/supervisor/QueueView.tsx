import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { REASONS } from '../../../src-shared/domain.js';
import { DUE_STATES, QUEUE_KINDS, QUEUE_SORTS, type DueState, type QueueItem } from '../../../src-shared/supervisor/protocol.js';
import { useApi } from '../../api/context.js';
import { SelectField } from '../../components/fields.js';
import { ShortcutButton } from '../../components/ShortcutButton.js';
import { formatAgo, formatDateTime } from '../../i18n/format.js';
import { useStores, useSupervisor } from '../../stores/index.js';
import { itemKey, type QueueFilters } from '../../stores/supervisor.js';
import { ViewStatus } from './ViewStatus.js';

const DUE_ICON: Record<DueState, string> = { overdue: '⚠', due_soon: '⏰', on_time: '' };

/** Opens the reassign dialog for the selected items (the button and Alt+X). */
export function openReassign(stores: ReturnType<typeof useStores>): void {
  const { selection, queue } = stores.supervisor.getState();
  const chosen = new Set(selection);
  const items = (queue.data?.items ?? []).filter((i) => chosen.has(itemKey(i)));
  if (items.length > 0) stores.ui.getState().openDialog({ kind: 'reassign', items });
}

/** Open cases and callback tasks of the team, with filters, sorting and keyboard multi-selection. */
export function QueueView() {
  const { t, i18n } = useTranslation();
  const stores = useStores();
  const { supervisor } = stores;
  const queue = useSupervisor((s) => s.queue);
  const filters = useSupervisor((s) => s.queueFilters);
  const selection = useSupervisor((s) => s.selection);
  const team = useSupervisor((s) => s.board.data?.entries) ?? [];
  const items = queue.data?.items ?? [];
  const [active, setActive] = useState(0);
  const [labels, setLabels] = useState<string[]>([]);
  const api = useApi();
  useEffect(() => {
    api['tags.known']({}).then(setLabels, () => setLabels([]));
  }, [api]);
  const [anchor, setAnchor] = useState<number | null>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const selected = new Set(selection);
  const lng = i18n.language;
  const now = queue.data?.serverTimeMs ?? 0;

  const setFilter = (patch: Partial<QueueFilters>) => {
    const next: QueueFilters = { ...filters, ...patch };
    for (const k of Object.keys(next) as (keyof QueueFilters)[]) if (next[k] === undefined || next[k] === '') delete next[k];
    void supervisor.getState().loadQueue(next);
    setActive(0);
    setAnchor(null);
  };

  const focusRow = (i: number) => {
    setActive(i);
    bodyRef.current?.querySelectorAll<HTMLTableRowElement>('tr[data-key]')[i]?.focus();
  };
  const toggle = (key: string) => {
    const s = supervisor.getState();
    s.setSelection(s.selection.includes(key) ? s.selection.filter((k) => k !== key) : [...s.selection, key]);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    if (items.length === 0) return;
    const at = Math.min(active, items.length - 1);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = Math.max(0, Math.min(items.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)));
      if (e.shiftKey) {
        // Shift extends from where the range started to the new row.
        const from = anchor ?? at;
        if (anchor === null) setAnchor(at);
        const [lo, hi] = from <= next ? [from, next] : [next, from];
        const range = items.slice(lo, hi + 1).map(itemKey);
        supervisor.getState().setSelection([...new Set([...supervisor.getState().selection, ...range])]);
      } else {
        setAnchor(null);
      }
      focusRow(next);
    } else if (e.key === ' ') {
      e.preventDefault();
      const item = items[at];
      if (item) toggle(itemKey(item));
      setAnchor(at);
    } else if ((e.ctrlKey || e.metaKey) && e.code === 'KeyA') {
      e.preventDefault();
      supervisor.getState().setSelection(items.map(itemKey));
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      focusRow(e.key === 'Home' ? 0 : items.length - 1);
    }
  };

  return (
    <section className="supervisor-view" aria-labelledby="sv-queue-title" data-testid="supervisor-queue">
      <h2 tabIndex={-1} id="sv-queue-title">{t('supervisor.queue')}</h2>
      <form className="supervisor-filters" aria-label={t('supervisor.filters')} onSubmit={(e) => e.preventDefault()}>
        <SelectField label={t('supervisor.col.kind')} value={filters.kind ?? ''} onChange={(e) => setFilter({ kind: (e.target.value || undefined) as QueueFilters['kind'] })} data-testid="queue-filter-kind">
          <option value="">{t('supervisor.all')}</option>
          {QUEUE_KINDS.map((k) => (
            <option key={k} value={k}>{t(`supervisor.kind.${k}`)}</option>
          ))}
        </SelectField>
        <SelectField label={t('supervisor.col.assignee')} value={filters.assigneeId ?? ''} onChange={(e) => setFilter({ assigneeId: e.target.value || undefined })} data-testid="queue-filter-assignee">
          <option value="">{t('supervisor.all')}</option>
          <option value="unassigned">{t('supervisor.unassigned')}</option>
          {team.map((u) => (
            <option key={u.userId} value={u.userId}>{u.name}</option>
          ))}
        </SelectField>
        <SelectField label={t('supervisor.col.category')} value={filters.category ?? ''} onChange={(e) => setFilter({ category: (e.target.value || undefined) as QueueFilters['category'] })} data-testid="queue-filter-category">
          <option value="">{t('supervisor.all')}</option>
          {REASONS.map((r) => (
            <option key={r} value={r}>{t(`reason.${r}`)}</option>
          ))}
        </SelectField>
        <SelectField label={t('supervisor.col.dueState')} value={filters.due ?? ''} onChange={(e) => setFilter({ due: (e.target.value || undefined) as QueueFilters['due'] })} data-testid="queue-filter-due">
          <option value="">{t('supervisor.all')}</option>
          {DUE_STATES.map((d) => (
            <option key={d} value={d}>{t(`supervisor.due.${d}`)}</option>
          ))}
        </SelectField>
        <SelectField label={t('segments.queueLabel')} value={filters.label ?? ''} onChange={(e) => setFilter({ label: e.target.value || undefined })} data-testid="queue-filter-label">
          <option value="">{t('supervisor.all')}</option>
          {labels.map((l) => <option key={l} value={l}>{l}</option>)}
        </SelectField>
        <SelectField label={t('supervisor.sort')} value={filters.sort} onChange={(e) => setFilter({ sort: e.target.value as QueueFilters['sort'] })} data-testid="queue-sort">
          {QUEUE_SORTS.map((s) => (
            <option key={s} value={s}>{t(`supervisor.sortBy.${s}`)}</option>
          ))}
        </SelectField>
      </form>
      <ViewStatus status={queue.status} error={queue.error} live={queue.live} fetchedAt={queue.fetchedAt} testId="supervisor-queue" />
      <div className="supervisor-actions">
        <ShortcutButton
          shortcutId="reassign"
          tone="primary"
          label={t('supervisor.reassign')}
          disabled={selection.length === 0}
          onClick={() => openReassign(stores)}
          data-testid="queue-reassign"
        />
        <span aria-live="polite" data-testid="queue-selected">{t('supervisor.selected', { count: selection.length })}</span>
        {queue.data && <span className="muted" data-testid="queue-total">{t('supervisor.shown', { shown: items.length, total: queue.data.total })}</span>}
        <span className="muted" id="sv-queue-help">{t('supervisor.queueHelp')}</span>
      </div>
      {queue.data && (
        <div className="table-scroll">
          <table className="data-table queue-table" role="grid" aria-multiselectable="true" aria-labelledby="sv-queue-title" aria-describedby="sv-queue-help" data-testid="queue-table">
            <thead>
              <tr>
                <th scope="col"><span className="visually-hidden">{t('supervisor.col.select')}</span></th>
                <th scope="col">{t('supervisor.col.kind')}</th>
                <th scope="col">{t('supervisor.col.item')}</th>
                <th scope="col">{t('supervisor.col.category')}</th>
                <th scope="col">{t('supervisor.col.age')}</th>
                <th scope="col">{t('supervisor.col.due')}</th>
                <th scope="col">{t('supervisor.col.assignee')}</th>
                <th scope="col">{t('supervisor.col.owner')}</th>
              </tr>
            </thead>
            <tbody ref={bodyRef} onKeyDown={onKeyDown}>
              {items.length === 0 && (
                <tr>
                  <td colSpan={8} className="muted">{t('supervisor.empty')}</td>
                </tr>
              )}
              {items.map((item: QueueItem, i) => {
                const key = itemKey(item);
                const isSelected = selected.has(key);
                return (
                  <tr
                    key={key}
                    data-key={key}
                    data-testid="queue-row"
                    data-due={item.due}
                    aria-selected={isSelected}
                    tabIndex={i === Math.min(active, items.length - 1) ? 0 : -1}
                    className={`queue-row due-${item.due}${isSelected ? ' is-selected' : ''}`}
                    onFocus={() => setActive(i)}
                    onClick={(e) => {
                      setActive(i);
                      if (e.target instanceof HTMLInputElement) return;
                      toggle(key);
                    }}
                  >
                    <td>
                      <input type="checkbox" tabIndex={-1} checked={isSelected} onChange={() => toggle(key)} aria-label={t('supervisor.selectItem', { title: item.title })} />
                    </td>
                    <td>{item.taskKind ? t(`tasks.kindValue.${item.taskKind}`) : t(`supervisor.kind.${item.kind}`)}</td>
                    <td>
                      {item.priority === 'high' && <strong className="badge task-urgent">{t('tasks.priorityValue.high')}</strong>}{' '}
                      <span className="queue-title">{item.title}</span>
                      {item.customerName && <span className="muted"> · {item.customerName}</span>}
                    </td>
                    <td>{item.category ? t(`reason.${item.category}`) : '—'}</td>
                    <td>{formatAgo(item.openedAt, now, lng) ?? t('supervisor.justNow')}</td>
                    <td data-testid="queue-due">
                      {item.dueAt !== null ? formatDateTime(item.dueAt, lng) : '—'}
                      {item.due !== 'on_time' && (
                        <span className={`due-mark due-mark-${item.due}`}>
                          <span aria-hidden="true">{DUE_ICON[item.due]} </span>
                          {t(`supervisor.due.${item.due}`)}
                        </span>
                      )}
                    </td>
                    <td data-testid="queue-assignee">{item.assigneeName ?? t('supervisor.unassigned')}</td>
                    <td>{item.ownerName ?? '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
