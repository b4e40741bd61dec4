// The Electron shell: one window onto the renderer, the engine in this process, and the IPC transport
// between them. Everything security-relevant is set here, explicitly, so it can be read in one place:
// the renderer is sandboxed with context isolation and no Node, loads only from app://kartoteka/,
// cannot open windows or navigate away, gets no permissions, and reaches data only through ipc.ts.
import path from 'node:path';
import { app, BrowserWindow, dialog, Notification, protocol, safeStorage, session, shell, type WebContents } from 'electron';
import { ctiOverridesFromEnv } from '../core/domains/cti/env.js';
import { createEngine } from '../core/engine.js';
import type { Engine } from '../core/engine-types.js';
import { APP_ENTRY_URL, APP_SCHEME, isAppUrl, serveAppRequest } from './app-protocol.js';
import { registerIpc } from './ipc.js';
import { attendToRinging } from './ring-attention.js';
import { URL_SCHEME, screenPopNumbers } from './screen-pop.js';
import { canPersistSecrets, safeStorageSecretStore } from './secret-store.js';
import { startupFailure } from './startup-failure.js';

// Must happen before 'ready': only a standard, secure scheme gets an origin, fetch and storage.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

// A second launch (a screen-pop URL click, a double-click on the icon) must reach the running
// instance, not open a second engine on the same SQLite file.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  startApp();
}

function startApp(): void {
  let win: BrowserWindow | null = null;
  let engine: Engine | null = null;
  let disposeIpc: () => void = () => {};
  // Launch arguments (screen-pop URLs, --incoming, a softphone's caller ID) that arrive before the
  // engine is up are replayed once it is. The first launch's argv counts too.
  const pendingLaunches: Array<readonly string[]> = [process.argv.slice(1)];

  function screenPop(argv: readonly string[]): void {
    if (engine === null) {
      pendingLaunches.push(argv);
      return;
    }
    // The CTI intake parses every form (kartoteka://, opt-in tel:/callto:, --incoming, MicroSIP, 3CX)
    // and runs the call lifecycle, which pops the card; without it, fall back to kartoteka:// pops.
    if (engine.cti) {
      engine.cti.launch(argv);
      return;
    }
    for (const number of screenPopNumbers(argv)) engine.emit({ type: 'incoming-call', number, startedAt: Date.now() });
  }

  app.on('second-instance', (_event, argv) => {
    if (win !== null) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    // argv[0] is the executable; Chromium's own switches in between are ignored by the parser.
    screenPop(argv.slice(1));
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    screenPop([url]);
  });

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    disposeIpc();
    engine?.close();
    engine = null;
  });

  void app.whenReady().then(start).catch((error: unknown) => {
    // A start that failed (a damaged store, one made by a newer version, a full disk) says what
    // happened and what to do, then quits and lets go of the single-instance lock, so the next
    // launch can try again instead of finding a lock held by a process with no window.
    const storePath = path.join(app.getPath('userData'), 'kartoteka.sqlite');
    const failure = startupFailure(error, app.getLocale(), storePath);
    console.error(failure.message);
    dialog.showErrorBox(failure.title, failure.message);
    disposeIpc();
    engine?.close();
    engine = null;
    app.releaseSingleInstanceLock();
    app.exit(1);
  });

  async function start(): Promise<void> {
    const appPath = app.getAppPath();
    session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    const rendererDir = path.join(appPath, 'dist', 'renderer');
    protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request));

    const started: Engine = await createEngine({
      dbPath: path.join(app.getPath('userData'), 'kartoteka.sqlite'),
      // Unpacked from the archive (electron-builder.yml): a worker thread cannot load from app.asar.
      emlWorkerPath: path.join(appPath.replace(/app\.asar$/, 'app.asar.unpacked'), 'dist', 'electron', 'eml-worker.cjs'),
      // Inside the package this path is in app.asar; Electron's fs reads it transparently.
      migrationsDir: path.join(appPath, 'migrations', 'local'),
      // Demo data for `npm start` and for a packaged build started with KARTOTEKA_DEMO=1; a real
      // installation starts empty and fills from the central server.
      seedDemo: !app.isPackaged || process.env.KARTOTEKA_DEMO === '1',
      // The sign-in to the central server, encrypted by the OS (safeStorage); created after 'ready',
      // which safeStorage needs on Linux and Windows.
      secrets: safeStorageSecretStore(path.join(app.getPath('userData'), 'sync-token.bin')),
      // The PBX's AMI secret in the keychain too, rather than in the store; without a keychain it
      // stays in the store (0600), so the phone link survives a restart.
      ...(canPersistSecrets(safeStorage) ? { ctiSecrets: safeStorageSecretStore(path.join(app.getPath('userData'), 'ami-secret.bin')) } : {}),
      // An administrator may script the phone set-up (KARTOTEKA_WEBHOOK_PORT, KARTOTEKA_AMI…);
      // otherwise the stored CTI settings apply.
      cti: { overrides: ctiOverrides() },
      // A softphone's link (tel:, sip:, callto:) placed from the card goes to the OS's handler; the
      // engine refuses web and file links before they get here (domains/cti/dialer.ts).
      openExternal: (url) => shell.openExternal(url),
    });
    engine = started;
    disposeIpc = registerIpc({ engine: started, getWindow: () => win });
    attendToRinging(started, () => win, Notification.isSupported() ? (options) => new Notification(options) : null);
    if (app.isPackaged) {
      app.setAsDefaultProtocolClient(URL_SCHEME);
      // tel:/callto: only when the user opted in: they usually mean "dial", and claiming them
      // silently would take them from the softphone.
      const softphone = (await started.handlers['cti.settings']({})).softphone;
      if (softphone.handleTel) app.setAsDefaultProtocolClient('tel');
      if (softphone.handleCallto) app.setAsDefaultProtocolClient('callto');
    }

    win = new BrowserWindow({
      width: 1400,
      height: 900,
      minWidth: 960,
      minHeight: 600,
      show: false,
      title: 'Kartoteka',
      webPreferences: {
        preload: path.join(appPath, 'dist', 'electron', 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        spellcheck: false,
        // DevTools would let anyone at the desk read the store through the page: development only.
        devTools: !app.isPackaged,
      },
    });
    win.on('closed', () => {
      win = null;
    });
    win.once('ready-to-show', () => {
      win?.show();
      for (const argv of pendingLaunches.splice(0)) screenPop(argv);
    });
    await win.loadURL(APP_ENTRY_URL);
  }
}

function ctiOverrides(): ReturnType<typeof ctiOverridesFromEnv>['overrides'] {
  const { overrides, errors } = ctiOverridesFromEnv(process.env);
  for (const e of errors) console.error(`[cti] ${e}`);
  return overrides;
}
