import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { AUDIT_KINDS, type AuditEntry, type AuditKind } from '../../../src-shared/sync/audit.js';
import { useApi } from '../../api/context.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatDateTime } from '../../i18n/format.js';
import { selectedCard } from '../../stores/callerCard.js';
import { useCard } from '../../stores/index.js';

const PAGE = 200;

/**
 * The audit log of personal data (docs/security.md): who opened whose card, exported, reassigned or
 * erased, newest first; supervisors see their teams', admins everyone's. Read live from the server
 * (a stale copy of an audit log is no audit), never cached on this desktop.
 */
export function AuditView() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const card = useCard(selectedCard);
  const [kind, setKind] = useState<AuditKind | ''>('');
  const [onlyThis, setOnlyThis] = useState(card !== null);
  const [state, setState] = useState<{ status: 'loading' | 'ready' | 'error'; rows: AuditEntry[]; error: string | null }>({ status: 'loading', rows: [], error: null });
  const customerId = onlyThis ? card?.customer.id : undefined;

  const [nonce, setNonce] = useState(0);

  // Set only after the answer (never synchronously in the effect): a newer filter's answer wins.
  useEffect(() => {
    let current = true;
    api['supervisor.audit']({ limit: PAGE, ...(kind ? { kind } : {}), ...(customerId ? { customerId } : {}) }).then(
      (rows) => current && setState({ status: 'ready', rows, error: null }),
      (error: unknown) => current && setState({ status: 'error', rows: [], error: errorMessage(error, t) }),
    );
    return () => {
      current = false;
    };
  }, [api, kind, customerId, t, nonce]);

  const reload = (): void => {
    setState((s) => ({ ...s, status: 'loading', error: null }));
    setNonce((n) => n + 1);
  };

  const lng = i18n.language;
  return (
    <section className="supervisor-view" aria-labelledby="sv-audit-title" data-testid="audit-view">
      <h2 tabIndex={-1} id="sv-audit-title" className="title">{t('audit.title')}</h2>
      <p className="muted">{t('audit.help')}</p>
      <div className="supervisor-filters" role="group" aria-label={t('supervisor.filters')}>
        <label>
          {t('audit.kind')}{' '}
          <select value={kind} onChange={(e) => {
            setKind(e.target.value as AuditKind | '');
            setState((s) => ({ ...s, status: 'loading', error: null }));
          }} data-testid="audit-kind">
            <option value="">{t('supervisor.all')}</option>
            {AUDIT_KINDS.map((k) => (
              <option key={k} value={k}>{t(`audit.kinds.${k}`)}</option>
            ))}
          </select>
        </label>
        {card && (
          <label>
            <input type="checkbox" checked={onlyThis} onChange={(e) => {
              setOnlyThis(e.target.checked);
              setState((s) => ({ ...s, status: 'loading', error: null }));
            }} data-testid="audit-only-this" />{' '}
            {t('audit.onlyThis', { name: card.customer.name })}
          </label>
        )}
        <button type="button" className="btn" onClick={reload} data-testid="audit-refresh">{t('audit.refresh')}</button>
      </div>
      <div role="status" aria-live="polite" className="muted">
        {state.status === 'loading' && t('supervisor.loading')}
        {state.status === 'error' && <span className="supervisor-error" role="alert" data-testid="audit-error">{state.error}</span>}
      </div>
      <div className="table-scroll">
        <table className="data-table compact" data-testid="audit-table">
          <caption className="visually-hidden">{t('audit.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('supervisor.col.time')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('supervisor.col.customer')}</th>
              <th scope="col">{t('audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {state.status === 'ready' && state.rows.length === 0 && (
              <tr><td colSpan={5} className="muted">{t('supervisor.empty')}</td></tr>
            )}
            {state.rows.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.at, lng)}</td>
                <td>{t(`audit.kinds.${e.kind}`)}</td>
                <td>{e.actorName ?? e.actorId ?? t('audit.system')}</td>
                <td>{e.customerName ?? (e.customerId ? t('audit.unknownCustomer') : '—')}</td>
                <td className="muted">{detailText(e, t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function detailText(e: AuditEntry, t: TFunction): string {
  const d = e.detail;
  if (e.kind === 'export' && typeof d.format === 'string') return t('audit.detailExport', { format: d.format.toUpperCase() });
  if (e.kind === 'erase' && typeof d.rows === 'number') return t('audit.detailErase', { count: d.rows });
  if ((e.kind === 'owner_change' || e.kind === 'reassign') && 'ownerId' in d) return d.ownerId ? t('audit.detailOwner') : t('audit.detailNoOwner');
  return '';
}
