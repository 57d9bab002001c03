import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import { channels, type IpcResult } from '../../../src-shared';
import { createLogger } from '../../../src-main/platform/logger';
import type { SecretStore } from '../../../src-main/platform/secret-store';
import { Dispatcher } from '../../../src-main/ipc/dispatcher';
import { EventHub } from '../../../src-main/ipc/event-hub';
import type { AnprChannelFactory } from '../../../src-main/app/plate-reader-factory';
import { APP_SCHEME_PRIVILEGES } from '../../../src-main/electron/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/electron/csp';
import { recordingHandlers } from './fakes';
import { bundle as bundleEntry, createElectronMock, load, QuitEvent, until } from './mock-electron';

// Electron cannot run here: the real main bundle is loaded under Node against a mock 'electron'
// (see mock-electron.ts). This checks the wiring and the order of things, not Chromium itself.
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const dir = path.join(repoRoot, '.test-tmp', `shell-main-${process.pid}`);
const log = createLogger('test', true);
let bundle: string;

function fakeStation() {
  let release!: () => void;
  const station = {
    dispatcher: new Dispatcher(recordingHandlers([]), log),
    events: new EventHub(log),
    stopped: false,
    stop: () => new Promise<void>((r) => (release = r)).then(() => void (station.stopped = true)),
    release: () => release(),
  };
  return station;
}

