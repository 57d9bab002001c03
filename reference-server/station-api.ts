import type { components } from '../api/openapi-types';
import type { FieldError } from './api-doc';
import { HttpError } from './problem';
import type { JournalEvent, PushItem, Store } from './store/store';
import { couponHandlers } from './coupons-api';
import { qrPaymentHandlers } from './qr-payments-api';
import { newSecret, sameHash, secretHash } from './tokens';

type S = components['schemas'];

export interface TokenPolicy {
  accessTtlMs: number;
  refreshTtlMs: number;
}

/** What a station API handler gets: the request, already checked against the document. */
export interface V1Context {
  store: Store;
  tokens: TokenPolicy;
  autoDeliver: boolean;
  /** The server clock for this request (skew included). */
  now: number;
  /** The token's station; null only for issueToken. */
  stationId: string | null;
  /** This server as the request reached it (scheme and host), for links handed out. */
  origin: string;
  body: unknown;
  params: Record<string, unknown>;
  /** pushEvents: items that failed the schema, by index (the rest of the batch goes on). */
  itemErrors: Map<number, FieldError[]>;
  /** duplicate-delivery on a pull: how many changes before the cursor to send again. */
  repeat: number;
}

export interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Handler = (ctx: V1Context) => Promise<Answer>;

const station = (ctx: V1Context) => ctx.stationId!;

/** Cursors are opaque to clients; this one is a version tag and the last seq delivered. */
export const encodeCursor = (seq: number) => `v1.${seq}`;
function decodeCursor(cursor: unknown): number {
  if (cursor === undefined) return 0;
  const m = /^v1\.(\d{1,15})$/.exec(String(cursor));
  if (!m)
    throw new HttpError(
      400,
      'invalid-cursor',
      `"${String(cursor)}" is not a cursor from this feed.`,
    );
  return Number(m[1]);
}

async function issueToken(ctx: V1Context): Promise<Answer> {
  const grant = ctx.body as S['TokenRequest'];
  let stationId: string;
  if (grant.grantType === 'device_credentials') {
    const found = await ctx.store.getStation(grant.stationId);
    // The same answer for an unknown station and a wrong secret: no probing for station ids.
    if (!found || !sameHash(secretHash(grant.deviceSecret), found.secretHash)) {
      throw new HttpError(401, 'invalid-credentials', 'Unknown station or wrong device secret.');
    }
    stationId = found.id;
  } else {
    const used = await ctx.store.takeRefreshToken(secretHash(grant.refreshToken));
    if (!used || used.expiresAt <= ctx.now) {
      throw new HttpError(
        401,
        'invalid-grant',
        'The refresh token is unknown, used or expired: sign in again with the device credentials.',
      );
    }
    stationId = used.stationId;
  }
  const accessToken = newSecret('at');
  const refreshToken = newSecret('rt');
  await ctx.store.saveTokens(
    stationId,
    [
      {
        hash: secretHash(accessToken),
        kind: 'access',
        expiresAt: ctx.now + ctx.tokens.accessTtlMs,
      },
      {
        hash: secretHash(refreshToken),
        kind: 'refresh',
        expiresAt: ctx.now + ctx.tokens.refreshTtlMs,
      },
    ],
    ctx.now,
  );
  const body: S['TokenResponse'] = {
    tokenType: 'Bearer',
    accessToken,
    expiresInMs: ctx.tokens.accessTtlMs,
    refreshToken,
    refreshExpiresInMs: ctx.tokens.refreshTtlMs,
    stationId,
    serverTime: ctx.now,
  };
  return { status: 200, body, headers: { 'cache-control': 'no-store' } };
}

async function getStation(ctx: V1Context): Promise<Answer> {
  const [summary] = await ctx.store.listStations(station(ctx));
  if (!summary) throw new HttpError(401, 'unauthorized', 'This station is no longer registered.');
  const body: S['StationInfo'] = {
    stationId: summary.id,
    name: summary.name,
    serverTime: ctx.now,
    eventsHeld: summary.eventsHeld,
    highestSeq: summary.highestSeq,
  };
  return { status: 200, body };
}

async function pushEvents(ctx: V1Context): Promise<Answer> {
  const raw = (ctx.body as { events: unknown[] }).events;
  const items = raw.map((item, i): PushItem => {
    const errors = ctx.itemErrors.get(i);
    if (!errors) return { ok: true, event: item as JournalEvent };
    const id = (item as { id?: unknown } | null)?.id;
    const list = errors.map((e) => `${e.path.replace(`/events/${i}`, '') || 'event'} ${e.message}`);
    return {
      ok: false,
      id: typeof id === 'string' ? id : null,
      error: {
        code: 'invalid-event',
        message: `Event ${i} does not match JournalEvent: ${list.join('; ')}`,
        errors: errors.map((e) => ({ ...e, path: e.path.replace(`/events/${i}`, '') })),
      },
    };
  });
  const results = await ctx.store.pushEvents(station(ctx), items, ctx.now);
  const body: S['PushResponse'] = { results, receivedAt: ctx.now };
  return { status: 200, body };
}

async function pullChanges(ctx: V1Context): Promise<Answer> {
  const after = decodeCursor(ctx.params['cursor']);
  const limit = ctx.params['limit'] as number;
  const from = Math.max(0, after - ctx.repeat);
  const rows = await ctx.store.readChanges(station(ctx), from, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.length ? page[page.length - 1]!.seq : after;
  const body: S['ChangesPage'] = {
    changes: page.map(({ data, ...head }) =>
      head.op === 'put' ? ({ ...head, data } as S['Change']) : (head as S['Change']),
    ),
    nextCursor: encodeCursor(Math.max(last, after)),
    hasMore: rows.length > limit,
    serverTime: ctx.now,
  };
  return { status: 200, body };
}

async function requestMessage(ctx: V1Context): Promise<Answer> {
  const request = ctx.body as S['MessageRequest'];
  const outcome = await ctx.store.requestMessage(station(ctx), request, ctx.now, {
    autoDeliver: ctx.autoDeliver,
  });
  if (outcome.kind === 'conflict') {
    throw new HttpError(
      409,
      'idempotency-conflict',
      `Message ${request.id} was requested before with different content; use a new id.`,
    );
  }
  const headers: Record<string, string> =
    outcome.kind === 'replayed' ? { 'idempotent-replayed': 'true' } : {};
  return { status: 202, body: outcome.response, headers };
}

async function getMessage(ctx: V1Context): Promise<Answer> {
  const id = ctx.params['messageId'] as string;
  const found = await ctx.store.getMessage(station(ctx), id);
  if (!found) throw new HttpError(404, 'not-found', `No message ${id} from this station.`);
  return { status: 200, body: found };
}

/** One handler per operationId in api/openapi.yaml; a test checks the two lists match. */
export const v1Handlers: Record<string, Handler> = {
  issueToken,
  getStation,
  pushEvents,
  pullChanges,
  requestMessage,
  getMessage,
  ...qrPaymentHandlers,
  ...couponHandlers,
};
