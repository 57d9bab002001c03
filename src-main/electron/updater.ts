import fs from 'node:fs';
import path from 'node:path';
import * as electronUpdater from 'electron-updater';
import type { Logger } from '../platform/logger';

/** The slice of electron-updater's `AppUpdater` used here. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  disableWebInstaller: boolean;
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
  /** Injected in tests; defaults to process.platform. */
  platform?: NodeJS.Platform;
  /** Injected in tests; defaults to reading <resources>/app-update.yml (null when missing). */
  readUpdateConfig?: () => string | null;
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

function readAppUpdateYml(): string | null {
  try {
    return fs.readFileSync(path.join(process.resourcesPath, 'app-update.yml'), 'utf8');
  } catch {
    return null;
  }
}

/**
 * Whether app-update.yml names the code-signing publisher. electron-builder writes it there for
 * a Windows build with verifyUpdateCodeSignature and a publisherName (electron-builder.yml);
 * without it, electron-updater installs an update whatever signed it, or nothing did.
 */
export function pinsPublisher(appUpdateYml: string): boolean {
  // electron-builder writes `publisherName:` followed by `  - <name>` lines; a hand-edited file
  // may say `publisherName: <name>`. Either way a name has to be there.
  const entry = /^publisherName:(.*)((?:\r?\n[ \t]+-.*)*)/m.exec(appUpdateYml);
  if (!entry) return false;
  const inline = (entry[1] ?? '').trim();
  const items = (entry[2] ?? '').split('\n').map((line) => line.replace(/^\s*-/, '').trim());
  return items.some(Boolean) || !['', 'null', '~', '[]'].includes(inline);
}

/**
 * Checks for updates on start and every 4 h, downloads in the background and installs on quit.
 * A booth is often offline: failures are logged and never thrown. Returns a stop function.
 *
 * It installs only updates signed by the app's owner, so it runs only where electron-updater
 * checks signatures: on Windows, whose NSIS updater verifies the installer's Authenticode
 * signature against the publisher in app-update.yml, and only when that publisher is there.
 * On Linux it checks a SHA-512 from the same server as the file, which proves nothing; the
 * deb installs update from the site's signed apt repository instead (README, "Packaging").
 * Disabled when not packaged (a dev build has no app-update.yml).
 */
export function startUpdater(opts: UpdaterOptions): () => void {
  const { log } = opts;
  if (!opts.isPackaged) {
    log.info('updater disabled (not packaged)');
    return () => {};
  }
  const platform = opts.platform ?? process.platform;
  if (platform !== 'win32') {
    log.info('updater disabled: this platform updates from the signed package repository', {
      platform,
    });
    return () => {};
  }
  const updateConfig = (opts.readUpdateConfig ?? readAppUpdateYml)();
  if (updateConfig === null || !pinsPublisher(updateConfig)) {
    log.error('updater disabled: app-update.yml pins no code-signing publisher', {
      found: updateConfig !== null,
    });
    return () => {};
  }
  let timer: ReturnType<typeof setInterval> | undefined;
  let stopped = false;

  const setup = async () => {
    const updater = await (opts.load ?? loadElectronUpdater)();
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
    // An older release is signed too; going back to it is the server's choice, not ours.
    updater.allowDowngrade = false;
    // A web installer's payload is checked only against a hash from the update server.
    updater.disableWebInstaller = true;
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
