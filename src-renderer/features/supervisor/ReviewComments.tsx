import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewComment, ReviewItem } from '../../../src-shared/supervisor/protocol.js';
import { useApi } from '../../api/context.js';
import { submitOnCtrlEnter } from '../../components/formKeys.js';
import { Progress, TextArea } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatDateTime } from '../../i18n/format.js';

/** The review comments of one interaction, and a form to add one (needs the server). */
export function ReviewComments({ item, onAdded }: { item: ReviewItem; onAdded(): void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [comments, setComments] = useState<ReviewComment[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api['supervisor.comments']({ interactionId: item.id })
      .then((c) => live && setComments(c))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [api, item.id]);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const added = await api['supervisor.addComment']({ interactionId: item.id, text: text.trim() });
      setComments((c) => [...(c ?? []), added]);
      setText('');
      onAdded();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="review-comments" data-testid="review-comments">
      <h3>{t('supervisor.rev.commentsTitle')}</h3>
      {comments === null && !error && <Progress label={t('supervisor.loading')} />}
      {comments && comments.length === 0 && <p className="muted">{t('supervisor.rev.noComments')}</p>}
      {comments && comments.length > 0 && (
        <ul className="comment-list">
          {comments.map((c) => (
            <li key={c.id} data-testid="review-comment">
              <strong>{c.authorName}</strong> <span className="muted">{formatDateTime(c.at, i18n.language)}</span>
              <div>{c.text}</div>
            </li>
          ))}
        </ul>
      )}
      <form className="form comment-form" onSubmit={(e) => void onSubmit(e)} onKeyDown={submitOnCtrlEnter}>
        <TextArea label={t('supervisor.rev.commentText')} value={text} onChange={(e) => setText(e.target.value)} rows={2} data-testid="review-comment-text" />
        <button type="submit" className="btn btn-primary" disabled={busy || !text.trim()} data-testid="review-comment-add">
          {t('supervisor.rev.addComment')}
        </button>
      </form>
      {error != null && (
        <div role="alert" className="supervisor-error">
          {errorMessage(error, t)}
        </div>
      )}
    </div>
  );
}
