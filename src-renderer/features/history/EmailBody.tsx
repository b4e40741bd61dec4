import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HTML_BODY_TYPE, type Interaction } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { sanitiseEmailHtml } from '../../lib/emailHtml.js';
import { base64ToBytes } from '../../lib/saveFile.js';

/** Inline images are shown up to this size each (bigger ones are listed as attachments). */
const INLINE_IMAGE_MAX = 5 * 1024 * 1024;

/**
 * An email's headers and body: the HTML as it looked when the message kept one (sanitised, inline
 * images from its own attachments, nothing remote), or the text. The operator can switch between them.
 */
export function EmailBody({ entry }: { entry: Interaction }) {
  const { t } = useTranslation();
  const api = useApi();
  const htmlPart = entry.attachments.find((a) => a.mimeType === HTML_BODY_TYPE);
  const [mode, setMode] = useState<'html' | 'text'>(htmlPart ? 'html' : 'text');
  const [blocked, setBlocked] = useState(0);
  const [error, setError] = useState(false);
  const host = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (mode !== 'html' || !htmlPart) return;
    let current = true;
    void (async () => {
      try {
        const html = new TextDecoder().decode(base64ToBytes((await api['attachments.get']({ id: htmlPart.id })).contentBase64));
        const images = new Map<string, string>();
        for (const a of entry.attachments) {
          if (!a.mimeType.startsWith('image/') || a.size > INLINE_IMAGE_MAX || !html.includes(`cid:${a.id}`)) continue;
          images.set(a.id, `data:${a.mimeType.split(';')[0]};base64,${(await api['attachments.get']({ id: a.id })).contentBase64}`);
        }
        if (!current || !host.current) return;
        const safe = sanitiseEmailHtml(html, (id) => images.get(id) ?? null);
        host.current.replaceChildren(safe.fragment);
        setBlocked(safe.blockedRemote);
      } catch {
        if (current) setError(true);
      }
    })();
    return () => {
      current = false;
    };
  }, [api, mode, htmlPart, entry.attachments]);

  return (
    <section aria-labelledby="entry-email-title" className="entry-email">
      <h3 id="entry-email-title" className="visually-hidden">{t('entry.message')}</h3>
      <dl className="entry-facts email-headers" data-testid="email-headers">
        <dt>{t('entry.from')}</dt>
        <dd>{entry.emailFrom ?? '—'}</dd>
        <dt>{t('entry.to')}</dt>
        <dd>{entry.emailTo.join(', ') || '—'}</dd>
        {entry.emailCc.length > 0 && (<><dt>{t('entry.cc')}</dt><dd>{entry.emailCc.join(', ')}</dd></>)}
        <dt>{t('entry.subject')}</dt>
        <dd data-testid="email-subject">{entry.subject ?? '—'}</dd>
      </dl>
      {htmlPart && (
        <div className="entry-switch" role="group" aria-label={t('entry.showAs')}>
          <button type="button" className="btn btn-small" aria-pressed={mode === 'html'} onClick={() => setMode('html')} data-testid="email-show-html">{t('entry.asHtml')}</button>
          <button type="button" className="btn btn-small" aria-pressed={mode === 'text'} onClick={() => setMode('text')} data-testid="email-show-text">{t('entry.asText')}</button>
        </div>
      )}
      {mode === 'html' && blocked > 0 && <p className="entry-blocked" role="note" data-testid="email-blocked">{t('entry.remoteBlocked', { count: blocked })}</p>}
      {mode === 'html' && error && <p role="alert" className="field-error">{t('entry.htmlFailed')}</p>}
      {mode === 'html' && htmlPart ? (
        <div ref={host} className="entry-html" data-testid="email-html" />
      ) : (
        <p className="entry-notes" data-testid="email-text">{entry.emailBody ?? ''}</p>
      )}
    </section>
  );
}
