import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { channels, type IpcResult } from '../../../src-shared';
import { createLogger } from '../../../src-main/platform/logger';
import { Dispatcher } from '../../../src-main/ipc/dispatcher';
import { SignedInOperators } from '../../../src-main/services/signed-in-operators';
import { EventHub } from '../../../src-main/ipc/event-hub';
import { forwardEvents, registerIpc } from '../../../src-main/electron/ipc-bridge';
import { APP_INDEX_URL } from '../../../src-main/electron/app-protocol';
import { isTrustedAppUrl } from '../../../src-main/electron/trusted-frame';
import { FakeIpcMain, FakeWebContents, frame, recordingHandlers, type HandlerCall } from './fakes';

// Electron cannot run here: registerIpc is driven through a structural ipcMain stand-in
// (./fakes.ts) wired to a real Dispatcher, so the dispatcher's own checks are what is asserted.
const log = createLogger('test', true);
const appUrl = `${APP_INDEX_URL}#/booth`;

describe('registerIpc', () => {
  let ipc: FakeIpcMain;
  let calls: HandlerCall[];
  let dispatcher: Dispatcher;
  const wc1 = () => new FakeWebContents(1);

  beforeEach(() => {
    ipc = new FakeIpcMain();
    calls = [];
    const signIns = new SignedInOperators({ clock: Date.now });
    dispatcher = new Dispatcher(recordingHandlers(calls, signIns), log, { signIns });
    registerIpc(ipc, dispatcher, isTrustedAppUrl);
  });

  const call = (sender: FakeWebContents, channel: string, payload: unknown, url = appUrl) =>
    ipc.invoke({ sender, senderFrame: frame(url) }, channel, payload) as Promise<
      IpcResult<unknown>
    >;
  const errorCode = (r: IpcResult<unknown>) => (r.ok ? 'ok' : r.error.code);

  it('registers a handler for every contract channel and nothing else', () => {
    assert.deepEqual([...ipc.handlers.keys()].sort(), Object.keys(channels).sort());
  });

  it('answers a trusted top frame with the handler value', async () => {
    const result = await call(wc1(), 'lanes:list', undefined);
    assert.deepEqual(result, { ok: true, value: [] });
    assert.deepEqual(calls, [{ channel: 'lanes:list', payload: {}, callerId: '1' }]);
  });

  it('refuses untrusted senders with FORBIDDEN_SENDER before any handler runs', async () => {
    const sender = wc1();
    for (const url of ['http://evil.example/', 'devtools://devtools/x', 'about:blank']) {
      assert.equal(errorCode(await call(sender, 'lanes:list', {}, url)), 'FORBIDDEN_SENDER');
    }
    // The right URL in an iframe, or a frame that is already gone, is not trusted either.
    const inIframe = { sender, senderFrame: frame(appUrl, frame(appUrl)) };
    const gone = { sender, senderFrame: null };
    for (const event of [inIframe, gone]) {
      const result = (await ipc.invoke(event, 'lanes:list', {})) as IpcResult<unknown>;
      assert.equal(errorCode(result), 'FORBIDDEN_SENDER');
    }
    assert.equal(calls.length, 0);
  });

  it('rejects malformed payloads with INVALID_PAYLOAD and never calls the handler', async () => {
    const sender = wc1();
    const bad = await call(sender, 'operator:signIn', { name: 'Ann', pin: 'abcd' });
    assert.equal(errorCode(bad), 'INVALID_PAYLOAD');
    assert.equal(bad.ok ? '' : bad.error.issues?.[0]?.path, 'pin');
    assert.equal(calls.length, 0);

    assert.equal(
      errorCode(await call(sender, 'operator:signIn', { name: 'Ann', pin: '123456' })),
      'ok',
    );
    calls.length = 0;
    for (const payload of [
      { laneId: 'lane 1; DROP', plate: 'AB123' },
      { laneId: 'lane-1', plate: 'AB123', extra: true },
      { laneId: 'lane-1' },
      'lane-1',
    ]) {
      const result = await call(sender, 'lanes:manualRead', payload);
      assert.equal(errorCode(result), 'INVALID_PAYLOAD', JSON.stringify(payload));
    }
    assert.equal(calls.length, 0);
  });

  it('hands handlers the parsed payload (defaults applied)', async () => {
    const sender = wc1();
    await call(sender, 'operator:signIn', { name: '  Ann ', pin: '123456' });
    assert.deepEqual(calls[0]?.payload, { name: 'Ann', pin: '123456' });
    assert.equal(errorCode(await call(sender, 'sessions:search', { query: 'AB1' })), 'ok');
    assert.deepEqual(calls[1]?.payload, { query: 'AB1', scope: 'lot' });
  });

  it('refuses unknown channels', async () => {
    await assert.rejects(call(wc1(), 'shell:openExternal', { url: 'https://x' }), /No handler/);
    const direct = await dispatcher.invoke(
      'shell:openExternal',
      {},
      {
        callerId: '1',
        trustedSender: true,
      },
    );
    assert.equal(errorCode(direct), 'UNKNOWN_CHANNEL');
    assert.equal(calls.length, 0);
  });

  it('keeps sign-in per webContents and forgets it when the webContents is destroyed', async () => {
    const a = wc1();
    const b = new FakeWebContents(2);
    await call(a, 'operator:signIn', { name: 'Ann', pin: '123456' });
    assert.equal(errorCode(await call(a, 'lanes:trigger', { laneId: 'lane-1' })), 'ok');
    assert.equal(errorCode(await call(b, 'lanes:trigger', { laneId: 'lane-1' })), 'NOT_SIGNED_IN');
    assert.equal(
      errorCode(await call(a, 'lot:markPaid', { sessionId: 's1', reason: 'ok!' })),
      'NOT_ALLOWED',
    );

    a.destroy();
    assert.equal(a.listenerCount('destroyed'), 0);
    const reused = new FakeWebContents(1); // same id must not inherit the old sign-in
    assert.equal(
      errorCode(await call(reused, 'lanes:trigger', { laneId: 'lane-1' })),
      'NOT_SIGNED_IN',
    );
    // Repeated calls do not stack 'destroyed' listeners.
    await call(b, 'lanes:list', {});
    await call(b, 'lanes:list', {});
    assert.equal(b.listenerCount('destroyed'), 1);
  });
});

