import { BrowserWindow, type Session } from 'electron';
import type { Logger } from '../platform/logger';
import { CONTENT_SECURITY_POLICY } from './csp';
import { isDevToolsShortcut } from './devtools-guard';

export interface MainWindowOptions {
  /** app://station/index.html (see app-protocol.ts). */
  rendererUrl: string;
  preloadPath: string;
  /** The app's own renderer URL check (see trusted-frame.ts); the only navigation allowed. */
  isTrustedFrame: (url: string) => boolean;
  /** False in packaged builds: no DevTools, and their shortcuts are swallowed. */
  devTools: boolean;
  log: Logger;
}

/** Session-wide hardening: CSP header, and no permission (camera, notifications, HID...) ever. */
function hardenSession(session: Session): void {
  // The app:// handler sends the CSP itself; this hook covers any other response the session
  // sees, and the meta tag in index.html stays as the last line.
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === 'content-security-policy') delete headers[key];
    }
    headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const { log, isTrustedFrame } = opts;
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Station Console',
    backgroundColor: '#111418',
    autoHideMenuBar: true,
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: opts.devTools,
    },
  });
  const wc = win.webContents;
  hardenSession(wc.session);

  if (!opts.devTools) {
    // A console at the counter is a way around every check in the renderer.
    wc.on('before-input-event', (event, input) => {
      if (isDevToolsShortcut(input)) event.preventDefault();
    });
    wc.on('devtools-opened', () => {
      log.warn('devtools opened in a packaged build; closing them');
      wc.closeDevTools();
    });
  }

  // A booth console never leaves its own page: links, drops and redirects are all refused.
  const refuseNavigation = (event: { url: string; preventDefault(): void }, kind: string) => {
    if (isTrustedFrame(event.url)) return;
    event.preventDefault();
    log.warn('navigation refused', { kind, url: event.url.slice(0, 200) });
  };
  wc.on('will-navigate', (event) => refuseNavigation(event, 'navigate'));
  wc.on('will-redirect', (event) => refuseNavigation(event, 'redirect'));
  wc.setWindowOpenHandler(({ url }) => {
    log.warn('window.open refused', { url: url.slice(0, 200) });
    return { action: 'deny' };
  });
  wc.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview refused');
  });
  // An unattended booth must not sit on a dead page: reload after a crash, at most once a minute.
  let lastReload = 0;
  wc.on('render-process-gone', (_event, details) => {
    log.error('renderer gone', { reason: details.reason, exitCode: details.exitCode });
    if (details.reason === 'clean-exit' || Date.now() - lastReload < 60_000) return;
    lastReload = Date.now();
    if (!win.isDestroyed()) wc.reload();
  });

  win.once('ready-to-show', () => win.show());
  win.loadURL(opts.rendererUrl).catch((err: unknown) => {
    log.error('renderer failed to load', { url: opts.rendererUrl, err: String(err) });
    win.show(); // a visible blank window says more to the attendant than none at all
  });
  return win;
}
