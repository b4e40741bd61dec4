import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../../../src-shared/api/errors.js';
import type { SyncStatus } from '../../../src-shared/sync/status.js';
import { useApi } from '../../api/context.js';
import { Dialog } from '../../components/Dialog.js';
import { Progress, TextField } from '../../components/fields.js';
import { errorMessage } from '../../i18n/errors.js';
import { formatAgo, formatDateTime, formatPercent } from '../../i18n/format.js';
import { useStores, useSync } from '../../stores/index.js';
import { useNow } from '../caller-card/useNow.js';
import { entityText, isSignedIn, rejectReasonText, skewMinutes, STATE_ICON, syncErrorText } from './text.js';

export const DEFAULT_SERVER_URL = 'http://127.0.0.1:8787';

/**
 * When the view under the focus is replaced (signing in swaps the form for the account, signing
 * out the reverse), focus would fall to <body>, outside the dialog: put it on this element instead.
 */
function useKeepFocus(ref: RefObject<HTMLElement | null>, dialogReady: RefObject<boolean>): void {
  useEffect(() => {
    // On the dialog's first mount the Dialog itself places the focus (and remembers the opener).
    if (!dialogReady.current) return;
    const active = document.activeElement;
    if (!active || active === document.body || !active.isConnected) ref.current?.focus();
  }, [ref, dialogReady]);
}

export function SyncDialog() {
  const { t } = useTranslation();
  const { ui } = useStores();
  const status = useSync((s) => s.status);
  const signedIn = status !== null && isSignedIn(status);
  const rejected = status?.rejected ?? 0;
  // Effects run child first: the views see false on the first mount and true after.
  const ready = useRef(false);
  useEffect(() => {
    ready.current = true;
  }, []);
  return (
    <Dialog title={t('sync.title')} onClose={() => ui.getState().closeDialog()} size="wide" testId="sync-dialog">
      <div className="sync-panel">
        {signedIn ? <Account status={status} ready={ready} /> : <SignInForm status={status} ready={ready} />}
        {(signedIn || rejected > 0) && <Rejections />}
      </div>
    </Dialog>
  );
}

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

