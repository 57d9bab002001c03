import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdmin } from './admin';
import { handleCustomerApp } from './app-qr';
import { ApiDoc, toFieldErrors, type FieldError, type Operation } from './api-doc';
import { Clock } from './clock';
import { demoEtokenSigner, type EtokenSigner } from './etokens';
import { Faults, parseFaultHeader, type Fault, type FaultPlan } from './faults';
import { readJson, send } from './http-util';
import { HttpError, problemBody } from './problem';
import { v1Handlers, type Answer, type TokenPolicy, type V1Context } from './station-api';
import type { ServerState } from './state';
import type { Store } from './store/store';
import { secretHash } from './tokens';

export interface ServerOptions {
  store: Store;
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Bearer token of the admin API and the operator page; random when absent. */
  adminToken?: string;
  tokens?: Partial<TokenPolicy>;
  /** Honour a per-request `X-Fault` header (tests and the demo; never in production). */
  faultHeader?: boolean;
  faults?: FaultPlan;
  /** Simulate the SMS gateway delivering each deliverable message at once. */
  autoDeliver?: boolean;
  log?: (line: string) => void;
  /** Signs bookings' e-tokens; the demo operator's key by default. */
  etokens?: EtokenSigner;
}

export interface ReferenceServer {
  url: string;
  adminToken: string;
  store: Store;
  clock: Clock;
  faults: Faults;
  doc: ApiDoc;
  close(): Promise<void>;
}

const DEFAULT_TOKENS: TokenPolicy = { accessTtlMs: 15 * 60_000, refreshTtlMs: 30 * 86_400_000 };
const POST_COMMIT = new Set(['drop-after-commit', 'timeout-after-commit']);

function problem(err: HttpError): Answer {
  return {
    status: err.status,
    body: problemBody(err.status, err.code, err.detail, err.extra),
    headers: err.headers,
  };
}

export async function startReferenceServer(options: ServerOptions): Promise<ReferenceServer> {
  const state: ServerState = {
    opts: {
      adminToken: options.adminToken ?? randomBytes(18).toString('base64url'),
      faultHeader: options.faultHeader ?? false,
      autoDeliver: options.autoDeliver ?? true,
      log: options.log ?? (() => undefined),
      tokens: { ...DEFAULT_TOKENS, ...options.tokens },
    },
    store: options.store,
    clock: new Clock(),
    faults: new Faults(options.faults),
    doc: new ApiDoc(),
    etokens: options.etokens ?? demoEtokenSigner(),
  };
  // Sockets held open by timeout-after-commit: closed when the client gives up or at close().
  const hanging = new Set<Socket>();

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const work = url.pathname.startsWith('/v1/')
      ? stationApi(state, req, res, url, hanging)
      : url.pathname.startsWith('/app/')
        ? handleCustomerApp(state, req, res, url)
        : handleAdmin(state, req, res, url);
    work.catch((err: unknown) => {
      state.opts.log(`reference-server: ${(err as Error).stack ?? String(err)}`);
      if (!res.headersSent) {
        send(
          res,
          500,
          problemBody(500, 'internal', 'The server failed.'),
          {},
          'application/problem+json',
        );
      } else res.destroy();
    });
  });
  // A client that drops or resets its connection must never take the server down.
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as { address: string; port: number };
  return {
    url: `http://${address.address}:${address.port}`,
    adminToken: state.opts.adminToken,
    store: state.store,
    clock: state.clock,
    faults: state.faults,
    doc: state.doc,
    async close() {
      for (const socket of hanging) socket.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await state.store.close();
    },
  };
}

/** Which fault, if any, this request meets: its X-Fault header, or the run's plan. */
function chooseFault(state: ServerState, req: IncomingMessage, op: Operation): Fault | null {
  const header = req.headers['x-fault'];
  if (state.opts.faultHeader && typeof header === 'string') {
    const parsed = parseFaultHeader(header);
    if (typeof parsed === 'string') throw new HttpError(400, 'invalid-request', parsed);
    return parsed;
  }
  return state.faults.pick(op.operationId);
}

