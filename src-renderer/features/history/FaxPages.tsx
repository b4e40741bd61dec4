import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentMeta } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { Progress } from '../../components/fields.js';
import { openFax, type FaxDocument } from '../../lib/faxPages.js';
import { base64ToBytes } from '../../lib/saveFile.js';

const FAX_TYPES = /^(application\/pdf|image\/tiff)/i;

/**
 * A fax's pages, one at a time, readable on screen: PDF or TIFF (CCITT group 3/4, as fax machines
 * write it). PageDown / PageUp (or the arrows) turn the pages while the viewer has the focus.
 */
export function FaxPages({ attachments }: { attachments: AttachmentMeta[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const documents = attachments.filter((a) => FAX_TYPES.test(a.mimeType));
  const [docIndex, setDocIndex] = useState(0);
  const [doc, setDoc] = useState<FaxDocument | null>(null);
  const [page, setPage] = useState(0);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const canvas = useRef<HTMLCanvasElement>(null);
  const current = documents[docIndex];

  useEffect(() => {
    if (!current) return;
    let live = true;
    let opened: FaxDocument | null = null;
    void (async () => {
      try {
        const bytes = base64ToBytes((await api['attachments.get']({ id: current.id })).contentBase64);
        opened = await openFax(bytes);
        if (!live) return opened.close();
        setDoc(opened);
        setPage(0);
      } catch {
        if (live) setState('error');
      }
    })();
    return () => {
      live = false;
      opened?.close();
    };
  }, [api, current]);

  useEffect(() => {
    if (!doc || !canvas.current) return;
    let live = true;
    doc.render(page, canvas.current, 1).then(() => live && setState('ready'), () => live && setState('error'));
    return () => {
      live = false;
    };
  }, [doc, page]);

  if (documents.length === 0) return null;
  const count = doc?.pageCount ?? 0;
  const turn = (delta: number) => setPage((p) => Math.min(Math.max(0, p + delta), Math.max(0, count - 1)));
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'PageDown' || e.key === 'ArrowRight') turn(1);
    else if (e.key === 'PageUp' || e.key === 'ArrowLeft') turn(-1);
    else if (e.key === 'Home') setPage(0);
    else if (e.key === 'End') setPage(Math.max(0, count - 1));
    else return;
    e.preventDefault();
  };
  return (
    <section aria-labelledby="entry-fax-title" className="entry-fax" data-testid="fax-pages">
      <h3 id="entry-fax-title" className="entry-section-title">{t('entry.faxPages')}</h3>
      {documents.length > 1 && (
        <div className="entry-switch" role="group" aria-label={t('entry.faxDocuments')}>
          {documents.map((d, i) => (
            <button key={d.id} type="button" className="btn btn-small" aria-pressed={i === docIndex} onClick={() => {
              setState('loading');
              setDoc(null);
              setDocIndex(i);
            }}>{d.fileName}</button>
          ))}
        </div>
      )}
      <div className="fax-nav">
        <button type="button" className="btn btn-small" onClick={() => turn(-1)} disabled={page === 0} data-testid="fax-prev">{t('entry.pagePrev')}</button>
        <span aria-live="polite" data-testid="fax-page-of">{count > 0 ? t('entry.pageOf', { page: page + 1, count }) : ''}</span>
        <button type="button" className="btn btn-small" onClick={() => turn(1)} disabled={page >= count - 1} data-testid="fax-next">{t('entry.pageNext')}</button>
        <span className="muted">{t('entry.pageKeys')}</span>
      </div>
      {state === 'loading' && <Progress label={t('entry.faxLoading')} />}
      {state === 'error' && <p role="alert" className="field-error">{t('entry.faxFailed')}</p>}
      <div className="fax-page" tabIndex={0} role="group" aria-label={count > 0 ? t('entry.pageOf', { page: page + 1, count }) : t('entry.faxPages')} onKeyDown={onKey} data-testid="fax-page">
        <canvas ref={canvas} data-testid="fax-canvas" data-page={page + 1} />
      </div>
    </section>
  );
}