function SignInForm({ status, ready }: { status: SyncStatus | null; ready: RefObject<boolean> }) {
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
      ui.getState().toast('success', t('sync.signIn.signedIn', { name: next.user?.name ?? username.trim() }));
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

function Account({ status, ready }: { status: SyncStatus; ready: RefObject<boolean> }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { sync, ui } = useStores();
  const [busy, setBusy] = useState<'now' | 'out' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const nowRef = useRef<HTMLButtonElement>(null);
  const now = useNow(30_000);
  const lng = i18n.language;
  useKeepFocus(nowRef, ready);

  const run = async (which: 'now' | 'out') => {
    setBusy(which);
    setFailure(null);
    try {
      const next = which === 'now' ? await api['sync.now']({}) : await api['sync.signOut']({});
      sync.getState().apply(next);
      if (which === 'out') ui.getState().toast('info', t('sync.signedOut'));
      else if (next.state === 'online') ui.getState().toast('success', t('sync.done'));
    } catch (error) {
      setFailure(errorMessage(error, t));
    } finally {
      setBusy(null);
    }
  };

  const last = status.lastSyncAt;
  const ago = last != null ? (formatAgo(last, now, lng) ?? t('sync.justNow')) : null;
  const { progress } = status;
  return (
    <section className="sync-account" data-testid="sync-account">
      <dl className="facts sync-facts">
        <div>
          <dt>{t('sync.info.server')}</dt>
          <dd data-testid="sync-server-url">{status.serverUrl}</dd>
        </div>
        <div>
          <dt>{t('sync.info.user')}</dt>
          <dd>{status.user?.name}</dd>
        </div>
        <div>
          <dt>{t('sync.info.role')}</dt>
          <dd>{status.user ? t(`sync.role.${status.user.role}`) : '—'}</dd>
        </div>
        <div>
          <dt>{t('sync.info.state')}</dt>
          <dd className={`sync-state-${status.state}`} data-testid="sync-state">
            <span aria-hidden="true">{STATE_ICON[status.state]} </span>
            {t(`sync.state.${status.state}`)}
            {status.state === 'error' && status.error ? ` — ${syncErrorText(status.error, t)}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('sync.info.pending')}</dt>
          <dd>{new Intl.NumberFormat(lng).format(status.pendingUploads)}</dd>
        </div>
        <div>
          <dt>{t('sync.info.lastSync')}</dt>
          <dd>{last != null ? `${formatDateTime(last, lng)} (${ago})` : t('sync.info.never')}</dd>
        </div>
      </dl>
      {progress && (
        <div className="sync-progress">
          <progress max={Math.max(progress.total, 1)} value={Math.min(progress.done, progress.total)} aria-label={t('sync.firstSync')} />
          <span>{t('sync.progress', { done: progress.done, count: progress.total, percent: formatPercent(progress.done, progress.total, lng) })}</span>
        </div>
      )}
      {status.error === 'clock_skew' && (
        <p className="alert alert-warning" data-testid="sync-clock-skew-detail">
          {t('sync.clockSkew', { count: skewMinutes(status.clockSkewMs) })}
        </p>
      )}
      {failure && (
        <p role="alert" className="alert alert-error">
          {failure}
        </p>
      )}
      <div className="sync-actions">
        <button ref={nowRef} type="button" className="btn btn-primary" disabled={busy !== null} onClick={() => void run('now')} data-testid="sync-now">
          {busy === 'now' ? t('sync.running') : t('sync.now')}
        </button>
        <button type="button" className="btn" disabled={busy !== null} onClick={() => void run('out')} data-testid="sync-signout">
          {t('sync.signOut')}
        </button>
      </div>
    </section>
  );
}

function Rejections() {
  const { t, i18n } = useTranslation();
  const { sync, ui } = useStores();
  const rejected = useSync((s) => s.status?.rejected ?? 0);
  const list = useSync((s) => s.rejections);
  const listStatus = useSync((s) => s.rejectionsStatus);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  // Where the focus goes once a dismissed row has left the list.
  const focusNext = useRef<number | 'heading' | null>(null);
  const titleId = useId();
  const lng = i18n.language;

  // A new rejection (the count grows) or a dismissal elsewhere re-reads the list.
  useEffect(() => {
    void sync.getState().loadRejections();
  }, [rejected, sync]);

  // After a dismissal the focus goes to the next row's button, or to the heading when none is left.
  useEffect(() => {
    const next = focusNext.current;
    if (next === null) return;
    focusNext.current = null;
    const target = next === 'heading' ? headingRef.current : sectionRef.current?.querySelector<HTMLElement>(`[data-rejection-id="${next}"] button`);
    (target ?? headingRef.current)?.focus();
  }, [list]);

  const dismiss = async (id: number) => {
    const i = list.findIndex((r) => r.id === id);
    const next = list[i + 1] ?? list[i - 1];
    focusNext.current = next ? next.id : 'heading';
    try {
      await sync.getState().dismissRejection(id);
    } catch {
      focusNext.current = null;
      ui.getState().toast('error', t('sync.rejections.dismissFailed'));
    }
  };

  return (
    <section ref={sectionRef} className="sync-rejections" aria-labelledby={titleId} data-testid="sync-rejections">
      <h3 id={titleId} ref={headingRef} tabIndex={-1}>
        {t('sync.rejections.title')}
        {list.length > 0 && <span className="muted"> · {new Intl.NumberFormat(lng).format(list.length)}</span>}
      </h3>
      {listStatus === 'loading' && <Progress label={t('sync.rejections.loading')} />}
      {listStatus === 'error' && (
        <p role="alert" className="field-error">
          {t('sync.rejections.loadError')}
        </p>
      )}
      {listStatus === 'ready' && list.length === 0 && <p className="muted">{t('sync.rejections.none')}</p>}
      {list.length > 0 && (
        <>
          <p className="muted">{t('sync.rejections.intro')}</p>
          <table className="sync-rejection-table">
            <thead>
              <tr>
                <th scope="col">{t('sync.rejections.when')}</th>
                <th scope="col">{t('sync.rejections.what')}</th>
                <th scope="col">{t('sync.rejections.reason')}</th>
                <th scope="col">{t('sync.rejections.message')}</th>
                <td />
              </tr>
            </thead>
            <tbody>
              {list.map((r) => {
                const time = formatDateTime(r.at, lng);
                const what = entityText(r.entity, r.op, t);
                return (
                  <tr key={r.id} data-testid="sync-rejection" data-rejection-id={r.id}>
                    <td>
                      <time dateTime={new Date(r.at).toISOString()}>{time}</time>
                    </td>
                    <td>{what}</td>
                    <td className="sync-reason" data-testid="sync-rejection-reason">
                      {rejectReasonText(r.reason, t)}
                    </td>
                    {/* The server writes its messages in English. */}
                    <td className="sync-message" lang="en">
                      {r.message}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-label={t('sync.rejections.dismissNamed', { what, time })}
                        onClick={() => void dismiss(r.id)}
                        data-testid="sync-dismiss"
                      >
                        {t('sync.rejections.dismiss')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
