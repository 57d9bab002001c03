import { request } from 'node:http';
import { WebSocket } from 'ws';
import { WIRE_PATH, WIRE_PROTOCOL } from '../../../src-shared';
import type { HeadlessHost } from '../../../src-main/host/headless-host';

/*
 * Clients for the headless host's tests, on real sockets. node:http, not fetch: fetch may not
 * set the Host header, and these tests need to send the wrong one.
 */

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** GET `path` from the host, with `headers` (Host included) as given. */
export function get(
  host: HeadlessHost,
  path: string,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The path of a sign-on link (`/signon/<nonce>`). */
export const pathOf = (url: string) => new URL(url).pathname;

/** Signs on through a fresh link, as a browser would: the `Cookie` header value it then sends. */
export async function signOn(host: HeadlessHost): Promise<string> {
  const answer = await get(host, pathOf(host.signOnUrl()));
  const setCookie = answer.headers['set-cookie']?.[0];
  if (answer.status !== 303 || !setCookie) throw new Error(`sign-on failed: ${answer.status}`);
  return setCookie.split(';')[0]!;
}

/** A bridge client as the web bridge connects: our origin, the subprotocol, `cookie`. */
export async function openBridge(
  host: HeadlessHost,
  cookie: string,
  headers: Record<string, string> = {},
): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}${WIRE_PATH}`, [WIRE_PROTOCOL], {
    origin: host.origin,
    headers: { Cookie: cookie, ...headers },
  });
  await new Promise((done, fail) => ws.once('open', done).once('error', fail));
  return ws;
}

/** The HTTP status a bridge upgrade is answered with: 101 when let in, else the refusal's. */
export function upgradeStatus(
  host: HeadlessHost,
  opts: { cookie?: string; origin?: string; headers?: Record<string, string>; path?: string },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = `ws://127.0.0.1:${host.port}${opts.path ?? WIRE_PATH}`;
    const ws = new WebSocket(url, [WIRE_PROTOCOL], {
      origin: opts.origin ?? host.origin,
      headers: { ...(opts.cookie ? { Cookie: opts.cookie } : {}), ...opts.headers },
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode!);
      res.destroy();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', reject);
  });
}
