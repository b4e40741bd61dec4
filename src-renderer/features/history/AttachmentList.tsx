import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentMeta } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatBytes } from '../../i18n/format.js';
import { base64ToBytes, saveBytesFile } from '../../lib/saveFile.js';

/** Files that open in the view itself (the rest are saved and opened by the system's own program). */
const VIEWABLE = /^(image\/(png|gif|jpeg|webp|bmp)|text\/plain)/i;

/** The attachments of an entry with their size and type: each can be opened here (images, text) or saved. */
export function AttachmentList({ attachments }: { attachments: AttachmentMeta[] }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [shown, setShown] = useState<{ id: string; name: string; url?: string; text?: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (attachments.length === 0) return null;

  const fetchBytes = async (a: AttachmentMeta) => base64ToBytes((await api['attachments.get']({ id: a.id })).contentBase64);
  const save = async (a: AttachmentMeta) => {
    try {
      setError(null);
      saveBytesFile(a.fileName, await fetchBytes(a), a.mimeType);
    } catch (e) {
      setError(errorMessage(e, t));
    }
  };
  const open = async (a: AttachmentMeta) => {
    try {
      setError(null);
      const got = await api['attachments.get']({ id: a.id });
      if (a.mimeType.startsWith('text/')) setShown({ id: a.id, name: a.fileName, text: new TextDecoder().decode(base64ToBytes(got.contentBase64)) });
      else setShown({ id: a.id, name: a.fileName, url: `data:${a.mimeType.split(';')[0]};base64,${got.contentBase64}` });
    } catch (e) {
      setError(errorMessage(e, t));
    }
  };

  return (
    <section aria-labelledby="entry-files-title" data-testid="entry-attachments">
      <h3 id="entry-files-title" className="entry-section-title">{t('entry.attachments', { count: attachments.length })}</h3>
      <ul className="entry-files">
        {attachments.map((a) => (
          <li key={a.id} data-testid="entry-attachment">
            <span className="entry-file-name">{a.fileName}</span>{' '}
            <span className="muted">{formatBytes(a.size, i18n.language)} · {a.mimeType.split(';')[0]}</span>{' '}
            {VIEWABLE.test(a.mimeType) && (
              <button type="button" className="btn btn-small" aria-label={t('entry.openNamed', { name: a.fileName })} onClick={() => void open(a)} data-testid="attachment-open">{t('entry.open')}</button>
            )}{' '}
            <button type="button" className="btn btn-small" aria-label={t('entry.saveNamed', { name: a.fileName })} onClick={() => void save(a)} data-testid="attachment-save">{t('entry.save')}</button>
          </li>
        ))}
      </ul>
      {error && <p role="alert" className="field-error">{error}</p>}
      {shown && (
        <figure className="entry-file-view" data-testid="attachment-view">
          {shown.url && <img src={shown.url} alt={shown.name} />}
          {shown.text !== undefined && <pre className="entry-notes">{shown.text}</pre>}
          <figcaption className="muted">{shown.name}</figcaption>
        </figure>
      )}
    </section>
  );
}
