import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StationApi } from '../../../src-shared';
import { FakeIpcRenderer } from './fakes';
import { bundle, load } from './mock-electron';

// Electron cannot run here: the real preload bundle is loaded under Node against a mock
// contextBridge/ipcRenderer, to check what it exposes and what crosses the bridge.
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const dir = path.join(repoRoot, '.test-tmp', `shell-preload-${process.pid}`);

describe('preload (against a mock electron)', () => {
  let file: string;
  let ipc: FakeIpcRenderer;
  let exposed: Record<string, unknown>;
  let station: StationApi;

  before(async () => {
    file = await bundle(repoRoot, dir, 'src-preload/preload.ts');
    exposed = {};
    ipc = new FakeIpcRenderer();
    const contextBridge = {
      exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api),
    };
    load(file, { contextBridge, ipcRenderer: ipc });
    station = exposed.station as StationApi;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exposes only `station` with request/on, never ipcRenderer', () => {
    assert.deepEqual(Object.keys(exposed), ['station']);
    assert.deepEqual(Object.keys(station).sort(), ['on', 'request']);
    assert.ok(!Object.values(station).includes(ipc));
    assert.ok(fs.statSync(file).size < 20_000, 'the preload bundle stays small (no zod)');
  });

  it('resolves values and rejects with a plain, cloneable { code, message, issues }', async () => {
    assert.equal(await station.request('lanes:list', {}), 'pong');
    const issues = [{ path: 'pin', message: 'Invalid' }];
    ipc.reply = async () => ({
      ok: false,
      error: { code: 'INVALID_PAYLOAD', message: 'pin: Invalid', issues },
    });
    const err = await station
      .request('operator:signIn', { name: 'a', pin: 'x' })
      .catch((e: unknown) => e);
    // contextBridge would reduce an Error to its message; a plain object keeps every field.
    assert.equal(Object.getPrototypeOf(err), Object.prototype);
    const expected = {
      name: 'StationRequestError',
      code: 'INVALID_PAYLOAD',
      message: 'pin: Invalid',
      issues,
    };
    assert.deepEqual(err, expected);
    assert.deepEqual(structuredClone(err), expected);
  });

  it('refuses unknown channels without sending them', async () => {
    const before = ipc.invoked.length;
    const err = await station.request('shell:open' as never, {} as never).catch((e: unknown) => e);
    assert.equal((err as { code?: string }).code, 'UNKNOWN_CHANNEL');
    assert.equal(ipc.invoked.length, before);
  });

  it('passes event payloads only, and unsubscribes', () => {
    const got: unknown[][] = [];
    const off = station.on('device:status', (...args: unknown[]) => got.push(args));
    ipc.emit('device:status', { sender: ipc }, { id: 'printer' });
    off();
    ipc.emit('device:status', { sender: ipc }, { id: 'printer' });
    assert.deepEqual(got, [[{ id: 'printer' }]]);
  });
});
