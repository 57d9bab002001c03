import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WIRE_PATH, WIRE_PROTOCOL } from '../../../src-shared';
import { createLogger } from '../../../src-main/platform/logger';
import { startHeadlessHost, type HeadlessHost } from '../../../src-main/host/headless-host';
import { startHarness, type Harness } from '../../support/station-harness';
import { get, pathOf, signOn, upgradeStatus } from './host-client';

/*
 * Who gets in to the headless host, on real sockets against a real station: only requests
 * addressed to 127.0.0.1:<port> (not a DNS-rebound name), and to the bridge only a browser on
 * our origin that signed on with a one-time link. The host's clock is stopped, so a link's
 * age is whatever a test makes it.
 */
describe('the headless host lets in only a browser signed on at 127.0.0.1', () => {
  let h: Harness;
  let host: HeadlessHost;
  let clock = Date.parse('2026-11-20T09:00:00Z');

  before(async () => {
    h = await startHarness();
    host = await startHeadlessHost({
      dispatcher: h.station.dispatcher,
      events: h.station.events,
      rendererDir: resolve('dist/renderer'),
      log: createLogger('test', true),
      now: () => clock,
    });
  });
  after(async () => {
    await host?.close();
    await h?.stop();
  });

  const otherHosts = () => [`evil.example:${host.port}`, `localhost:${host.port}`, '127.0.0.1'];

  it('answers HTTP addressed to another host (a rebound name) with 421 only', async () => {
    const cookie = await signOn(host);
    const link = pathOf(host.signOnUrl());
    for (const Host of otherHosts()) {
      for (const path of ['/', '/station-bridge.js', link]) {
        const answer = await get(host, path, { Host, Cookie: cookie });
        assert.equal(answer.status, 421, `${Host} ${path}`);
        assert.equal(answer.headers['set-cookie'], undefined);
      }
    }
    // The link was not spent by those.
    assert.equal((await get(host, link)).status, 303);
  });

  it('refuses a bridge upgrade addressed to another host with 421', async () => {
    const cookie = await signOn(host);
    assert.equal(await upgradeStatus(host, { cookie }), 101);
    for (const Host of otherHosts()) {
      assert.equal(await upgradeStatus(host, { cookie, headers: { Host } }), 421, Host);
    }
  });

  it('refuses a bridge upgrade from another origin with 403', async () => {
    const cookie = await signOn(host);
    for (const origin of [
      'http://evil.example',
      `http://localhost:${host.port}`,
      `http://127.0.0.1:${host.port + 1}`,
      `https://127.0.0.1:${host.port}`,
      'null',
    ]) {
      assert.equal(await upgradeStatus(host, { cookie, origin }), 403, origin);
    }
  });

  it('refuses a bridge upgrade without a live session cookie with 403', async () => {
    const cookie = await signOn(host);
    const [name, secret] = cookie.split('=') as [string, string];
    const cases = {
      'no cookie': undefined,
      'an unknown secret': `${name}=${'0'.repeat(secret.length)}`,
      'the secret under another name': `station_session=${secret}`,
      'the secret with a byte changed': `${name}=${secret.slice(0, -1)}${secret.endsWith('0') ? '1' : '0'}`,
    };
    for (const [what, bad] of Object.entries(cases)) {
      assert.equal(await upgradeStatus(host, { cookie: bad }), 403, what);
    }
    // Among other cookies, and beside a stale one of the same name, the live one still counts.
    const crowded = `a=1; ${name}=${'f'.repeat(secret.length)}; ${cookie}; b=2`;
    assert.equal(await upgradeStatus(host, { cookie: crowded }), 101);
  });

  it('a link works once: it becomes an HttpOnly, SameSite=Strict cookie and a redirect to /', async () => {
    const link = host.signOnUrl();
    const first = await get(host, pathOf(link));
    assert.equal(first.status, 303);
    assert.equal(first.headers.location, '/');
    const setCookie = first.headers['set-cookie'];
    assert.equal(setCookie?.length, 1);
    const [pair, ...attributes] = setCookie![0]!.split('; ');
    assert.deepEqual(attributes.sort(), ['HttpOnly', 'Path=/', 'SameSite=Strict']);
    const secret = pair!.split('=')[1]!;
    assert.match(secret, /^[0-9a-f]{64}$/);
    assert.ok(!link.includes(secret), 'the secret is not in the link');

    const replay = await get(host, pathOf(link));
    assert.equal(replay.status, 403);
    assert.equal(replay.headers['set-cookie'], undefined);
    assert.match(replay.body, /sign-on link is spent/);
    // The session it gave still works; a second window gets its own link.
    assert.equal(await upgradeStatus(host, { cookie: pair }), 101);
    assert.notEqual(host.signOnUrl(), host.signOnUrl());
  });

  it('refuses an unknown, malformed or expired nonce with 403', async () => {
    for (const path of [
      `/signon/${randomBytes(16).toString('hex')}`,
      '/signon/',
      '/signon/../index.html',
      `/signon/${'z'.repeat(5000)}`,
    ]) {
      const answer = await get(host, path);
      assert.equal(answer.status, 403, path.slice(0, 40));
      assert.equal(answer.headers['set-cookie'], undefined);
    }
    const stale = pathOf(host.signOnUrl());
    const fresh = pathOf(host.signOnUrl());
    clock += 10 * 60_000 + 1;
    assert.equal((await get(host, stale)).status, 403);
    assert.equal((await get(host, pathOf(host.signOnUrl()))).status, 303);
    assert.equal((await get(host, fresh)).status, 403);
  });

  it('serves the page only to a signed-on browser; its scripts to anyone at 127.0.0.1', async () => {
    const none = await get(host, '/');
    assert.equal(none.status, 403);
    assert.match(none.body, /Sign-on needed/);
    assert.match(none.body, /npm start -- --open/);
    const cookie = await signOn(host);
    for (const path of ['/', '/index.html']) {
      const page = await get(host, path, { Cookie: cookie });
      assert.equal(page.status, 200, path);
      assert.match(page.body, /station-bridge\.js/);
    }
    assert.equal((await get(host, '/station-bridge.js')).status, 200);
  });

  it(
    'lets go of a refused upgrade at once instead of leaving it half-open',
    { timeout: 20_000 },
    async () => {
      // allowHalfOpen: we keep our side open after the host's FIN, so only the host can end it.
      const socket = connect({ port: host.port, host: '127.0.0.1', allowHalfOpen: true });
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      const ended = new Promise((done) => socket.once('end', done));
      socket.write(
        `GET ${WIRE_PATH} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nUpgrade: websocket\r\n` +
          `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${WIRE_PROTOCOL}\r\n` +
          `Origin: ${host.origin}\r\n\r\n`,
      );
      await ended;
      assert.match(answer, /^HTTP\/1\.1 403 /);
      // A socket the host closed answers what we send next with a reset; a half-open one
      // would take it in silence, and this would wait for ever.
      const reset = new Promise<string>((done) =>
        socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? '')),
      );
      const sendUntilReset = () => {
        if (!socket.destroyed) socket.write('x', () => setImmediate(sendUntilReset));
      };
      sendUntilReset();
      assert.match(await reset, /^(ECONNRESET|EPIPE)$/);
    },
  );
});
