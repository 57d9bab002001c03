import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { channels, type IpcResult } from '../../../src-shared';
import { createLogger } from '../../../src-main/app/logger';
import type { SecretStore } from '../../../src-main/app/secret-store';
import { Dispatcher } from '../../../src-main/ipc/dispatcher';
import { EventHub } from '../../../src-main/ipc/event-hub';
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
    const mock = createElectronMock({ handlersAtWindow });
    const station = fakeStation();
    const seen: {
      config?: unknown;
      opts?: { mode: string; secrets: SecretStore; anprWorkerPath?: string };
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
    assert.deepEqual(mock.calls.slice(0, 3), ['enableSandbox', 'lock', 'whenReady']);
    assert.deepEqual(seen.config, {
      dataDir: '/tmp/station-shell-test/userData',
      resourcesDir: path.join(appRoot, 'resources'),
      modelsDir: path.join(appRoot, 'models'),
    });
    assert.equal(seen.opts?.mode, 'electron');
    assert.equal(seen.opts?.anprWorkerPath, path.join(appRoot, 'dist', 'main', 'anpr-worker.cjs'));
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
    for (const [key, value] of Object.entries({ ...secure, spellcheck: false })) {
      assert.equal(win.options.webPreferences[key], value, key);
    }
    assert.equal(
      win.options.webPreferences.preload,
      path.join(appRoot, 'dist/preload/preload.cjs'),
    );
    const index = path.join(appRoot, 'dist/renderer/index.html');
    assert.equal(win.loaded, index);

    const appUrl = pathToFileURL(index).href;
    const invoke = (url: string) =>
      mock.ipcMain.invoke(
        { sender: wc, senderFrame: { url, parent: null } },
        'lanes:list',
        {},
      ) as Promise<IpcResult<unknown>>;
    assert.deepEqual(await invoke(`${appUrl}#/booth`), { ok: true, value: [] });
    assert.equal((await invoke('https://evil.example/')).ok, false);

    const navigation = (kind: string, url: string) => {
      const event = Object.assign(new QuitEvent(), { url });
      wc.emit(kind, event);
      return event.defaultPrevented;
    };
    assert.equal(navigation('will-navigate', 'https://evil.example/'), true);
    assert.equal(navigation('will-redirect', 'file:///etc/passwd'), true);
    assert.equal(navigation('will-navigate', `${appUrl}#/lot`), false);
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
  });

  it('a second instance quits at once and starts nothing', async () => {
    const mock = createElectronMock({ primary: false });
    let started = false;
    load(bundle, mock, {
      loadStationConfig: (o) => o,
      startStation: async () => ((started = true), fakeStation()),
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(mock.calls, ['enableSandbox', 'lock', 'quit', 'quit-done']);
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