describe('electron-main (against a mock electron)', () => {
  before(async () => {
    bundle = await bundleEntry(repoRoot, dir, 'src-main/electron/electron-main.ts');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('boots: sandbox, IPC before the window, hardened window, events, quit waits for stop', async () => {
    const handlersAtWindow: number[] = [];
    // A real renderer folder, so the app:// handler can be asked for the page.
    const appPath = fs.mkdtempSync(path.join(os.tmpdir(), 'shell-app-'));
    fs.mkdirSync(path.join(appPath, 'dist', 'renderer'), { recursive: true });
    fs.writeFileSync(path.join(appPath, 'dist', 'renderer', 'index.html'), '<p>booth</p>');
    fs.writeFileSync(path.join(appPath, 'dist', 'main.secret'), 'not for the page');
    const mock = createElectronMock({ handlersAtWindow, appPath });
    const station = fakeStation();
    const seen: {
      config?: unknown;
      opts?: {
        mode: string;
        secrets: SecretStore;
        anprWorkerPath?: string;
        anprChannel?: AnprChannelFactory;
      };
    } = {};
    load(bundle, mock, {
      loadStationConfig: (o) => o,
      startStation: async (config, opts) => {
        Object.assign(seen, { config, opts });
        return station;
      },
    });
    await until(() => mock.windows.length === 1);
    const appRoot = mock.app.getAppPath();
    assert.deepEqual(mock.calls.slice(0, 4), [
      'enableSandbox',
      'registerSchemesAsPrivileged',
      'lock',
      'whenReady',
    ]);
    assert.deepEqual(mock.protocol.privileged, [APP_SCHEME_PRIVILEGES]);
    assert.deepEqual(seen.config, {
      dataDir: '/tmp/station-shell-test/userData',
      resourcesDir: path.join(appRoot, 'resources'),
      modelsDir: path.join(appRoot, 'models'),
      demo: process.env.STATION_DEMO === '1',
      demoCharts: process.env.STATION_DEMO === '1',
    });
    assert.equal(seen.opts?.mode, 'electron');
    // The plate reader's worker is a utility process running the bundled adapter entry.
    assert.equal(seen.opts?.anprWorkerPath, undefined);
    const worker = { modelsDir: '/m', formats: { enabled: ['ro'] } };
    const channel = seen.opts!.anprChannel!(worker)();
    const [forked] = mock.utilityProcess.forks;
    assert.equal(forked?.modulePath, path.join(appRoot, 'dist', 'main', 'anpr-utility-worker.cjs'));
    assert.deepEqual(forked?.args, [JSON.stringify(worker)]);
    channel.send({ type: 'ping', id: 1 });
    assert.deepEqual(forked?.posted, [{ type: 'ping', id: 1 }]);
    assert.equal(seen.opts?.secrets.persistent, true);
    assert.deepEqual(handlersAtWindow, [Object.keys(channels).length]);

    const win = mock.windows[0]!;
    const wc = win.webContents;
    const secure = {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    };
    for (const [key, value] of Object.entries({ ...secure, spellcheck: false, devTools: true })) {
      assert.equal(win.options.webPreferences[key], value, key);
    }
    assert.equal(
      win.options.webPreferences.preload,
      path.join(appRoot, 'dist/preload/preload.cjs'),
    );
    assert.ok(!mock.calls.some((c) => c.startsWith('setApplicationMenu')), 'dev keeps its menu');
    const appUrl = 'app://station/index.html';
    assert.equal(win.loaded, appUrl);
    assert.ok(
      mock.calls.indexOf('protocol.handle:app') < mock.calls.indexOf('new BrowserWindow'),
      'app:// is answered before the window loads it',
    );
    const serve = mock.protocol.handlers.get('app')!;
    const page = await serve(new Request(`${appUrl}#/booth`));
    assert.equal(await page.text(), '<p>booth</p>');
    assert.equal(page.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal((await serve(new Request('app://station/..%2fmain.secret'))).status, 404);
    const fileUrl = pathToFileURL(path.join(appRoot, 'dist/renderer/index.html')).href;
    const invoke = (url: string) =>
      mock.ipcMain.invoke(
        { sender: wc, senderFrame: { url, parent: null } },
        'lanes:list',
        {},
      ) as Promise<IpcResult<unknown>>;
    assert.deepEqual(await invoke(`${appUrl}#/booth`), { ok: true, value: [] });
    assert.equal((await invoke('https://evil.example/')).ok, false);
    assert.equal((await invoke(fileUrl)).ok, false, 'the old file:// page is not trusted');

    const navigation = (kind: string, url: string) => {
      const event = Object.assign(new QuitEvent(), { url });
      wc.emit(kind, event);
      return event.defaultPrevented;
    };
    assert.equal(navigation('will-navigate', 'https://evil.example/'), true);
    assert.equal(navigation('will-redirect', 'file:///etc/passwd'), true);
    assert.equal(navigation('will-navigate', `${appUrl}#/lot`), false);
    assert.equal(navigation('will-navigate', fileUrl), true);
    // DevTools stay reachable in development: no key is swallowed.
    assert.equal(wc.listenerCount('before-input-event'), 0);
    assert.equal(navigation('will-attach-webview', ''), true);
    assert.deepEqual(wc.openHandler?.({ url: 'https://x.example/' }), { action: 'deny' });
    let granted: boolean | undefined;
    wc.session.permissionRequest?.(wc, 'media', (g: boolean) => (granted = g));
    assert.equal(granted, false);
    assert.equal(wc.session.permissionCheck?.(), false);
    let headers: unknown;
    wc.session.headersListener?.(
      { responseHeaders: { 'content-security-policy': ['x'] } },
      (r) => (headers = r),
    );
    assert.deepEqual(headers, {
      responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });

    station.events.publish('session:changed', { sessionId: 's1', change: 'paid' });
    assert.deepEqual(wc.sent, [['session:changed', { sessionId: 's1', change: 'paid' }]]);

    mock.app.emit('second-instance');
    assert.deepEqual(win.state, ['restore', 'show', 'focus']);

    mock.app.quit();
    assert.equal(mock.calls.includes('quit-done'), false, 'quit is held until the station stops');
    station.release();
    await until(() => mock.calls.includes('quit-done'));
    assert.equal(station.stopped, true);
    fs.rmSync(appPath, { recursive: true, force: true });
  });

  it('packaged: no application menu, no DevTools, their shortcuts swallowed, no demo', async () => {
    const mock = createElectronMock({ packaged: true });
    const proc = process as { resourcesPath?: string };
    proc.resourcesPath = '/opt/Station Console/resources';
    const demoEnv = process.env.STATION_DEMO;
    process.env.STATION_DEMO = '1';
    let config: unknown;
    try {
      load(bundle, mock, {
        loadStationConfig: (o) => (config = o),
        startStation: async () => fakeStation(),
      });
      await until(() => mock.windows.length === 1);
    } finally {
      delete proc.resourcesPath;
      if (demoEnv === undefined) delete process.env.STATION_DEMO;
      else process.env.STATION_DEMO = demoEnv;
    }
    // Even started with STATION_DEMO=1, a packaged build seeds no demo operators.
    assert.equal((config as { demo?: unknown }).demo, false);
    assert.equal((config as { demoCharts?: unknown }).demoCharts, false, 'nor a generated year');
    const menu = mock.calls.indexOf('setApplicationMenu:null');
    assert.ok(menu >= 0 && menu < mock.calls.indexOf('new BrowserWindow'), mock.calls.join());
    const win = mock.windows[0]!;
    assert.equal(win.options.webPreferences.devTools, false);

    const wc = win.webContents;
    const key = (input: object) => {
      const event = new QuitEvent();
      wc.emit('before-input-event', event, {
        control: false,
        meta: false,
        shift: false,
        alt: false,
        ...input,
      });
      return event.defaultPrevented;
    };
    assert.equal(key({ key: 'F12', code: 'F12' }), true);
    assert.equal(key({ key: 'I', code: 'KeyI', control: true, shift: true }), true);
    assert.equal(key({ key: 'c', code: 'KeyC', control: true }), false, 'copy still works');
    wc.emit('devtools-opened');
    assert.equal(wc.devToolsClosed, 1);
  });

  it('a second instance quits at once and starts nothing', async () => {
    const mock = createElectronMock({ primary: false });
    let started = false;
    load(bundle, mock, {
      loadStationConfig: (o) => o,
      startStation: async () => ((started = true), fakeStation()),
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(mock.calls, [
      'enableSandbox',
      'registerSchemesAsPrivileged',
      'lock',
      'quit',
      'quit-done',
    ]);
    assert.equal(started, false);
    assert.equal(mock.ipcMain.handlers.size, 0);
  });

  it('shows an error and exits when the station cannot start', async () => {
    const mock = createElectronMock();
    const quiet = process.stderr.write;
    process.stderr.write = () => true;
    try {
      load(bundle, mock, {
        loadStationConfig: (o) => o,
        startStation: () => Promise.reject(new Error('database is locked')),
      });
      await until(() => mock.calls.includes('exit:1'));
    } finally {
      process.stderr.write = quiet;
    }
    assert.ok(mock.calls.includes('errorBox:Station Console could not start'));
    assert.equal(mock.windows.length, 0);
  });
});
