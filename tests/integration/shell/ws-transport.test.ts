import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, beforeEach, describe, it, mock } from 'node:test';
import { WebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import {
  createStationApi,
  WIRE_PATH,
  WIRE_PROTOCOL,
  type ClientMessage,
  type ServerMessage,
} from '../../../src-shared';
import {
  CONNECTION_LOST,
  createWsTransport,
  type WebSocketLike,
  type WsTransport,
} from '../../../src-preload/ws-transport';

/*
 * The web bridge's transport against a real `ws` server speaking wire.ts: the server echoes
 * invokes, except 'payments:cash', on which it drops the connection without answering.
 */
describe('ws transport (headless bridge)', () => {
  let wss: WebSocketServer;
  let url: string;
  const sockets: ServerSocket[] = [];
  const handshakes: { path: string | undefined; protocols: string[] }[] = [];
  const received: ClientMessage[] = [];
  const transports: WsTransport[] = [];

  before(async () => {
    wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      path: WIRE_PATH,
      handleProtocols: (protocols) => (protocols.has(WIRE_PROTOCOL) ? WIRE_PROTOCOL : false),
    });
    await new Promise((resolve) => wss.once('listening', resolve));
    url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}${WIRE_PATH}`;
    wss.on('connection', (socket, req) => {
      sockets.push(socket);
      const protocols = String(req.headers['sec-websocket-protocol']).split(/,\s*/);
      handshakes.push({ path: req.url, protocols });
      socket.on('message', (data) => {
        const msg = JSON.parse(String(data)) as ClientMessage;
        received.push(msg);
        if (msg.channel === 'payments:cash') return socket.terminate();
        const reply: ServerMessage = {
          type: 'result',
          id: msg.id,
          result: { ok: true, value: { echo: msg.payload } },
        };
        socket.send(JSON.stringify(reply));
      });
    });
  });

  after(async () => {
    for (const t of transports) t.close();
    await new Promise((resolve) => wss.close(resolve));
  });

  const open = (opts?: { minDelayMs?: number }) => {
    const t = createWsTransport(url, [WIRE_PROTOCOL], WebSocket, { minDelayMs: 20, ...opts });
    transports.push(t);
    return t;
  };
  const push = (event: string, payload: unknown) => {
    const msg: ServerMessage = { type: 'event', event, payload };
    for (const s of sockets) if (s.readyState === s.OPEN) s.send(JSON.stringify(msg));
  };

  it('queues an invoke made before the socket opens, then round-trips it', async () => {
    const api = createStationApi(open());
    const value = await api.request('sessions:search', { query: 'AB1' });
    assert.deepEqual(value, { echo: { query: 'AB1' } });
    const last = handshakes.at(-1);
    assert.equal(last?.path, WIRE_PATH);
    assert.deepEqual(last?.protocols, [WIRE_PROTOCOL]);
  });

  it('delivers events by name and stops after unsubscribe', async () => {
    const t = open();
    const api = createStationApi(t);
    await api.request('lanes:list', {}); // connected
    const zone: unknown[] = [];
    const other: unknown[] = [];
    const off = api.on('zone:occupancy', (p) => zone.push(p));
    api.on('session:changed', (p) => other.push(p));
    push('zone:occupancy', { id: 'z1' });
    await api.request('lanes:list', {}); // the event was sent before this reply
    assert.deepEqual(zone, [{ id: 'z1' }]);
    assert.deepEqual(other, []);
    off();
    push('zone:occupancy', { id: 'z2' });
    await api.request('lanes:list', {});
    assert.deepEqual(zone, [{ id: 'z1' }]);
  });

  it('refuses unknown channels locally', async () => {
    const t = open();
    await t.invoke('lanes:list', {});
    const before = received.length;
    const result = await t.invoke('shell:openExternal', {});
    assert.equal(result.ok ? 'ok' : result.error.code, 'UNKNOWN_CHANNEL');
    assert.equal(received.length, before);
  });

  it('fails a pending invoke on disconnect, never resends it, and reconnects', async () => {
    const t = open();
    const events: unknown[] = [];
    t.subscribe('device:status', (p) => events.push(p));
    await t.invoke('lanes:list', {});
    const connections = handshakes.length;
    const payment = { sessionId: 's1', tenderedMinor: 500, expectedDueMinor: 500 };
    const result = await t.invoke('payments:cash', payment);
    assert.deepEqual(result, { ok: false, error: { code: 'INTERNAL', message: CONNECTION_LOST } });
    const again = await t.invoke('lanes:list', {}); // waits for the reconnect
    assert.equal(again.ok, true);
    assert.equal(handshakes.length, connections + 1);
    assert.equal(received.filter((m) => m.channel === 'payments:cash').length, 1);
    // Subscriptions are local, so they carry over to the new connection.
    push('device:status', { id: 'printer' });
    await t.invoke('lanes:list', {});
    assert.deepEqual(events, [{ id: 'printer' }]);
  });

  it('fails invokes while the station is unreachable', async () => {
    const dead = createWsTransport('ws://127.0.0.1:9/bridge', [WIRE_PROTOCOL], WebSocket, {
      minDelayMs: 20,
    });
    transports.push(dead);
    const result = await dead.invoke('lanes:list', {});
    assert.equal(result.ok ? 'ok' : result.error.message, CONNECTION_LOST);
    dead.close();
    const closed = await dead.invoke('lanes:list', {});
    assert.equal(closed.ok, false);
  });

  it('stops reconnecting after close()', async () => {
    const t = open();
    await t.invoke('lanes:list', {});
    const connections = handshakes.length;
    t.close();
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(handshakes.length, connections);
  });
});

/** A WebSocket the test drives by hand: it opens, answers and counts sends when told. */
class HandSocket implements WebSocketLike {
  static last: HandSocket;
  onopen: ((ev: never) => void) | null = null;
  onmessage: ((ev: never) => void) | null = null;
  onclose: ((ev: never) => void) | null = null;
  onerror: ((ev: never) => void) | null = null;
  readonly sent: ClientMessage[] = [];
  constructor() {
    HandSocket.last = this;
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as ClientMessage);
  }
  close() {}
  open() {
    (this.onopen as (ev: unknown) => void)({});
  }
  answer(id: number) {
    const reply: ServerMessage = { type: 'result', id, result: { ok: true, value: id } };
    (this.onmessage as (ev: unknown) => void)({ data: JSON.stringify(reply) });
  }
}

describe('ws transport stays under the host limits', () => {
  let clock = 0;
  let t: WsTransport;
  beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
  afterEach(() => {
    t.close();
    mock.timers.reset();
  });

  const start = (limits: { maxInFlight?: number; ratePerSecond?: number; burst?: number }) => {
    t = createWsTransport('ws://test/bridge', [WIRE_PROTOCOL], HandSocket, {
      limits,
      now: () => clock,
    });
    const socket = HandSocket.last;
    socket.open();
    return socket;
  };
  const ids = (socket: HandSocket) => socket.sent.map((m) => m.id);

  it('sends at most maxInFlight invokes at once, and the next as each is answered', async () => {
    const socket = start({ maxInFlight: 3 });
    const answers = [1, 2, 3, 4, 5].map(() => t.invoke('lanes:list', {}));
    assert.deepEqual(ids(socket), [1, 2, 3]);
    socket.answer(2);
    assert.deepEqual(ids(socket), [1, 2, 3, 4]);
    socket.answer(9); // not one it sent: frees nothing
    assert.deepEqual(ids(socket), [1, 2, 3, 4]);
    for (const id of [1, 3, 4]) socket.answer(id);
    assert.deepEqual(ids(socket), [1, 2, 3, 4, 5]);
    socket.answer(5);
    assert.deepEqual(
      (await Promise.all(answers)).map((r) => r.ok && r.value),
      [1, 2, 3, 4, 5],
    );
  });

  it('paces invokes with a margin under the host rate', () => {
    // Host: 10 a second, 10 at once; the transport keeps to 8 a second, 8 at once.
    const socket = start({ ratePerSecond: 10, burst: 10, maxInFlight: 100 });
    for (let i = 0; i < 12; i++) void t.invoke('lanes:list', {});
    assert.equal(socket.sent.length, 8);
    clock += 125; // one token at 8 a second
    mock.timers.tick(125);
    assert.equal(socket.sent.length, 9);
    clock += 375;
    mock.timers.tick(375);
    assert.equal(socket.sent.length, 12);
  });
});
