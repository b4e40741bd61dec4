export { startAppHost, ROOT, RENDERER_DIR, type AppHost, type AppHostOptions } from './app-host.js';
export { launchBrowser, openApp, ARTIFACTS_DIR, CHROMIUM_PATH, type AppPage, type OpenAppOptions } from './browser.js';
export { runAxe, type AxeFinding, type AxeReport } from './axe.js';
export { startSyncServer, freePort, callEngine, waitFor, SERVER_MIGRATIONS, type SyncServer } from './sync-server.js';
