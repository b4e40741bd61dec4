// The changes the server refused, with their reason; each can be dismissed.
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Progress } from '../../components/fields.js';
import { formatDateTime } from '../../i18n/format.js';
import { useStores, useSync } from '../../stores/index.js';
import { entityText, rejectReasonText } from './text.js';

export function SyncRejections() {
  const { t, i18n } = useTranslation();
  const { sync, ui } = useStores();
  const rejected = useSync((s) => s.status?.rejected ?? 0);
  const list = useSync((s) => s.rejections);
  const listStatus = useSync((s) => s.rejectionsStatus);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  // Where the focus goes once a dismissed row has left the list.
  const focusNext = useRef<number | 'heading' | null>(null);
  const titleId = useId();
  const lng = i18n.language;

  // A new rejection (the count grows) or a dismissal elsewhere re-reads the list.
  useEffect(() => {
    void sync.getState().loadRejections();
  }, [rejected, sync]);

  // After a dismissal the focus goes to the next row's button, or to the heading when none is left.
  useEffect(() => {
    const next = focusNext.current;
    if (next === null) return;
    focusNext.current = null;
    const target = next === 'heading' ? headingRef.current : sectionRef.current?.querySelector<HTMLElement>(`[data-rejection-id="${next}"] button`);
    (target ?? headingRef.current)?.focus();
  }, [list]);

  const dismiss = async (id: number) => {
    const i = list.findIndex((r) => r.id === id);
    const next = list[i + 1] ?? list[i - 1];
    focusNext.current = next ? next.id : 'heading';
    try {
      await sync.getState().dismissRejection(id);
    } catch {
      focusNext.current = null;
      ui.getState().toast('error', (tr) => tr('sync.rejections.dismissFailed'));
    }
  };

  return (
    <section ref={sectionRef} className="sync-rejections" aria-labelledby={titleId} data-testid="sync-rejections">
      <h3 id={titleId} ref={headingRef} tabIndex={-1}>
        {t('sync.rejections.title')}
        {list.length > 0 && <span className="muted"> · {new Intl.NumberFormat(lng).format(list.length)}</span>}
      </h3>
      {listStatus === 'loading' && <Progress label={t('sync.rejections.loading')} />}
      {listStatus === 'error' && (
        <p role="alert" className="field-error">
          {t('sync.rejections.loadError')}
        </p>
      )}
      {listStatus === 'ready' && list.length === 0 && <p className="muted">{t('sync.rejections.none')}</p>}
      {list.length > 0 && (
        <>
          <p className="muted">{t('sync.rejections.intro')}</p>
          <table className="sync-rejection-table">
            <thead>
              <tr>
                <th scope="col">{t('sync.rejections.when')}</th>
                <th scope="col">{t('sync.rejections.what')}</th>
                <th scope="col">{t('sync.rejections.reason')}</th>
                <th scope="col">{t('sync.rejections.message')}</th>
                <td />
              </tr>
            </thead>
            <tbody>
              {list.map((r) => {
                const time = formatDateTime(r.at, lng);
                const what = entityText(r.entity, r.op, t);
                return (
                  <tr key={r.id} data-testid="sync-rejection" data-rejection-id={r.id}>
                    <td>
                      <time dateTime={new Date(r.at).toISOString()}>{time}</time>
                    </td>
                    <td>{what}</td>
                    <td className="sync-reason" data-testid="sync-rejection-reason">
                      {rejectReasonText(r.reason, t)}
                    </td>
                    {/* The server writes its messages in English. */}
                    <td className="sync-message" lang="en">
                      {r.message}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-label={t('sync.rejections.dismissNamed', { what, time })}
                        onClick={() => void dismiss(r.id)}
                        data-testid="sync-dismiss"
                      >
                        {t('sync.rejections.dismiss')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
