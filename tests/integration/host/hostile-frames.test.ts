import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { WIRE_PATH, WIRE_PROTOCOL, type IpcResult, type ServerMessage } from '../../../src-shared';
import { createLogger } from '../../../src-main/platform/logger';
import { startHeadlessHost, type HeadlessHost } from '../../../src-main/host/headless-host';
import { startHarness, type Harness } from '../../support/station-harness';
import { openBridge, signOn } from './host-client';

/*
 * Hostile clients against a real station behind the real headless host, in this process: an
 * attack that would kill the host kills (and fails) this test run. After each attack a good
 * client must still get `station:status` answered.
 */

// The host process (headless-main.ts) dies on an uncaught error or an unhandled rejection. node:test
// would catch both and leave the attacked call waiting forever, so die here as the host would.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (err) => {
    console.error(`${event}: the host process would have died here`, err);
    process.exit(1);
  });
}

const MAX_PAYLOAD = 1 << 20; // the host's ws maxPayload
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
/** Throws something String() cannot print. */
const thrower = (): never => {
  throw Object.create(null);
};

describe('the headless host survives hostile clients', () => {
  let h: Harness;
  let host: HeadlessHost;
  let cookie: string;

  before(async () => {
    h = await startHarness();
    host = await startHeadlessHost({
      dispatcher: h.station.dispatcher,
      events: h.station.events,
      rendererDir: resolve('dist/renderer'),
      log: createLogger('test', true),
      port: 0,
    });
    cookie = await signOn(host);
  });
  after(async () => {
    await host?.close();
    await h?.stop();
  });

  /** A well-behaved client: signed on, the right subprotocol and origin. */
  const open = (): Promise<WebSocket> => openBridge(host, cookie);

  /** The first thing the host does after `text`: answer invoke `id`, or close the socket. */
  const next = (ws: WebSocket, text: string | Buffer, id: number) =>
    new Promise<{ result: IpcResult<unknown> } | { closed: number }>((done) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as ServerMessage;
        if (msg.type === 'result' && msg.id === id) done({ result: msg.result });
      });
      ws.once('close', (code) => done({ closed: code }));
      ws.send(text);
    });

  const assertAlive = async () => {
    const ws = await open();
    const status = JSON.stringify({
      type: 'invoke',
      id: 7,
      channel: 'station:status',
      payload: {},
    });
    const got = await next(ws, status, 7);
    ws.close();
    assert.ok('result' in got && got.result.ok, `station:status answered: ${JSON.stringify(got)}`);
  };

  it('a good client is answered (the baseline for every case below)', assertAlive);

  it('the dispatcher answers any channel or payload value with an error envelope', async () => {
    // Every trap of this Proxy throws a value that cannot even be printed.
    const trapsThrow = new Proxy({}, new Proxy({}, { get: () => thrower }));
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    let nested: unknown[] = [];
    for (let i = 0; i < 5000; i++) nested = [nested];
    const hostile: [string, unknown][] = [
      ['{toString: 1}', { toString: 1 }],
      ['Object.create(null)', Object.create(null)],
      ['a throwing Symbol.toPrimitive', { [Symbol.toPrimitive]: thrower }],
      ['a Symbol-keyed object', { [Symbol('k')]: 1, toString: Symbol('v') }],
      ['a Symbol', Symbol('channel')],
      ['a Proxy whose traps throw', trapsThrow],
      ['a revoked Proxy', revocable.proxy],
      ['5,000 nested arrays', nested],
    ];
    for (const [name, value] of hostile) {
      const asChannel = await h.raw(value, {});
      assert.ok(!asChannel.ok && asChannel.error.code === 'UNKNOWN_CHANNEL', `channel ${name}`);
      const asPayload = await h.raw('operator:signIn', value);
      assert.ok(!asPayload.ok, `payload ${name}`);
    }
    await h.call('station:status', {});
  });

  it('answers a channel that is an object or a deep array with UNKNOWN_CHANNEL', async () => {
    for (const channel of ['{"toString":1}', '{"valueOf":{}}', deep(30)]) {
      const ws = await open();
      const frame = `{"type":"invoke","id":1,"channel":${channel},"payload":{}}`;
      const got = await next(ws, frame, 1);
      ws.close();
      assert.ok('result' in got && !got.result.ok, channel);
      assert.equal(got.result.error.code, 'UNKNOWN_CHANNEL');
    }
    await assertAlive();
  });

  /** Sends `frame`, then a good invoke: the host must close with 1008 rather than answer it. */
  const assertRefused = async (frame: string | Buffer) => {
    const ws = await open();
    ws.send(frame);
    const got = await next(ws, '{"type":"invoke","id":1,"channel":"station:status"}', 1);
    assert.deepEqual(got, { closed: 1008 }, String(frame).slice(0, 80));
  };

  it('closes the socket with 1008 on a frame nested too deep', async () => {
    for (const frame of [
      `{"type":"invoke","id":1,"channel":${deep(5000)},"payload":{}}`,
      `{"type":"invoke","id":1,"channel":"station:status","payload":${deep(5000)}}`,
      `{"type":"invoke","id":1,"channel":"station:status","payload":{"a":${deep(33)}}}`,
      deep(5000),
    ]) {
      await assertRefused(frame);
    }
    await assertAlive();
  });

  it('closes the socket with 1008 on a frame that is not JSON or not our protocol', async () => {
    const frames: (string | Buffer)[] = [
      'hello',
      '{"type":"invoke","id":1,"channel":"station:status"',
      'null',
      '42',
      '[]',
      '{"type":"subscribe","id":1}',
      '{"type":"invoke","id":"1","channel":"station:status","payload":{}}',
      '{"type":"invoke","id":1.5,"channel":"station:status","payload":{}}',
      Buffer.from('{"type":"invoke","id":1,"channel":"station:status","payload":{}}'), // binary
      // Brackets inside strings are not nesting: this one is fine, but not an invoke.
      JSON.stringify({ type: 'note', text: '['.repeat(100) }),
    ];
    for (const frame of frames) await assertRefused(frame);
    await assertAlive();
  });

  it('still answers a frame whose strings hold brackets and quotes', async () => {
    const ws = await open();
    const query = '\\"' + '[{'.repeat(40); // escaped quote first: the string goes on after it
    const tricky = `{"type":"invoke","id":3,"channel":"sessions:search","payload":{"query":"${query}"}}`;
    const got = await next(ws, tricky, 3);
    ws.close();
    assert.ok('result' in got && !got.result.ok, JSON.stringify(got));
    // Parsed and dispatched, not closed: refused as signed out (who may call precedes the payload).
    assert.equal(got.result.error.code, 'NOT_SIGNED_IN');
  });

  /** A WebSocket upgrade request written by hand, with `extra` header lines. */
  const upgradeRequest = (extra: string) =>
    `GET ${WIRE_PATH} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\n` +
    `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
    `Sec-WebSocket-Version: 13\r\n${extra}\r\n`;

  /*
   * Protocol-level attacks need hand-built frames: a raw socket that does the upgrade itself with
   * a session cookie and our origin, then writes bytes ws must reject. ws answers each with a close
   * frame whose code is read back here.
   */
  const rawUpgrade = async (): Promise<Socket> => {
    const socket = connect(host.port, '127.0.0.1');
    socket.on('error', () => {}); // the server may drop us mid-write; that is the point
    socket.write(
      upgradeRequest(
        `Sec-WebSocket-Protocol: ${WIRE_PROTOCOL}\r\nOrigin: ${host.origin}\r\nCookie: ${cookie}\r\n`,
      ),
    );
    let buf = Buffer.alloc(0);
    await new Promise<void>((done) => {
      const onData = (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onData);
        assert.match(buf.subarray(0, end).toString(), /^HTTP\/1\.1 101 /);
        if (buf.length > end + 4) socket.unshift(buf.subarray(end + 4));
        done();
      };
      socket.on('data', onData);
    });
    return socket;
  };

  /** Calls `visit` with each whole frame the server sends (unmasked, as servers send them). */
  const onFrames = (socket: Socket, visit: (opcode: number, payload: Buffer) => void) => {
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 2) {
        const short = buf[1]! & 0x7f;
        const start = short === 126 ? 4 : short === 127 ? 10 : 2;
        if (buf.length < start) return;
        const length =
          short === 126
            ? buf.readUInt16BE(2)
            : short === 127
              ? Number(buf.readBigUInt64BE(2))
              : short;
        if (buf.length < start + length) return;
        visit(buf[0]! & 0x0f, buf.subarray(start, start + length));
        buf = buf.subarray(start + length);
      }
    });
  };

  /** The code of the close frame the server sends next (pushed events on the way are skipped). */
  const closeCode = (socket: Socket) =>
    new Promise<number>((done, fail) => {
      onFrames(socket, (opcode, payload) => {
        if (opcode !== 0x8) return;
        done(payload.readUInt16BE(0));
        socket.destroy();
      });
      socket.once('close', () => fail(new Error('closed without a close frame')));
    });

  /** A client frame as RFC 6455 lays it out; the options make it break the rules. */
  const frame = (payload: Buffer, { opcode = 0x1, rsv = 0, masked = true } = {}): Buffer => {
    const length = payload.length;
    const head = [0x80 | (rsv << 4) | opcode];
    const maskBit = masked ? 0x80 : 0;
    if (length < 126) head.push(maskBit | length);
    else if (length < 65536) head.push(maskBit | 126, length >> 8, length & 0xff);
    else {
      const len = Buffer.alloc(8);
      len.writeBigUInt64BE(BigInt(length));
      head.push(maskBit | 127, ...len);
    }
    if (!masked) return Buffer.concat([Buffer.from(head), payload]);
    const key = randomBytes(4);
    const body = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
    return Buffer.concat([Buffer.from(head), key, body]);
  };

  const status = Buffer.from('{"type":"invoke","id":1,"channel":"station:status","payload":{}}');
  const protocolCases: [string, Buffer, number][] = [
    ['invalid UTF-8 in a text frame', frame(Buffer.from([0x22, 0xff, 0xfe, 0x22])), 1007],
    ['an unmasked client frame', frame(status, { masked: false }), 1002],
    ['a reserved opcode', frame(status, { opcode: 0x3 }), 1002],
    ['a reserved control opcode', frame(Buffer.alloc(0), { opcode: 0xb }), 1002],
    ['RSV1 set (no extension agreed)', frame(status, { rsv: 0b100 }), 1002],
    ['RSV2 and RSV3 set', frame(status, { rsv: 0b011 }), 1002],
    ['a frame 1 byte over maxPayload', frame(Buffer.alloc(MAX_PAYLOAD + 1, 0x20)), 1009],
  ];
  for (const [name, bytes, code] of protocolCases) {
    it(`closes the socket with ${code} on ${name}`, async () => {
      const socket = await rawUpgrade();
      const closed = closeCode(socket);
      socket.write(bytes);
      assert.equal(await closed, code);
      await assertAlive();
    });
  }

  it('takes a frame exactly at maxPayload (the limit is not off by one)', async () => {
    const socket = await rawUpgrade();
    const text = '{"type":"invoke","id":1,"channel":"station:status","payload":{}}';
    const padded = Buffer.alloc(MAX_PAYLOAD, 0x20);
    padded.write(text);
    const answered = new Promise<ServerMessage | 'closed'>((done) =>
      onFrames(socket, (opcode, payload) => {
        if (opcode === 0x8) return done('closed');
        const msg = JSON.parse(String(payload)) as ServerMessage;
        if (msg.type === 'result') done(msg);
      }),
    );
    socket.write(frame(padded));
    const reply = await answered;
    socket.destroy();
    assert.ok(reply !== 'closed' && reply.type === 'result' && reply.result.ok);
    await assertAlive();
  });

  /*
   * A refused upgrade (no cookie) whose peer resets the connection. Reading the 403 first makes
   * the reset land on the refused socket, unless the host has let go of it already.
   */
  const refusedThenReset = async (waitFor403: boolean) => {
    const socket = connect(host.port, '127.0.0.1');
    socket.on('error', () => {});
    await new Promise((done) => socket.once('connect', done));
    const got403 = new Promise<string>((done) => socket.once('data', (d) => done(String(d))));
    socket.write(upgradeRequest(`Sec-WebSocket-Protocol: ${WIRE_PROTOCOL}\r\n`));
    if (waitFor403) assert.match(await got403, /^HTTP\/1\.1 403 /);
    socket.resetAndDestroy();
  };

  it('lives through refused upgrades whose peer resets (ECONNRESET)', async () => {
    for (let i = 0; i < 20; i++) {
      await refusedThenReset(true);
      await refusedThenReset(false);
    }
    await assertAlive();
  });
});
