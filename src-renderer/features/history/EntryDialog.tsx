import { isLoggedChannel, MISSED_OUTCOME } from '../../../src-shared/domain.js';
import './entry.css';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSystemText } from '../../lib/systemText.js';
import { usePhoneFormat } from '../../lib/phone.js';
import { HTML_BODY_TYPE, type OpenedEntry } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { Dialog } from '../../components/Dialog.js';
import { Progress } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatDateTime, formatDuration } from '../../i18n/format.js';
import { useStores } from '../../stores/index.js';
import { AttachmentList } from './AttachmentList.js';
import { EmailBody } from './EmailBody.js';
import { FaxPages } from './FaxPages.js';
import { RecordingPlayer } from './RecordingPlayer.js';

type Load = { status: 'loading' } | { status: 'ready'; opened: OpenedEntry } | { status: 'error'; message: string };

/**
 * One history entry in full, from the local store (so offline too): an email's headers and body (its
 * HTML as it looked, without anything remote), a fax's pages, a call's notes, promise, case, mood
 * and outcome; the attachments to open or save; and the chain of corrections. Esc closes.
 */
export function EntryDialog({ entryId }: { entryId: string }) {
  const { t, i18n } = useTranslation();
  const sys = useSystemText();
  const phone = usePhoneFormat();
  const api = useApi();
  const { ui } = useStores();
  const [id, setId] = useState(entryId);
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  useEffect(() => {
    let current = true;
    api['interactions.open']({ id }).then(
      (opened) => current && setLoad({ status: 'ready', opened }),
      (error: unknown) => current && setLoad({ status: 'error', message: errorMessage(error, t) }),
    );
    return () => {
      current = false;
    };
  }, [api, id, t]);

  const close = () => ui.getState().closeDialog();
  const lng = i18n.language;
  const entry = load.status === 'ready' ? load.opened.entry : null;
  const title = entry ? `${t(`channel.${entry.channel}`)} · ${t(`direction.${entry.direction}`)} · ${formatDateTime(entry.occurredAt, lng)}` : t('entry.title');
  return (
    <Dialog title={title} onClose={close} size="wide" testId="entry-dialog">
      {load.status === 'loading' && <Progress label={t('entry.loading')} />}
      {load.status === 'error' && <p role="alert" className="field-error">{load.message}</p>}
      {load.status === 'ready' && entry && (
        <div className="entry-view" data-testid="entry-view" data-channel={entry.channel}>
          <dl className="entry-facts">
            <dt>{t('entry.handledBy')}</dt>
            <dd>{entry.user?.name ?? t('history.system')}</dd>
            <dt>{t('reason.label')}</dt>
            <dd>{t(`reason.${entry.reason}`)}</dd>
            {entry.outcome && (<><dt>{t('entry.outcome')}</dt><dd data-testid="entry-outcome">{entry.outcome === MISSED_OUTCOME ? t('teamCalls.missedOutcome') : entry.outcome}</dd></>)}
            {entry.mood && (<><dt>{t('entry.mood')}</dt><dd>{t(`mood.${entry.mood}`)}</dd></>)}
            {entry.durationS != null && (<><dt>{t('entry.duration')}</dt><dd>{formatDuration(entry.durationS, t, lng)}</dd></>)}
            {entry.number && (<><dt>{t('entry.number')}</dt><dd>{phone(entry.number)}</dd></>)}
            {entry.line && (<><dt>{t('teamCalls.line')}</dt><dd data-testid="entry-line">{entry.line}</dd></>)}
            {entry.waitS != null && (<><dt>{t('teamCalls.waitLabel')}</dt><dd>{formatDuration(entry.waitS, t, lng)}</dd></>)}
            {entry.ivrPath && (<><dt>{t('ivr.entryPath')}</dt><dd data-testid="entry-ivr-path">{entry.ivrPath}</dd></>)}
            {entry.ivrDigits && (<><dt>{t('ivr.entryDigits')}</dt><dd data-testid="entry-ivr-digits">{entry.ivrDigits}</dd></>)}
            {load.opened.case && (<><dt>{t('entry.case')}</dt><dd data-testid="entry-case">{load.opened.case.subject} · {t(`cases.statusValue.${load.opened.case.status}`)}</dd></>)}
            {entry.promise && (<><dt>{t('entry.promise')}</dt><dd data-testid="entry-promise">{entry.promise}</dd></>)}
          </dl>
          {entry.channel === 'email' && <EmailBody entry={entry} />}
          {entry.notes !== '' && (
            <section aria-labelledby="entry-notes-title">
              <h3 id="entry-notes-title" className="entry-section-title">{t('entry.notes')}</h3>
              <p className="entry-notes" data-testid="entry-notes">{sys(entry.notes)}</p>
            </section>
          )}
          {entry.channel === 'call' && <RecordingPlayer entry={entry} />}
          {entry.channel === 'fax' && <FaxPages attachments={entry.attachments} />}
          <AttachmentList attachments={entry.attachments.filter((a) => a.mimeType !== HTML_BODY_TYPE)} />
          {load.opened.chain.length > 1 && (
            <section aria-labelledby="entry-chain-title" data-testid="entry-chain">
              <h3 id="entry-chain-title" className="entry-section-title">{t('entry.chain')}</h3>
              <ol className="entry-chain">
                {load.opened.chain.map((c) => (
                  <li key={c.id} aria-current={c.id === entry.id ? 'true' : undefined}>
                    <button type="button" className="btn btn-link" disabled={c.id === entry.id} onClick={() => {
                      setLoad({ status: 'loading' });
                      setId(c.id);
                    }}>
                      {formatDateTime(c.occurredAt, lng)} · {c.correctsId ? t('history.correction') : t('entry.original')} · {c.user?.name ?? t('history.system')}
                    </button>
                    <span className="muted"> {c.outcome ?? ''} {c.preview.slice(0, 120)}</span>
                  </li>
                ))}
              </ol>
            </section>
          )}
          {load.opened.thread.length > 1 && (
            <section aria-labelledby="entry-thread-title" data-testid="entry-thread">
              <h3 id="entry-thread-title" className="entry-section-title">{t('entry.thread', { count: load.opened.thread.length })}</h3>
              <ol className="entry-chain">
                {load.opened.thread.map((c) => (
                  <li key={c.id} aria-current={c.id === entry.id ? 'true' : undefined}>
                    <button type="button" className="btn btn-link" disabled={c.id === entry.id} onClick={() => {
                      setLoad({ status: 'loading' });
                      setId(c.id);
                    }}>
                      {formatDateTime(c.occurredAt, lng)} · {t(`direction.${c.direction}`)} · {c.subject ?? ''}
                    </button>
                    <span className="muted"> {c.preview.slice(0, 120)}</span>
                  </li>
                ))}
              </ol>
            </section>
          )}
          {isLoggedChannel(entry.channel) && (
            <div className="entry-actions">
              {entry.channel === 'email' && entry.direction === 'in' && (
                <button type="button" className="btn btn-primary" onClick={() => ui.getState().openDialog({ kind: 'compose', replyTo: entry })} data-testid="entry-reply">
                  {t('compose.reply')}
                </button>
              )}
              <button type="button" className="btn" onClick={() => isLoggedChannel(entry.channel) && ui.getState().openDialog({ kind: 'log', channel: entry.channel, corrects: entry })} data-testid="entry-correct">
                {t('history.correct')}
              </button>
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
}
