import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerMessage } from '../../src-shared';
import { SIGNON_PATH, WIRE_PATH, WIRE_PROTOCOL } from '../../src-shared';
import type { Logger } from '../platform/logger';
import type { Dispatcher } from '../ipc/dispatcher';
import type { EventHub } from '../ipc/event-hub';
import { hostAllowed, SignOn } from './host-auth';
import { parseClientMessage, POLICY_VIOLATION } from './host-frames';
import { answerHttp } from './host-http';
import { ConnectionLimiter, DEFAULT_LIMITS, REFUSED, type HostLimits } from './host-limits';

export { CSP } from './host-http';

export interface HeadlessHost {
  /** http://127.0.0.1:<port>, the one origin the host answers. */
  origin: string;
  port: number;
  /** A fresh one-time sign-on link: each call makes a new nonce. */
  signOnUrl(): string;
  /** @deprecated Use signOnUrl(); each read of this makes a new one-time link too. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Answers a refused upgrade and lets go of the socket once the answer is out, as ws itself
 * does: waiting for the peer to close would leave it half-open for as long as the peer likes.
 */
function refuse(socket: Duplex, status: number, reason: string): void {
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Serves the unmodified renderer to a browser on 127.0.0.1 and carries the IPC contract over a
 * WebSocket. Only a browser signed on through a one-time link, on this origin, gets in, and
 * each connection gets a bounded share of the station (host-limits.ts).
 */
export async function startHeadlessHost(opts: {
  dispatcher: Pick<Dispatcher, 'invoke' | 'forgetCaller'>;
  events: EventHub;
  rendererDir: string;
  log: Logger;
  port?: number;
  limits?: Partial<HostLimits>;
  /** The clock for sign-on links and rate limits (tests stop it). */
  now?: () => number;
}): Promise<HeadlessHost> {
  const now = opts.now ?? Date.now;
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const server: Server = createServer((req, res) => {
    void answerHttp(req, res, { port, rendererDir: opts.rendererDir, signOn }).catch(
      (err: unknown) => {
        opts.log.error('HTTP answer failed', { err: String(err) });
        res.destroy();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const signOn = new SignOn(port, now);

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1 << 20,
    handleProtocols: (protocols) => (protocols.has(WIRE_PROTOCOL) ? WIRE_PROTOCOL : false),
  });
  // Nothing in ws's noServer mode emits this today; a listener keeps any future one from killing us.
  wss.on('error', (err) => opts.log.error('bridge server failed', { err: err.message }));

  /** Why an upgrade is refused, as [status, reason], or null to let it in. */
  const refusal = (req: IncomingMessage): [number, string] | null => {
    if (!hostAllowed(req, port)) return [421, 'Misdirected Request'];
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',');
    const ok =
      req.url === WIRE_PATH &&
      req.headers.origin === origin &&
      offered.some((p) => p.trim() === WIRE_PROTOCOL) &&
      signOn.hasSession(req);
    if (!ok) return [403, 'Forbidden'];
    // Upgrades complete synchronously here, so the tracked clients are every open connection.
    if (wss.clients.size >= limits.maxConnections) return [503, 'Service Unavailable'];
    return null;
  };

  server.on('upgrade', (req, socket, head) => {
    // http took its own 'error' listener off this socket when it handed it to us; a peer that
    // resets while we refuse it (ECONNRESET) would otherwise end the process.
    socket.on('error', () => socket.destroy());
    const refused = refusal(req);
    if (refused) {
      opts.log.warn('refused a bridge connection', {
        status: refused[0],
        url: req.url,
        origin: req.headers.origin,
      });
      refuse(socket, ...refused);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  });

  let nextCaller = 0;
  const serve = (ws: WebSocket) => {
    const callerId = `ws-${++nextCaller}`;
    const limiter = new ConnectionLimiter(limits, now);
    const send = (m: ServerMessage) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(m));
    const unsubscribe = opts.events.subscribe((event, payload) =>
      send({ type: 'event', event, payload }),
    );
    const closeFor = (reason: string) => {
      opts.log.warn(`closed a bridge connection: ${reason}`, { callerId });
      ws.close(POLICY_VIOLATION, reason);
    };
    // ws reports a bad frame (invalid UTF-8, unmasked, reserved opcode or RSV bits, over
    // maxPayload) as an 'error' and closes the socket itself; unheard, it would end the process.
    ws.on('error', (err) =>
      opts.log.warn('bridge connection failed', { callerId, err: err.message }),
    );
    ws.on('message', (data, isBinary) => {
      const msg = isBinary ? null : parseClientMessage(String(data));
      if (!msg) return closeFor('Not a station.v1 frame');
      const admitted = limiter.admit();
      if (admitted === 'close') return closeFor('Too many requests');
      if (admitted !== 'ok') {
        const error = { code: 'NOT_ALLOWED' as const, message: REFUSED[admitted] };
        send({ type: 'result', id: msg.id, result: { ok: false, error } });
        return;
      }
      void opts.dispatcher
        .invoke(msg.channel, msg.payload, { callerId, trustedSender: true })
        .then((result) => send({ type: 'result', id: msg.id, result }))
        .catch((err: unknown) => {
          // The dispatcher always answers, but an unhandled rejection here would end the process.
          opts.log.error('bridge reply failed', { callerId, err: String(err) });
          ws.close(1011, 'Internal error');
        })
        .finally(() => limiter.done());
    });
    ws.on('close', () => {
      unsubscribe();
      opts.dispatcher.forgetCaller(callerId);
    });
  };

  const signOnUrl = () => `${origin}${SIGNON_PATH}${signOn.issueNonce()}`;
  return {
    origin,
    port,
    signOnUrl,
    get url() {
      return signOnUrl();
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
