import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { FakeIpcMain, FakeWebContents } from './fakes';

/*
 * Electron's binary cannot be installed here, so electron-main.ts and preload.ts are checked by
 * bundling them as scripts/build.mjs does (CJS) and loading the bundles under Node with
 * `require('electron')` answered by a mock. startStation/loadStationConfig are stubbed
 * through hooks, so the test owns the Station. Only wiring is checked; Chromium behaviour is not.
 */
export class QuitEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class MockWebContents extends FakeWebContents {
  openHandler?: (details: { url: string }) => { action: string };
  readonly session = {
    headersListener: undefined as undefined | ((d: unknown, cb: (r: unknown) => void) => void),
    permissionRequest: undefined as undefined | ((...a: unknown[]) => void),
    permissionCheck: undefined as undefined | (() => boolean),
    devicePermission: undefined as undefined | (() => boolean),
    webRequest: {
      onHeadersReceived: (l: never) => void (this.session.headersListener = l),
    },
    setPermissionRequestHandler: (h: never) => void (this.session.permissionRequest = h),
    setPermissionCheckHandler: (h: never) => void (this.session.permissionCheck = h),
    setDevicePermissionHandler: (h: never) => void (this.session.devicePermission = h),
  };
  devToolsClosed = 0;
  setWindowOpenHandler(h: MockWebContents['openHandler']): void {
    this.openHandler = h;
  }
  closeDevTools(): void {
    this.devToolsClosed += 1;
  }
}

/** Stand-in for a UtilityProcess child: records what it was forked with; never runs anything. */
export class MockUtilityProcess extends EventEmitter {
  pid: number | undefined = undefined;
  readonly posted: unknown[] = [];
  constructor(
    readonly modulePath: string,
    readonly args: string[] | undefined,
    readonly options: Record<string, unknown> | undefined,
  ) {
    super();
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    return true;
  }
}

export function createElectronMock(
  opts: {
    primary?: boolean;
    handlersAtWindow?: number[];
    packaged?: boolean;
    appPath?: string;
  } = {},
) {
  const calls: string[] = [];
  const ipcMain = new FakeIpcMain();
  const windows: MockBrowserWindow[] = [];
  const app = Object.assign(new EventEmitter(), {
    isPackaged: opts.packaged ?? false,
    enableSandbox: () => calls.push('enableSandbox'),
    requestSingleInstanceLock: () => (calls.push('lock'), opts.primary ?? true),
    whenReady: () => (calls.push('whenReady'), Promise.resolve()),
    getAppPath: () => opts.appPath ?? '/opt/Station Console/resources/app.asar',
    getPath: (name: string) => `/tmp/station-shell-test/${name}`,
    exit: (code: number) => calls.push(`exit:${code}`),
    quit: () => {
      calls.push('quit');
      const event = new QuitEvent();
      app.emit('will-quit', event);
      if (!event.defaultPrevented) calls.push('quit-done');
    },
  });
  class MockBrowserWindow extends EventEmitter {
    readonly webContents = new MockWebContents(100 + windows.length);
    loaded?: string;
    readonly state: string[] = [];
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      calls.push('new BrowserWindow');
      windows.push(this);
      opts.handlersAtWindow?.push(ipcMain.handlers.size);
    }
    loadURL(url: string) {
      this.loaded = url;
      return Promise.resolve();
    }
    isMinimized = () => true;
    restore = () => this.state.push('restore');
    show = () => this.state.push('show');
    focus = () => this.state.push('focus');
  }
  const safeStorage = {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (s: string) => Buffer.from(s).reverse(),
    decryptString: (b: Buffer) => Buffer.from(b).reverse().toString(),
  };
  const dialog = { showErrorBox: (title: string) => calls.push(`errorBox:${title}`) };
  const protocol = {
    privileged: [] as unknown[],
    handlers: new Map<string, (request: Request) => Promise<Response>>(),
    registerSchemesAsPrivileged: (schemes: unknown[]) => {
      calls.push('registerSchemesAsPrivileged');
      protocol.privileged.push(...schemes);
    },
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
      calls.push(`protocol.handle:${scheme}`);
      protocol.handlers.set(scheme, handler);
    },
  };
  const Menu = {
    setApplicationMenu: (menu: unknown) => calls.push(`setApplicationMenu:${String(menu)}`),
  };
  const utilityProcess = {
    forks: [] as MockUtilityProcess[],
    fork: (modulePath: string, args?: string[], options?: Record<string, unknown>) => {
      const child = new MockUtilityProcess(modulePath, args, options);
      utilityProcess.forks.push(child);
      return child;
    },
  };
  return {
    app,
    ipcMain,
    BrowserWindow: MockBrowserWindow,
    safeStorage,
    dialog,
    protocol,
    Menu,
    utilityProcess,
    calls,
    windows,
  };
}
export type ElectronMock = ReturnType<typeof createElectronMock>;

export interface MainHooks {
  startStation(config: unknown, opts: unknown): Promise<unknown>;
  loadStationConfig(opts: unknown): unknown;
}

/**
 * Bundles an entry (electron-main.ts or preload.ts) as scripts/build.mjs does, into `dir`, which
 * sits inside the repo so node_modules resolves, next to a `electron` shim serving the mock.
 */
export async function bundle(repoRoot: string, dir: string, entry: string): Promise<string> {
  fs.mkdirSync(path.join(dir, 'node_modules', 'electron'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'node_modules', 'electron', 'index.js'),
    'module.exports = globalThis.__electronMock;\n',
  );
  const outfile = path.join(dir, 'out', `${path.basename(entry, '.ts')}.cjs`);
  await build({
    entryPoints: [path.join(repoRoot, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    packages: entry.includes('src-main') ? 'external' : undefined,
    logLevel: 'silent',
    plugins: [
      {
        name: 'stub-station',
        setup(b) {
          b.onResolve({ filter: /\/app\/(station|config)$/ }, (a) => ({
            path: a.path,
            namespace: 'stub',
          }));
          b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
            contents: `export const startStation = (...a) => globalThis.__mainHooks.startStation(...a);
              export const loadStationConfig = (o) => globalThis.__mainHooks.loadStationConfig(o);`,
          }));
        },
      },
    ],
  });
  return outfile;
}

/** Loads a fresh copy of the bundle against `mock` (the bundle runs its top level on load). */
export function load(bundle: string, mock: object, hooks?: MainHooks): void {
  const g = globalThis as { __electronMock?: unknown; __mainHooks?: unknown };
  g.__electronMock = mock;
  g.__mainHooks = hooks;
  const req = createRequire(bundle);
  delete req.cache[req.resolve('electron')];
  delete req.cache[bundle];
  req(bundle);
}

export const until = async (cond: () => boolean, ms = 2000) => {
  for (const end = Date.now() + ms; !cond(); await new Promise((r) => setTimeout(r, 5))) {
    if (Date.now() > end) throw new Error('timed out waiting');
  }
};
