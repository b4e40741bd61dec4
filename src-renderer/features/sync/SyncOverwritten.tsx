// The user's own edits that a colleague's concurrent write overwrote: which field, their value, the
// value that won; "Apply mine again" (focused first, so Enter does it) or dismiss.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { OverwrittenEntry } from '../../../src-shared/sync/status.js';
import { useApi } from '../../api/context.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatDateTime } from '../../i18n/format.js';
import { useStores, useSync } from '../../stores/index.js';

const FIELDS = [
  'name', 'organisation', 'birthday', 'segment', 'kind', 'owner_id', 'owner_locked', 'subject', 'category', 'status', 'assignee_id', 'promise',
  'resolution', 'last_step', 'title', 'due_at', 'priority', 'raw', 'label', 'cancel_reason',
];

function fieldText(field: string, t: TFunction): string {
  return FIELDS.includes(field) ? t(`sync.overwrittenList.fields.${field}`) : field;
}

/** A value as the operator reads it: times as dates, people by name where the list knows them. */
function valueText(field: string, value: unknown, lng: string, t: TFunction, names: Map<string, string>): string {
  if (value === null || value === undefined || value === '') return t('sync.overwrittenList.empty');
  if (field.endsWith('_at') && typeof value === 'number') return formatDateTime(value, lng);
  if (field.endsWith('_id') && typeof value === 'string') return names.get(value) ?? value;
  if (typeof value === 'boolean' || field === 'owner_locked') return value === true || value === 1 ? '✓' : '✗';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function SyncOverwritten() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const count = useSync((s) => s.status?.overwritten ?? 0);
  const [list, setList] = useState<OverwrittenEntry[]>([]);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [busy, setBusy] = useState<number | null>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const titleId = useId();
  const lng = i18n.language;

  useEffect(() => {
    let current = true;
    api['sync.overwritten']({}).then((l) => current && setList(l), () => current && setList([]));
    return () => {
      current = false;
    };
  }, [api, count]);
  useEffect(() => {
    if (!list.some((e) => e.field.endsWith('_id'))) return;
    api['users.list']({}).then((users) => setNames(new Map(users.map((u) => [u.id, u.name]))), () => undefined);
  }, [api, list]);
  // Opened to put an edit back: the first "Apply mine again" has the focus, so Enter does it.
  const focused = useRef(false);
  useEffect(() => {
    if (focused.current || list.length === 0) return;
    focused.current = true;
    sectionRef.current?.querySelector<HTMLButtonElement>('[data-testid="overwritten-reapply"]')?.focus();
  }, [list]);

  const act = async (entry: OverwrittenEntry, how: 'reapply' | 'dismiss') => {
    setBusy(entry.id);
    try {
      if (how === 'reapply') {
        await api['sync.reapplyOverwritten']({ id: entry.id });
        ui.getState().toast('success', (tr) => tr('sync.overwrittenList.reapplied', { field: fieldText(entry.field, t) }));
      } else {
        await api['sync.dismissOverwritten']({ id: entry.id });
      }
      const rest = list.filter((e) => e.id !== entry.id);
      setList(rest);
      // The next entry's button keeps the keyboard where it was.
      requestAnimationFrame(() => sectionRef.current?.querySelector<HTMLButtonElement>('[data-testid="overwritten-reapply"]')?.focus());
    } catch (e) {
      ui.getState().toast('error', (tr) => tr('sync.overwrittenList.failed', { message: errorMessage(e, t) }));
    } finally {
      setBusy(null);
    }
  };

  if (list.length === 0) return null;
  return (
    <section ref={sectionRef} className="sync-rejections" aria-labelledby={titleId} data-testid="sync-overwritten-list">
      <h3 id={titleId}>
        {t('sync.overwrittenList.title')} <span className="muted">· {new Intl.NumberFormat(lng).format(list.length)}</span>
      </h3>
      <p className="muted">{t('sync.overwrittenList.intro')}</p>
      <table className="sync-rejection-table">
        <thead>
          <tr>
            <th scope="col">{t('sync.overwrittenList.when')}</th>
            <th scope="col">{t('sync.overwrittenList.what')}</th>
            <th scope="col">{t('sync.overwrittenList.field')}</th>
            <th scope="col">{t('sync.overwrittenList.mine')}</th>
            <th scope="col">{t('sync.overwrittenList.kept')}</th>
            <td />
          </tr>
        </thead>
        <tbody>
          {list.map((e) => {
            const field = fieldText(e.field, t);
            const what = e.label ?? e.rowId;
            return (
              <tr key={e.id} data-testid="overwritten-edit">
                <td><time dateTime={new Date(e.at).toISOString()}>{formatDateTime(e.at, lng)}</time></td>
                <td>{what}</td>
                <td>{field}</td>
                <td data-testid="overwritten-mine"><strong>{valueText(e.field, e.myValue, lng, t, names)}</strong></td>
                <td data-testid="overwritten-kept">{valueText(e.field, e.keptValue, lng, t, names)}</td>
                <td className="row-actions">
                  <button type="button" className="btn btn-small btn-primary" disabled={busy !== null} aria-label={t('sync.overwrittenList.reapplyNamed', { field, what })} onClick={() => void act(e, 'reapply')} data-testid="overwritten-reapply">
                    {t('sync.overwrittenList.reapply')}
                  </button>{' '}
                  <button type="button" className="btn btn-small" disabled={busy !== null} aria-label={t('sync.overwrittenList.dismissNamed', { field, what })} onClick={() => void act(e, 'dismiss')} data-testid="overwritten-dismiss">
                    {t('sync.overwrittenList.dismiss')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
