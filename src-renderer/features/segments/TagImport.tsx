// An imported target list (issue 20): a supervisor pastes or picks a list (a line per customer, by
// phone, email or account number) and every customer it names gets the tag; the lines that name no
// customer on this desktop are listed by number, so the list can be fixed and loaded again.
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TagImportReport } from '../../../src-shared/segments/segment.js';
import { useApi } from '../../api/context.js';
import { Progress, TextArea, TextField } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';

export function TagImport({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const titleId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [tag, setTag] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<TagImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (tag.trim() === '' || text.trim() === '') return;
    setBusy(true);
    setError(null);
    try {
      setReport(await api['tags.import']({ tag: tag.trim(), text }));
      onDone();
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby={titleId} className="tag-import" data-testid="tag-import">
      <h3 id={titleId}>{t('segments.import')}</h3>
      <p className="muted">{t('segments.importIntro')}</p>
      <form className="form campaign-form" onSubmit={(e) => void run(e)} noValidate>
        <TextField label={t('segments.importTag')} value={tag} onChange={(e) => setTag(e.target.value)} maxLength={60} data-testid="tag-import-tag" />
        <TextArea label={t('segments.importText')} value={text} rows={5} onChange={(e) => setText(e.target.value)} data-testid="tag-import-text" />
        <div className="form-row">
          <button type="button" className="btn" onClick={() => fileRef.current?.click()}>{t('segments.importFile')}</button>
          <input ref={fileRef} type="file" accept=".csv,.txt,text/csv,text/plain" className="visually-hidden" tabIndex={-1} aria-hidden="true"
            onChange={(e) => void e.target.files?.[0]?.text().then(setText)} data-testid="tag-import-file" />
          <button type="submit" className="btn btn-primary" disabled={busy || tag.trim() === '' || text.trim() === ''} data-testid="tag-import-run">{t('segments.importRun')}</button>
        </div>
        {busy && <Progress label={t('segments.importRun')} />}
        {error && <p role="alert" className="field-error">{error}</p>}
      </form>
      {report && (
        <div role="status" data-testid="tag-import-report">
          <p>{t('segments.imported', { tagged: report.tagged, already: report.already, unmatched: report.unmatchedCount })}</p>
          {report.unmatched.length > 0 && (
            <ul className="muted">{report.unmatched.map((u) => <li key={u.line}>{t('segments.unmatchedLine', { line: u.line, text: u.text })}</li>)}</ul>
          )}
        </div>
      )}
    </section>
  );
}