async function stationApi(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  hanging: Set<Socket>,
): Promise<void> {
  const matched = state.doc.match(req.method ?? 'GET', url.pathname);
  if (!matched || 'allow' in matched) {
    req.resume();
    const err = matched
      ? new HttpError(
          405,
          'method-not-allowed',
          `${req.method} is not allowed here.`,
          {},
          {
            allow: matched.allow.join(', '),
          },
        )
      : new HttpError(404, 'not-found', `No operation at ${url.pathname}.`);
    return reply(res, problem(err));
  }
  const { op, pathParams } = matched;

  let fault: Fault | null;
  try {
    fault = chooseFault(state, req, op);
  } catch (err) {
    req.resume();
    return reply(res, problem(err as HttpError));
  }
  // Token requests are exempt from duplicate delivery: replaying a refresh would spend it.
  if (fault?.kind === 'duplicate-delivery' && op.operationId === 'issueToken') fault = null;
  if (fault) state.faults.record(fault.kind);
  const injected: Record<string, string> = fault ? { 'x-fault-injected': fault.kind } : {};

  if (fault?.kind === 'drop') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'error-500' || fault?.kind === 'error-429') {
    req.resume();
    const seconds = Math.max(0, fault.param ?? 1);
    const err =
      fault.kind === 'error-500'
        ? new HttpError(500, 'internal', 'Injected fault: the server failed before handling this.')
        : new HttpError(
            429,
            'rate-limited',
            `Slow down: retry in ${seconds} s.`,
            {
              retryAfterMs: seconds * 1000,
            },
            { 'retry-after': String(seconds) },
          );
    return reply(res, checked(state, op, problem(err)), injected);
  }
  if (fault?.kind === 'delay') await sleep(Math.max(0, fault.param ?? 250));
  const skew = fault?.kind === 'clock-skew' ? (fault.param ?? 0) : 0;
  // The Date header tells the server's (perhaps skewed) time too, as a real server's would.
  res.setHeader('date', new Date(state.clock.now(skew)).toUTCString());

  let answer: Answer;
  try {
    const ctx = await prepare(state, req, op, url, pathParams, state.clock.now(), skew);
    if (fault?.kind === 'duplicate-delivery' && op.operationId === 'pullChanges') {
      ctx.repeat = Math.max(0, fault.param ?? 3);
    }
    answer = await v1Handlers[op.operationId]!(ctx);
    if (fault?.kind === 'duplicate-delivery' && op.operationId !== 'pullChanges') {
      answer = await v1Handlers[op.operationId]!(ctx);
    }
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    answer = problem(err);
  }
  answer = checked(state, op, answer);

  if (fault && POST_COMMIT.has(fault.kind)) {
    // The write is committed; the answer is never sent.
    if (fault.kind === 'drop-after-commit') req.socket.destroy();
    else {
      hanging.add(req.socket);
      req.socket.once('close', () => hanging.delete(req.socket));
    }
    return;
  }
  reply(res, answer, injected);
}

/** Authenticates and parses a request against its operation in the document. */
async function prepare(
  state: ServerState,
  req: IncomingMessage,
  op: Operation,
  url: URL,
  pathParams: Record<string, string>,
  now: number,
  skewMs: number,
): Promise<V1Context> {
  let stationId: string | null = null;
  if (op.secured) {
    const auth = req.headers.authorization ?? '';
    const token = /^Bearer (\S+)$/i.exec(auth)?.[1];
    const grant = token ? await state.store.findToken(secretHash(token), 'access') : undefined;
    if (!grant) {
      throw new HttpError(
        401,
        'unauthorized',
        'Send a valid access token (Authorization: Bearer).',
        {},
        { 'www-authenticate': token ? 'Bearer error="invalid_token"' : 'Bearer' },
      );
    }
    if (grant.expiresAt <= now) {
      throw new HttpError(
        401,
        'token-expired',
        'The access token has expired: refresh it.',
        {},
        {
          'www-authenticate': 'Bearer error="invalid_token", error_description="expired"',
        },
      );
    }
    stationId = grant.stationId;
  }
  const { values, errors } = state.doc.readParams(op, url.searchParams, pathParams);
  if (errors.length) throw invalid(errors);

  let body: unknown;
  const itemErrors = new Map<number, FieldError[]>();
  if (op.body) {
    body = await readJson(req);
    if (!op.body(body)) {
      const found = toFieldErrors(op.body.errors);
      // A push is judged per event: an item's errors reject that item, not the batch.
      const perItem = op.operationId === 'pushEvents' ? byItem(found) : null;
      if (!perItem) throw invalid(found);
      for (const [i, list] of perItem) itemErrors.set(i, list);
    }
  } else req.resume(); // no body in the document: whatever came is dropped unread

  return {
    store: state.store,
    tokens: state.opts.tokens,
    autoDeliver: state.opts.autoDeliver,
    // A per-request skew shows in the times this answer reports and records, not in the
    // server's own token bookkeeping (which a clock that jumps for one request would break).
    now: now + skewMs,
    stationId,
    // Where the customer's phone reaches this server: the QR payment links are built on it.
    origin: `http://${req.headers.host ?? '127.0.0.1'}`,
    body,
    params: values,
    itemErrors,
    repeat: 0,
  };
}

const invalid = (errors: FieldError[]) =>
  new HttpError(
    400,
    'invalid-request',
    errors.map((e) => `${e.path || 'body'} ${e.message}`).join('; '),
    { errors },
  );

/** Groups errors under /events/<i>; null if any error is about the envelope itself. */
function byItem(errors: FieldError[]): Map<number, FieldError[]> | null {
  const out = new Map<number, FieldError[]>();
  for (const e of errors) {
    const m = /^\/events\/(\d+)(\/|$)/.exec(e.path);
    if (!m) return null;
    const i = Number(m[1]);
    out.set(i, [...(out.get(i) ?? []), e]);
  }
  return out;
}

/** The server's own answer must match the document; if it does not, that is a 500. */
function checked(state: ServerState, op: Operation, answer: Answer): Answer {
  const problemish = answer.status >= 400;
  const type = problemish ? 'application/problem+json' : 'application/json';
  const errors = state.doc.checkResponse(op, answer.status, type, answer.body);
  if (errors.length === 0) return answer;
  state.opts.log(
    `reference-server: ${op.operationId} answer ${answer.status} breaks the API: ${JSON.stringify(errors)}`,
  );
  return problem(new HttpError(500, 'internal', 'The server built an answer outside the API.'));
}

function reply(res: ServerResponse, answer: Answer, extra: Record<string, string> = {}) {
  const type = answer.status >= 400 ? 'application/problem+json' : 'application/json';
  send(res, answer.status, answer.body, { ...answer.headers, ...extra }, type);
}
