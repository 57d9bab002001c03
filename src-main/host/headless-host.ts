import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ClientMessage, ServerMessage } from '../../src-shared';
import { TOKEN_PROTOCOL_PREFIX, WIRE_PATH, WIRE_PROTOCOL } from '../../src-shared';
import type { Logger } from '../platform/logger';
import type { Dispatcher } from '../ipc/dispatcher';
import type { EventHub } from '../ipc/event-hub';
import { readStatic } from './static-files';

/** Same policy as the renderer's meta tag, also sent as a header. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
  "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'none'";

export interface HeadlessHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

function sameToken(offered: string, token: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Deepest array/object nesting a client frame may have. Ours need a few levels; a frame of
 * thousands parses fine but overflows the stack of whatever walks it next (String(), zod, a log).
 */
const MAX_FRAME_DEPTH = 32;

/** Whether JSON text nests arrays/objects deeper than `max`, found by a scan that never recurses. */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      // An escaped character may be a quote: skip it.
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    if (depth > max) return true;
  }
  return false;
}

/** A client frame as wire.ts defines it, or null for anything else (the socket is then closed). */
function parseClientMessage(text: string): ClientMessage | null {
  if (nestsDeeperThan(text, MAX_FRAME_DEPTH)) return null;
  let msg: Partial<ClientMessage> | null;
  try {
    msg = JSON.parse(text) as Partial<ClientMessage> | null;
  } catch {
    return null;
  }
  // Channel and payload are the dispatcher's to check; it answers them with an envelope.
  if (msg?.type !== 'invoke' || !Number.isSafeInteger(msg.id)) return null;
  return msg as ClientMessage;
}

/** Close code for a frame that is not our protocol (RFC 6455: policy violation). */
const POLICY_VIOLATION = 1008;

/**
 * Serves the unmodified renderer to a browser on 127.0.0.1 and carries the IPC contract over a
 * WebSocket. Only a client that knows this run's token and comes from this origin gets in.
 */
export async function startHeadlessHost(opts: {
  dispatcher: Dispatcher;
  events: EventHub;
  rendererDir: string;
  log: Logger;
  port?: number;
}): Promise<HeadlessHost> {
  const token = randomBytes(24).toString('hex');
  let origin = '';
  const server: Server = createServer((req, res) => {
    void readStatic(opts.rendererDir, req.url ?? '/').then((file) => {
      if (req.method !== 'GET' || !file) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': file.type,
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      });
      res.end(file.body);
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1 << 20,
    handleProtocols: (protocols) => (protocols.has(WIRE_PROTOCOL) ? WIRE_PROTOCOL : false),
  });
  // Nothing in ws's noServer mode emits this today; a listener keeps any future one from killing us.
  wss.on('error', (err) => opts.log.error('bridge server failed', { err: err.message }));
  server.on('upgrade', (req, socket, head) => {
    // http took its own 'error' listener off this socket when it handed it to us; a peer that
    // resets while we refuse it (ECONNRESET) would otherwise end the process.
    socket.on('error', () => socket.destroy());
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const tokenOffer = offered.find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX)) ?? '';
    const ok =
      req.url === WIRE_PATH &&
      req.headers.origin === origin &&
      offered.includes(WIRE_PROTOCOL) &&
      sameToken(tokenOffer.slice(TOKEN_PROTOCOL_PREFIX.length), token);
    if (!ok) {
      opts.log.warn('refused a bridge connection', { url: req.url, origin: req.headers.origin });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  });

  let nextCaller = 0;
  const serve = (ws: WebSocket) => {
    const callerId = `ws-${++nextCaller}`;
    const send = (m: ServerMessage) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(m));
    const unsubscribe = opts.events.subscribe((event, payload) =>
      send({ type: 'event', event, payload }),
    );
    // ws reports a bad frame (invalid UTF-8, unmasked, reserved opcode or RSV bits, over
    // maxPayload) as an 'error' and closes the socket itself; unheard, it would end the process.
    ws.on('error', (err) =>
      opts.log.warn('bridge connection failed', { callerId, err: err.message }),
    );
    ws.on('message', (data, isBinary) => {
      const msg = isBinary ? null : parseClientMessage(String(data));
      if (!msg) {
        opts.log.warn('closed a bridge connection: not a station.v1 frame', { callerId });
        ws.close(POLICY_VIOLATION, 'Not a station.v1 frame');
        return;
      }
      void opts.dispatcher
        .invoke(msg.channel, msg.payload, { callerId, trustedSender: true })
        .then((result) => send({ type: 'result', id: msg.id, result }))
        .catch((err: unknown) => {
          // The dispatcher always answers, but an unhandled rejection here would end the process.
          opts.log.error('bridge reply failed', { callerId, err: String(err) });
          ws.close(1011, 'Internal error');
        });
    });
    ws.on('close', () => {
      unsubscribe();
      opts.dispatcher.forgetCaller(callerId);
    });
  };

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    port,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
