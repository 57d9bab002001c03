import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channels, createStationApi, events, StationRequestError } from '../../../src-shared';
import { createIpcTransport } from '../../../src-preload/ipc-transport';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../../src-preload/contract-names';
import { FakeIpcRenderer } from './fakes';

// The preload needs Electron's contextBridge; its transport is tested on its own here.
describe('preload IPC transport', () => {
  it("uses exactly the contract's channel and event names (zod-free copies)", () => {
    assert.deepEqual([...CHANNEL_NAMES].sort(), Object.keys(channels).sort());
    assert.deepEqual([...EVENT_NAMES].sort(), Object.keys(events).sort());
  });

  it('invokes contract channels and returns the envelope', async () => {
    const ipc = new FakeIpcRenderer();
    const api = createStationApi(createIpcTransport(ipc));
    assert.equal(await api.request('lanes:list', {}), 'pong');
    assert.deepEqual(ipc.invoked, [['lanes:list', [{}]]]);
  });

  it('refuses unknown channel names locally, without touching ipcRenderer', async () => {
    const ipc = new FakeIpcRenderer();
    const transport = createIpcTransport(ipc);
    for (const name of [
      'shell:openExternal',
      '__proto__',
      'toString',
      'ELECTRON_BROWSER_REQUIRE',
    ]) {
      const result = await transport.invoke(name, {});
      assert.equal(result.ok ? 'ok' : result.error.code, 'UNKNOWN_CHANNEL', name);
    }
    assert.equal(ipc.invoked.length, 0);
  });

  it('turns an IPC failure or a malformed reply into an envelope error', async () => {
    const ipc = new FakeIpcRenderer();
    const api = createStationApi(createIpcTransport(ipc));
    ipc.reply = () => Promise.reject(new Error("No handler registered for 'lanes:list'"));
    await assert.rejects(api.request('lanes:list', {}), (err: unknown) => {
      assert.ok(err instanceof StationRequestError);
      return err.code === 'INTERNAL';
    });
    ipc.reply = async () => 'not an envelope';
    await assert.rejects(api.request('lanes:list', {}), { code: 'INTERNAL' });
  });

  it('delivers events without the IpcRendererEvent and unsubscribes', () => {
    const ipc = new FakeIpcRenderer();
    const api = createStationApi(createIpcTransport(ipc));
    const got: unknown[][] = [];
    const off = api.on('zone:occupancy', (...args: unknown[]) => got.push(args));
    ipc.emit('zone:occupancy', { sender: 'ipcRenderer!' }, { id: 'z1' });
    assert.deepEqual(got, [[{ id: 'z1' }]]);
    off();
    ipc.emit('zone:occupancy', { sender: 'ipcRenderer!' }, { id: 'z2' });
    assert.equal(got.length, 1);
    assert.equal(ipc.listenerCount('zone:occupancy'), 0);
  });

  it('ignores subscriptions to names outside the contract', () => {
    const ipc = new FakeIpcRenderer();
    const transport = createIpcTransport(ipc);
    const off = transport.subscribe('ELECTRON_INTERNAL', () => assert.fail('must not listen'));
    assert.equal(ipc.eventNames().length, 0);
    off();
  });
});
