import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { WebSocket } from 'ws';
import { WebSocket as NodeWebSocket } from 'ws';
import { WIRE_PATH, WIRE_PROTOCOL, type IpcResult, type ServerMessage } from '../../../src-shared';
import { createLogger } from '../../../src-main/platform/logger';
import { startHeadlessHost, type HeadlessHost } from '../../../src-main/host/headless-host';
import { REFUSED, type HostLimits } from '../../../src-main/host/host-limits';
import type { Dispatcher } from '../../../src-main/ipc/dispatcher';
import { createWsTransport } from '../../../src-preload/ws-transport';
import { startHarness, type Harness } from '../../support/station-harness';
import { openBridge, signOn, upgradeStatus } from './host-client';

/*
 * Each connection's share of the host, against a real station behind the real host on real
 * sockets. The host's clock is stopped (the rate's tokens refill only when a test moves it),
 * and the station's dispatcher is wrapped so a test can hold invokes in flight and see which
 * reached it.
 */

/** The real dispatcher, counting what reaches it, with a gate that can hold invokes. */
class HeldDispatcher {
  reached = 0;
  private gate: Promise<void> = Promise.resolve();
  private open = () => {};
  private forgot: (() => void)[] = [];

  constructor(private readonly real: Dispatcher) {}

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open();
  }
  /** Resolves when the host next lets go of a connection (it forgets its caller then). */
  nextForget(): Promise<void> {
    return new Promise((resolve) => this.forgot.push(resolve));
  }

  invoke: Dispatcher['invoke'] = async (channel, payload, ctx) => {
    this.reached++;
    await this.gate;
    return this.real.invoke(channel, payload, ctx);
  };
  forgetCaller = (callerId: string) => {
    this.real.forgetCaller(callerId);
    for (const done of this.forgot.splice(0)) done();
  };
}

const invoke = (id: number) =>
  JSON.stringify({ type: 'invoke', id, channel: 'station:status', payload: {} });

/** Which limit refused `result`, or null when the station ran it. */
const refusedBy = (result: IpcResult<unknown>) =>
  result.ok
    ? null
    : result.error.message === REFUSED.rate
      ? 'rate'
      : result.error.message === REFUSED.inFlight
        ? 'inFlight'
        : null;

/** The next `n` results on `ws` by id, or the close code if the host closes first. */
const results = (ws: WebSocket, n: number) =>
  new Promise<Map<number, IpcResult<unknown>> | { closed: number }>((done) => {
    const got = new Map<number, IpcResult<unknown>>();
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as ServerMessage;
      if (msg.type !== 'result') return;
      got.set(msg.id, msg.result);
      if (got.size === n) done(got);
    });
    ws.once('close', (code) => done({ closed: code }));
  });

