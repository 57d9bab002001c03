import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  safeStorage,
  utilityProcess,
} from 'electron';
import { createLogger } from '../platform/logger';
import { loadStationConfig } from '../app/config';
import { startStation, type Station } from '../app/station';
import {
  APP_INDEX_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
} from './app-protocol';
import { forwardEvents, registerIpc } from './ipc-bridge';
import { SafeStorageSecretStore } from './safe-storage-secrets';
import { isTrustedAppUrl } from './trusted-frame';
import { startUpdater } from './updater';
import { utilityProcessChannelFactory } from './utility-worker-channel';
import { createMainWindow } from './window';

/*
 * Electron entry point (bundled to dist/main/electron-main.cjs). Deliberately thin: everything
 * station-specific lives in startStation(); this file only wires Electron to it.
 */
const log = createLogger('electron');
const STOP_TIMEOUT_MS = 5_000;
let mainWindow: BrowserWindow | null = null;

// Every renderer sandboxed, before the app is ready (required by enableSandbox).
app.enableSandbox();
// The renderer's own origin, app://station; schemes can only be privileged before ready.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  // One booth, one console: a second launch just brings the first window forward.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(boot)
    .catch((err: unknown) => fail(err));
}

async function boot(): Promise<void> {
  // app.getAppPath() is the repo root in dev and resources/app.asar when packaged.
  const appRoot = app.getAppPath();
  if (app.isPackaged) {
    // No default menu: it carries Toggle Developer Tools, Reload and their accelerators.
    Menu.setApplicationMenu(null);
  }
  const userData = app.getPath('userData');
  const config = loadStationConfig({
    dataDir: userData,
    resourcesDir: app.isPackaged ? process.resourcesPath : path.join(appRoot, 'resources'),
    modelsDir: app.isPackaged
      ? path.join(process.resourcesPath, 'models')
      : path.join(appRoot, 'models'),
    // Demo operators (known PINs) only for `npm start` in a checkout, never in a packaged
    // build, whatever its environment says: a real booth's first run names its manager.
    demo: !app.isPackaged && process.env.STATION_DEMO === '1',
    demoCharts: !app.isPackaged && process.env.STATION_DEMO === '1',
  });
  const secrets = new SafeStorageSecretStore(safeStorage, path.join(userData, 'secrets.json'), log);
  let station: Station;
  try {
    station = await startStation(config, {
      mode: 'electron',
      secrets,
      log,
      // A utility process: with the runAsNode fuse off, fork() of this binary is not Node.
      anprChannel: (worker) =>
        utilityProcessChannelFactory({
          utilityProcess,
          workerPath: path.join(appRoot, 'dist', 'main', 'anpr-utility-worker.cjs'),
          worker,
        }),
    });
  } catch (err) {
    return fail(err);
  }
  stopOnQuit(station);

  protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(appRoot, 'dist', 'renderer')));
  // Handlers first, so the renderer's first request never races an unregistered channel.
  registerIpc(ipcMain, station.dispatcher, isTrustedAppUrl);

  const win = createMainWindow({
    rendererUrl: APP_INDEX_URL,
    preloadPath: path.join(appRoot, 'dist', 'preload', 'preload.cjs'),
    isTrustedFrame: isTrustedAppUrl,
    devTools: !app.isPackaged,
    log,
  });
  mainWindow = win;
  const stopForwarding = forwardEvents(station.events, win.webContents);
  win.on('closed', () => {
    stopForwarding();
    if (mainWindow === win) mainWindow = null;
  });

  startUpdater({ isPackaged: app.isPackaged, log });
}

/** Holds the quit until the station has closed its database and devices (bounded wait). */
function stopOnQuit(station: Station): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('will-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS)));
    Promise.race([station.stop(), timeout])
      .catch((err: unknown) => log.error('station stop failed', { err: String(err) }))
      .finally(() => {
        clearTimeout(timer);
        state = 'stopped';
        app.quit();
      });
  });
}

function fail(err: unknown): void {
  log.error('station failed to start', { err: String(err) });
  dialog.showErrorBox('Station Console could not start', String(err));
  app.exit(1);
}
