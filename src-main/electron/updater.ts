import * as electronUpdater from 'electron-updater';
import type { Logger } from '../app/logger';

/** The slice of electron-updater's `AppUpdater` used here. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  checkForUpdates(): Promise<unknown>;
}

export interface UpdaterOptions {
  isPackaged: boolean;
  log: Logger;
  /** Injected in tests; defaults to electron-updater's autoUpdater (needs a running Electron). */
  load?: () => Promise<UpdaterLike>;
  intervalMs?: number;
}

export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

/**
 * electron-updater is CommonJS with `autoUpdater` defined as a lazy getter, which Node's ESM
 * named-export detection misses: read it from the namespace or from `default`, whichever has it.
 * The import is static so the CJS main bundle require()s it (safe inside app.asar); the getter,
 * which needs a running Electron, is only touched when packaged.
 */
async function loadElectronUpdater(): Promise<UpdaterLike> {
  type Mod = { autoUpdater?: UpdaterLike; default?: { autoUpdater?: UpdaterLike } };
  const mod = electronUpdater as unknown as Mod;
  const updater = mod.autoUpdater ?? mod.default?.autoUpdater;
  if (!updater) throw new Error('electron-updater did not provide autoUpdater');
  return updater;
}

/**
 * Checks for updates on start and every 4 h, downloads in the background and installs on quit.
 * A booth is often offline: failures are logged and never thrown. Disabled when not packaged
 * (a dev build has no app-update.yml). Returns a stop function.
 */
export function startUpdater(opts: UpdaterOptions): () => void {
  const { log } = opts;
  if (!opts.isPackaged) {
    log.info('updater disabled (not packaged)');
    return () => {};
  }
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopped = false;

  const setup = async () => {
    const updater = await (opts.load ?? loadElectronUpdater)();
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
    updater.logger = {
      info: (m: unknown) => log.info(`updater: ${String(m)}`),
      warn: (m: unknown) => log.warn(`updater: ${String(m)}`),
      error: (m: unknown) => log.warn(`updater: ${String(m)}`),
      debug: () => {},
    };
    // Without an 'error' listener the EventEmitter would throw and take the main process down.
    updater.on('error', (err) => log.warn('update check failed', { err: String(err) }));
    updater.on('update-downloaded', (info) =>
      log.info('update downloaded; installs on next quit', { version: info.version }),
    );
    const check = () => {
      // Promise.resolve().then: a synchronous throw is handled like a rejection.
      Promise.resolve()
        .then(() => updater.checkForUpdates())
        .catch((err: unknown) => {
          log.warn('update check failed', { err: String(err) });
        });
    };
    if (stopped) return;
    check();
    timer = setInterval(check, opts.intervalMs ?? UPDATE_CHECK_INTERVAL_MS);
    timer.unref?.();
  };
  setup().catch((err: unknown) => log.error('updater unavailable', { err: String(err) }));

  return () => {
    stopped = true;
    if (timer) clearInterval(timer);
  };
}