describe('the headless host gives each connection a bounded share', () => {
  let h: Harness;
  let dispatcher: HeldDispatcher;
  let host: HeadlessHost;
  let cookie: string;
  let clock = Date.parse('2026-11-20T09:00:00Z');

  before(async () => {
    h = await startHarness();
    dispatcher = new HeldDispatcher(h.station.dispatcher);
  });
  after(async () => {
    await host?.close();
    await h?.stop();
  });

  /** A fresh host with these limits (over the defaults), signed on. */
  const restart = async (limits: Partial<HostLimits> = {}) => {
    await host?.close();
    host = await startHeadlessHost({
      dispatcher,
      events: h.station.events,
      rendererDir: resolve('dist/renderer'),
      log: createLogger('test', true),
      limits,
      now: () => clock,
    });
    cookie = await signOn(host);
  };

  it('refuses an upgrade over the connection cap with 503, and counts a closed one out', async () => {
    await restart({ maxConnections: 3 });
    const open = [
      await openBridge(host, cookie),
      await openBridge(host, cookie),
      await openBridge(host, cookie),
    ];
    assert.equal(await upgradeStatus(host, { cookie }), 503);
    const forgotten = dispatcher.nextForget();
    open.pop()!.terminate();
    await forgotten;
    assert.equal(await upgradeStatus(host, { cookie }), 101);
    for (const ws of open) ws.terminate();
  });

  it('answers invokes over the rate with an error envelope and does not run them', async () => {
    await restart({ burst: 5, ratePerSecond: 10, maxInFlight: 100 });
    const ws = await openBridge(host, cookie);
    const reachedBefore = dispatcher.reached;
    const got = results(ws, 8);
    for (let id = 1; id <= 8; id++) ws.send(invoke(id));
    const answers = await got;
    assert.ok(answers instanceof Map);
    const refused = [...answers].filter(([, r]) => refusedBy(r) === 'rate').map(([id]) => id);
    assert.deepEqual(refused.sort(), [6, 7, 8]);
    assert.equal(dispatcher.reached - reachedBefore, 5);
    const refusal = answers.get(6)!;
    assert.ok(!refusal.ok && refusal.error.code === 'NOT_ALLOWED');

    // 200 ms at 10 a second: two more tokens, and no more.
    clock += 200;
    const again = results(ws, 3);
    for (let id = 9; id <= 11; id++) ws.send(invoke(id));
    const later = await again;
    assert.ok(later instanceof Map);
    assert.deepEqual(
      [9, 10, 11].map((id) => refusedBy(later.get(id)!)),
      [null, null, 'rate'],
    );
    ws.terminate();
  });

  it('closes a client that keeps sending while refused with 1008', async () => {
    await restart({ burst: 2, maxRefusedInARow: 3 });
    const ws = await openBridge(host, cookie);
    // 2 run, 3 are refused, and the 6th is one too many: closed before all 8 are answered.
    const got = results(ws, 8);
    for (let id = 1; id <= 8; id++) ws.send(invoke(id));
    assert.deepEqual(await got, { closed: 1008 });
  });

  it('answers invokes over the in-flight cap with an error envelope, then takes more as they finish', async () => {
    await restart({ maxInFlight: 4 });
    const ws = await openBridge(host, cookie);
    const reachedBefore = dispatcher.reached;
    dispatcher.hold();
    const refusals = results(ws, 2);
    for (let id = 1; id <= 6; id++) ws.send(invoke(id));
    const refused = await refusals;
    assert.ok(refused instanceof Map);
    assert.deepEqual([...refused.keys()].sort(), [5, 6]);
    assert.ok([...refused.values()].every((r) => refusedBy(r) === 'inFlight'));
    assert.equal(dispatcher.reached - reachedBefore, 4);

    const held = results(ws, 4);
    dispatcher.release();
    const answered = await held;
    assert.ok(answered instanceof Map);
    assert.deepEqual([...answered.keys()].sort(), [1, 2, 3, 4]);
    assert.ok([...answered.values()].every((r) => refusedBy(r) === null));
    // Their slots are free again.
    const next = results(ws, 1);
    ws.send(invoke(7));
    const seventh = await next;
    assert.ok(seventh instanceof Map && refusedBy(seventh.get(7)!) === null);
    ws.terminate();
  });

  it('never refuses the web bridge: it keeps its own invokes under the limits', async () => {
    // The defaults, on the real clock: the bridge must not depend on a stopped one.
    await host?.close();
    host = await startHeadlessHost({
      dispatcher,
      events: h.station.events,
      rendererDir: resolve('dist/renderer'),
      log: createLogger('test', true),
    });
    cookie = await signOn(host);
    // ws in Node, carrying the cookie and origin the browser would.
    class BrowserLikeSocket extends NodeWebSocket {
      constructor(url: string, protocols: string[]) {
        super(url, protocols, { origin: host.origin, headers: { Cookie: cookie } });
      }
    }
    const transport = createWsTransport(
      `ws://127.0.0.1:${host.port}${WIRE_PATH}`,
      [WIRE_PROTOCOL],
      BrowserLikeSocket,
    );
    // A lot table's worth of photos at once: more than the burst, far more than may be in flight.
    const all = await Promise.all(
      Array.from({ length: 120 }, () => transport.invoke('station:status', {})),
    );
    transport.close();
    assert.deepEqual(
      all.filter((r) => refusedBy(r) !== null),
      [],
    );
  });
});
