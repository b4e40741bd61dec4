import './planning.css';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProcessDef } from '../../../src-shared/planning/process.js';
import type { UserRef } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { errorMessage } from '../../i18n/errors.js';
import { useSession, useStores } from '../../stores/index.js';
import { blankStep, ProcessForm, type ProcessDraft } from './ProcessForm.js';
import { CaseHoursForm } from './CaseHoursForm.js';
import { WorkCalendarForm } from './WorkCalendarForm.js';

/**
 * The supervisors' processes (Ctrl+Shift+E): the list, and one process in the form. A local write
 * that syncs to every desktop, so it works offline too; the server refuses it from an operator.
 */
export function ProcessesView() {
  const { t } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const titleId = useId();
  const isAdmin = useSession((st) => st.user?.role === 'admin');
  const [list, setList] = useState<ProcessDef[]>([]);
  const [users, setUsers] = useState<UserRef[]>([]);
  const [editing, setEditing] = useState<ProcessDraft | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => api['processes.list']({}).then(setList, (e: unknown) => setError(errorMessage(e, t))), [api, t]);
  useEffect(() => {
    void reload();
    api['users.list']({}).then(setUsers, () => setUsers([]));
  }, [api, reload]);

  const save = async (draft: ProcessDraft) => {
    try {
      const saved = await api['processes.save'](draft);
      ui.getState().toast('success', (tr) => tr('planning.saved', { name: saved.name }));
      setEditing(null);
      await reload();
    } catch (e) {
      throw new Error(errorMessage(e, t), { cause: e });
    }
  };

  const fresh = (): ProcessDraft => ({ name: '', trigger: 'manual', triggerCategory: null, active: true, steps: [blankStep('s1')] });
  return (
    <section className="supervisor-view" aria-labelledby={titleId} data-testid="processes-view">
      <h2 id={titleId} tabIndex={-1}>{t('planning.processes')}</h2>
      <p className="muted">{t('planning.processesIntro')}</p>
      {error && <p role="alert" className="field-error">{error}</p>}
      {editing ? (
        <ProcessForm key={editing.id ?? 'new'} initial={editing} users={users} onSave={save} onCancel={() => setEditing(null)} />
      ) : (
        <>
          <button type="button" className="btn btn-primary" onClick={() => setEditing(fresh())} data-testid="process-new">{t('planning.newProcess')}</button>
          {list.length === 0 ? (
            <p className="muted" data-testid="processes-none">{t('planning.none')}</p>
          ) : (
            <table className="processes-table" data-testid="processes-table">
              <caption className="visually-hidden">{t('planning.processes')}</caption>
              <thead><tr><th scope="col">{t('planning.name')}</th><th scope="col">{t('planning.trigger')}</th><th scope="col">{t('planning.steps')}</th><td /></tr></thead>
              <tbody>
                {list.map((p) => (
                  <tr key={p.id} data-testid="process-row" className={p.active ? '' : 'muted'}>
                    <td>{p.name}{!p.active && ` (${t('planning.inactive')})`}</td>
                    <td>{t(`planning.trigger_${p.trigger}`)}{p.triggerCategory && ` · ${t(`reason.${p.triggerCategory}`)}`}</td>
                    <td>{p.steps.map((s) => s.title).join(' → ')}</td>
                    <td>
                      <button type="button" className="btn btn-small" aria-label={t('planning.editNamed', { name: p.name })} onClick={() => setEditing(p)} data-testid="process-edit">
                        {t('planning.edit')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <CaseHoursForm />
          {isAdmin && <WorkCalendarForm />}
        </>
      )}
    </section>
  );
}
