import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reason } from '../../../src-shared/domain.js';
import type { CaseHours } from '../../../src-shared/planning/protocol.js';
import { useApi } from '../../api/context.js';
import { errorMessage } from '../../i18n/errors.js';
import { useStores } from '../../stores/index.js';

/**
 * How long a case of each category may stay open (issue 19), set here by a supervisor rather than by
 * the server's environment: synced to every desktop (the card counts down to it) and followed by the
 * server's work queue.
 */
export function CaseHoursForm() {
  const { t } = useTranslation();
  const api = useApi();
  const { ui } = useStores();
  const titleId = useId();
  const [rows, setRows] = useState<CaseHours>([]);
  const [draft, setDraft] = useState<Partial<Record<Reason, string>>>({});
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api['calendar.caseHours']({}).then(setRows, (e: unknown) => setError(errorMessage(e, t)));
  }, [api, t]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      let latest = rows;
      for (const row of rows) {
        const text = draft[row.category];
        if (text === undefined || Number(text) === row.hours) continue;
        const hours = Number(text);
        if (!Number.isInteger(hours) || hours < 1 || hours > 8760) throw new Error(t('planning.caseHoursRange', { reason: t(`reason.${row.category}`) }));
        latest = await api['calendar.setCaseHours']({ category: row.category, hours });
      }
      setRows(latest);
      setDraft({});
      ui.getState().toast('success', (tr) => tr('planning.caseHoursSaved'));
    } catch (err) {
      setError(errorMessage(err, t));
    }
  };
  return (
    <form className="case-hours" aria-labelledby={titleId} onSubmit={(e) => void save(e)} data-testid="case-hours-form">
      <h3 id={titleId}>{t('planning.caseHours')}</h3>
      <p className="muted">{t('planning.caseHoursIntro')}</p>
      <div className="case-hours-grid">
        {rows.map((row) => (
          <label key={row.category} className="field">
            <span>{t(`reason.${row.category}`)}</span>
            <input type="number" min={1} max={8760} value={draft[row.category] ?? String(row.hours)} onChange={(e) => setDraft((d) => ({ ...d, [row.category]: e.target.value }))} data-testid={`case-hours-${row.category}`} />
          </label>
        ))}
      </div>
      {error && <p role="alert" className="field-error">{error}</p>}
      <button type="submit" className="btn" data-testid="case-hours-save">{t('planning.caseHoursSave')}</button>
    </form>
  );
}
