import { useEffect, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../src-shared/api/errors.js';
import type { Interaction } from '../../../src-shared/api/entities.js';
import { useApi } from '../../api/context.js';
import { Progress } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';

type State = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; url: string } | { status: 'error'; message: string };

/** Why the server could not give the recording: not set up to ask the PBX, or the PBX did not give it. */
function recordingError(error: unknown, t: TFunction): string {
  const reason = error instanceof ApiError && error.details !== null && typeof error.details === 'object' ? (error.details as { reason?: unknown }).reason : undefined;
  if (reason === 'provider') return t('entry.recordingNotSetUp');
  if (reason === 'unreachable') return t('entry.recordingUnreachable');
  return errorMessage(error, t);
}

/**
 * A call's recording, when the PBX reported one: fetched through the central server on request (it
 * can be large, and needs the connection) and played here from the fetched bytes.
 */
export function RecordingPlayer({ entry }: { entry: Interaction }) {
  const { t } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<State>({ status: 'idle' });
  useEffect(() => () => {
    if (state.status === 'ready') URL.revokeObjectURL(state.url);
  }, [state]);
  // The play button the player replaces had the focus: the player takes it, so the keyboard (space,
  // Esc) goes on working in the dialog.
  const audioRef = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    if (state.status === 'ready') audioRef.current?.focus();
  }, [state.status]);
  if (entry.recording === null) return null;

  const play = async () => {
    setState({ status: 'loading' });
    try {
      const file = await api['recordings.get']({ interactionId: entry.id });
      const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0));
      setState({ status: 'ready', url: URL.createObjectURL(new Blob([bytes], { type: file.mimeType })) });
    } catch (error) {
      setState({ status: 'error', message: recordingError(error, t) });
    }
  };

  return (
    <section aria-labelledby="entry-recording-title" data-testid="entry-recording">
      <h3 id="entry-recording-title" className="entry-section-title">{t('entry.recording')}</h3>
      {entry.recording === 'provider' && <p className="muted">{t('entry.recordingAtProvider')}</p>}
      {state.status === 'ready' ? (
        // A phone call has no captions to offer: the entry's notes are its text.
        <audio ref={audioRef} controls autoPlay src={state.url} aria-label={t('entry.recording')} data-testid="entry-recording-audio" />
      ) : (
        <button type="button" className="btn" disabled={state.status === 'loading'} onClick={() => void play()} data-testid="entry-recording-play">
          {t('entry.recordingPlay')}
        </button>
      )}
      {state.status === 'loading' && <Progress label={t('entry.recordingLoading')} />}
      {state.status === 'error' && <p role="alert" className="field-error">{state.message}</p>}
    </section>
  );
}
