// The sync dialog signed out: server address, username and password, and why a sign-in failed.
import { useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../../../src-shared/api/errors.js';
import type { SyncStatus } from '../../../src-shared/sync/status.js';
import { useApi } from '../../api/context.js';
import { Progress, TextField } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';
import { useStores } from '../../stores/index.js';
import { STATE_ICON, syncErrorText } from './text.js';
import { useKeepFocus } from './useKeepFocus.js';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';

type SignInProblem = { field?: 'serverUrl' | 'username' | 'password'; text: string };

function signInProblem(error: unknown, t: TFunction): SignInProblem {
  if (!(error instanceof ApiError)) return { text: errorMessage(error, t) };
  if (error.code === 'unauthorized') return { field: 'password', text: t('sync.signIn.wrongPassword') };
  if (error.code === 'offline') return { field: 'serverUrl', text: t('sync.signIn.unreachable') };
  if (error.code === 'client_too_old') return { text: t('sync.signIn.tooOld') };
  const details = error.details as { server?: unknown } | unknown[] | null | undefined;
  if (error.code === 'server_refused') {
    const code = details && !Array.isArray(details) && typeof details.server === 'string' ? details.server : 'internal';
    return { text: `${t('sync.signIn.failed')}: ${syncErrorText(code, t)}` };
  }
  // Input validation by the engine (zod issues): the only field it can refuse is the address.
  if (Array.isArray(details) && details.some((d) => JSON.stringify(d).includes('serverUrl'))) {
    return { field: 'serverUrl', text: t('sync.signIn.badUrl') };
  }
  return { text: `${t('sync.signIn.failed')}: ${errorMessage(error, t)}` };
}

function validUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function SignInForm({ status, ready }: { status: SyncStatus | null; ready: RefObject<boolean> }) {
  const { t } = useTranslation();
  const api = useApi();
  const { sync, ui } = useStores();
  const [serverUrl, setServerUrl] = useState(status?.serverUrl ?? DEFAULT_SERVER_URL);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<SignInProblem | null>(null);
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  const userRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const serverRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const errorId = useId();
  useKeepFocus(userRef, ready);

  const focusField = (field: SignInProblem['field']) => {
    const el = field === 'password' ? passwordRef.current : field === 'serverUrl' ? serverRef.current : userRef.current;
    el?.focus();
    el?.select();
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const url = serverUrl.trim();
    const need = { username: !username.trim(), password: !password };
    setMissing(need);
    if (!validUrl(url)) {
      setProblem({ field: 'serverUrl', text: t('sync.signIn.badUrl') });
      focusField('serverUrl');
      return;
    }
    if (need.username || need.password) {
      setProblem(null);
      focusField(need.username ? 'username' : 'password');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const next = await api['sync.signIn']({ serverUrl: url, username: username.trim(), password });
      sync.getState().apply(next);
      ui.getState().toast('success', (tr) => tr('sync.signIn.signedIn', { name: next.user?.name ?? username.trim() }));
    } catch (error) {
      const p = signInProblem(error, t);
      setProblem(p);
      setBusy(false);
      if (p.field === 'password') setPassword('');
      // After the state update the field is enabled again and can take the focus.
      setTimeout(() => focusField(p.field ?? 'username'));
      return;
    }
    // The form unmounts on success (the account view replaces it).
    if (formRef.current?.isConnected) setBusy(false);
  };

  const state = status?.state;
  return (
    <form ref={formRef} className="form sync-signin" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="sync-signin" aria-describedby={problem ? errorId : undefined}>
      <p className="muted">{t('sync.signIn.intro')}</p>
      {status && state !== 'disabled' && (
        <p className="sync-current">
          <span aria-hidden="true">{STATE_ICON[status.state]} </span>
          {t(`sync.state.${status.state}`)}
          {status.error ? ` — ${syncErrorText(status.error, t)}` : ''}
        </p>
      )}
      <div className="form-grid">
        <TextField
          ref={serverRef}
          label={t('sync.signIn.server')}
          hint={t('sync.signIn.serverHint')}
          value={serverUrl}
          onChange={(e) => setServerUrl(e.target.value)}
          type="url"
          inputMode="url"
          autoComplete="url"
          spellCheck={false}
          error={problem?.field === 'serverUrl' ? problem.text : undefined}
          disabled={busy}
          data-testid="sync-server"
        />
        <TextField
          ref={userRef}
          label={t('sync.signIn.username')}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="username"
          spellCheck={false}
          required
          error={missing['username'] ? t('validation.required') : undefined}
          disabled={busy}
          data-autofocus=""
          data-testid="sync-username"
        />
        <TextField
          ref={passwordRef}
          label={t('sync.signIn.password')}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          required
          error={missing['password'] ? t('validation.required') : problem?.field === 'password' ? problem.text : undefined}
          disabled={busy}
          data-testid="sync-password"
        />
      </div>
      <div aria-live="polite" className="sync-form-status">
        {busy && <Progress label={t('sync.signIn.signingIn')} />}
      </div>
      {problem && (
        <div id={errorId} role="alert" className="alert alert-error" data-testid="sync-signin-error">
          {problem.text}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="sync-signin-submit">
          {t('sync.signIn.submit')}
        </button>
      </div>
    </form>
  );
}