describe('forwardEvents', () => {
  const occupancy = { id: 'z1', name: 'Level 1', capacity: 100, occupied: 42 };

  it('sends each contract event on its own channel and stops on unsubscribe', () => {
    const hub = new EventHub(log);
    const wc = new FakeWebContents(7);
    const stop = forwardEvents(hub, wc);
    hub.publish('zone:occupancy', occupancy);
    hub.publish('session:changed', { sessionId: 's1', change: 'paid' });
    assert.deepEqual(wc.sent, [
      ['zone:occupancy', occupancy],
      ['session:changed', { sessionId: 's1', change: 'paid' }],
    ]);
    stop();
    hub.publish('zone:occupancy', occupancy);
    assert.equal(wc.sent.length, 2);
  });

  it('never forwards a payload the contract rejects', () => {
    const hub = new EventHub(createLogger('test', true));
    const wc = new FakeWebContents(7);
    forwardEvents(hub, wc);
    const quiet = process.stderr.write;
    process.stderr.write = () => true; // the hub logs the rejection as an error
    try {
      hub.publish('zone:occupancy', { ...occupancy, occupied: 'many' } as never);
    } finally {
      process.stderr.write = quiet;
    }
    assert.equal(wc.sent.length, 0);
  });

  it('unsubscribes by itself when the window is destroyed', () => {
    const hub = new EventHub(log);
    const wc = new FakeWebContents(7);
    const hubListeners = (hub as unknown as { listeners: Set<unknown> }).listeners;
    forwardEvents(hub, wc);
    assert.equal(hubListeners.size, 1);
    wc.destroy();
    assert.equal(hubListeners.size, 0);
    assert.doesNotThrow(() => hub.publish('zone:occupancy', occupancy));
    assert.equal(wc.sent.length, 0);
  });
});
