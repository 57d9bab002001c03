import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { FieldError } from './api-doc';
import { bookingBodies, cancelBooking, createBooking, runningLate } from './app-bookings';
import { couponIssueBody, couponStanding, issueCoupon } from './coupons-api';
import { faultPlanSchema } from './faults';
import { readBody, readJson, send } from './http-util';
import { bookedPage } from './operator-bookings';
import { operatorPage, readForm } from './operator-page';
import { HttpError, problemBody } from './problem';
import { appPayment, CHANGE_KINDS, toChange } from './reference-data';
import type { ServerState } from './state';
import type { ChangeInput } from './store/store';
import { secretHash } from './tokens';

/**
 * The operator's side, for tests and the demo: register stations, seed reference data, take
 * a payment "in the app", read what stations pushed, steer faults and the clock. Not part of
 * api/openapi.yaml (no station speaks it); guarded by the admin token.
 */
const stations = z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]).default('all');
const kind = z.enum(CHANGE_KINDS as [string, ...string[]]);
const bodies = {
  station: z.strictObject({ name: z.string().min(1).max(120), deviceSecret: z.string().min(16) }),
  changes: z.strictObject({
    stations,
    changes: z
      .array(
        z.union([
          z.strictObject({ kind, op: z.literal('put'), data: z.unknown() }),
          z.strictObject({ kind, op: z.literal('delete'), key: z.string() }),
        ]),
      )
      .min(1),
  }),
  appPayment: z.strictObject({
    stations,
    plate: z.string().min(2).max(16),
    purpose: z.enum(['parking', 'fuel']).default('parking'),
    amountMinor: z.number().int().nonnegative(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    validForMs: z
      .number()
      .int()
      .positive()
      .default(15 * 60_000),
  }),
  messageStatus: z.strictObject({
    status: z.enum(['queued', 'sent', 'delivered', 'failed']),
    detail: z.string().max(300).nullable().default(null),
  }),
  clock: z.strictObject({ offsetMs: z.number().int() }),
};

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors = r.error.issues.map((i) => ({ path: `/${i.path.join('/')}`, message: i.message }));
  throw invalid(errors);
}

const invalid = (errors: FieldError[]) =>
  new HttpError(400, 'invalid-request', errors.map((e) => `${e.path} ${e.message}`).join('; '), {
    errors,
  });

function authorised(state: ServerState, req: IncomingMessage, url: URL): boolean {
  const given =
    /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? url.searchParams.get('key');
  if (!given) return false;
  const a = Buffer.from(secretHash(given), 'hex');
  return timingSafeEqual(a, Buffer.from(secretHash(state.opts.adminToken), 'hex'));
}

export async function handleAdmin(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  try {
    if (!authorised(state, req, url)) {
      req.resume();
      throw new HttpError(401, 'unauthorized', 'The admin API needs the admin token.');
    }
    const route = `${req.method} ${url.pathname}`;
    const answer = await dispatch(state, req, url, route);
    if (answer === undefined) throw new HttpError(404, 'not-found', `No admin route ${route}.`);
    if (answer instanceof Redirect) {
      res.writeHead(303, { location: answer.location }).end();
    } else if (typeof answer === 'string') {
      send(res, 200, answer, { 'cache-control': 'no-store' }, 'text/html');
    } else send(res, 200, answer);
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const body = problemBody(err.status, err.code, err.detail, err.extra);
    send(res, err.status, body, err.headers, 'application/problem+json');
  }
}

class Redirect {
  constructor(readonly location: string) {}
}

async function dispatch(
  state: ServerState,
  req: IncomingMessage,
  url: URL,
  route: string,
): Promise<unknown> {
  const { store, clock, faults, doc } = state;
  const now = clock.now();
  const q = url.searchParams;
  let m: RegExpExecArray | null;

  if (route === 'GET /operator') {
    await readBody(req);
    return operatorPage(state, q.get('key') ?? '', q.get('paid'));
  }
  if (route === 'POST /operator/pay') {
    const form = await readForm(req);
    const plate = form.get('plate') ?? '';
    const body = parse(bodies.appPayment, {
      stations: form.get('station') ? [form.get('station')] : 'all',
      plate,
      purpose: form.get('purpose') || 'parking',
      amountMinor: Math.round(Number(form.get('amount') ?? 'NaN') * 100),
      currency: form.get('currency') ?? '',
    });
    const payment = await takeAppPayment(state, body, now);
    const key = encodeURIComponent(q.get('key') ?? '');
    return new Redirect(`/operator?key=${key}&paid=${encodeURIComponent(payment.plate)}`);
  }
  if (route === 'POST /operator/book') {
    const form = await readForm(req);
    const [kind, id] = (form.get('resource') ?? '').split(':');
    const body = parse(bookingBodies.create, {
      station: form.get('station') ?? '',
      plate: form.get('plate') ?? '',
      resource: { kind, id },
      startsAt: now + Math.round(Number(form.get('startsIn') ?? 'NaN') * 60_000),
      durationMinutes: Number(form.get('duration') ?? 'NaN'),
      contact: form.get('contact') || null,
    });
    const { booking, token } = await createBooking(state, body, now);
    return bookedPage(q.get('key') ?? '', booking, token);
  }
  if (route === 'GET /admin/stations') {
    await readBody(req);
    return { stations: await store.listStations() };
  }
  if ((m = /^PUT \/admin\/stations\/([^/]+)$/.exec(route))) {
    const id = decodeURIComponent(m[1]!);
    const body = parse(bodies.station, await readJson(req));
    await store.putStation({ id, name: body.name, secretHash: secretHash(body.deviceSecret) }, now);
    return { id, name: body.name };
  }
  if (route === 'POST /admin/changes') {
    const body = parse(bodies.changes, await readJson(req));
    const changes: ChangeInput[] = [];
    for (const [i, c] of body.changes.entries()) {
      const made = toChange(doc, c.kind as ChangeInput['kind'], c.op, 'data' in c ? c.data : c.key);
      if (Array.isArray(made)) {
        throw invalid(made.map((e) => ({ ...e, path: `/changes/${i}/data${e.path}` })));
      }
      changes.push(made);
    }
    await requireStations(state, body.stations);
    await store.appendChanges(body.stations, changes, now);
    return { appended: changes.length };
  }
  if (route === 'POST /admin/bookings') {
    return createBooking(state, parse(bookingBodies.create, await readJson(req)), now);
  }
  if ((m = /^POST \/admin\/bookings\/([^/]+)\/late$/.exec(route))) {
    const body = parse(bookingBodies.late, await readJson(req));
    return runningLate(state, decodeURIComponent(m[1]!), body, now);
  }
  if ((m = /^POST \/admin\/bookings\/([^/]+)\/cancel$/.exec(route))) {
    const body = parse(bookingBodies.cancel, await readJson(req));
    return cancelBooking(state, decodeURIComponent(m[1]!), body, now);
  }
  if (route === 'POST /admin/coupons') {
    return issueCoupon(state, parse(couponIssueBody, await readJson(req)), now);
  }
  if ((m = /^GET \/admin\/coupons\/([^/]+)$/.exec(route))) {
    await readBody(req);
    return couponStanding(state, decodeURIComponent(m[1]!));
  }
  if (route === 'GET /admin/coupon-refusals') {
    await readBody(req);
    return { refusals: await store.couponRefusals() };
  }
  if (route === 'POST /admin/app-payments') {
    return takeAppPayment(state, parse(bodies.appPayment, await readJson(req)), now);
  }
  if (route === 'GET /admin/events') {
    await readBody(req);
    const stationId = q.get('stationId') ?? undefined;
    const after = Number(q.get('after') ?? 0);
    const limit = Math.min(Number(q.get('limit') ?? 1000), 10_000);
    return { events: await store.listEvents(stationId, after, limit) };
  }
  if ((m = /^POST \/admin\/messages\/([^/]+)\/([^/]+)\/status$/.exec(route))) {
    const body = parse(bodies.messageStatus, await readJson(req));
    const [stationId, id] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)];
    const updated = await store.setMessageStatus(stationId, id, body.status, body.detail, now);
    if (!updated) throw new HttpError(404, 'not-found', `No message ${id} from ${stationId}.`);
    return updated;
  }
  if (route === 'GET /admin/faults') {
    await readBody(req);
    return { rules: faults.plan, injected: faults.injected };
  }
  if (route === 'PUT /admin/faults') {
    faults.set(parse(faultPlanSchema, await readJson(req)));
    return { rules: faults.plan, injected: faults.injected };
  }
  if (route === 'DELETE /admin/faults') {
    await readBody(req);
    faults.set({ rules: [] });
    return { rules: [], injected: faults.injected };
  }
  if (route === 'GET /admin/clock') {
    await readBody(req);
    return { offsetMs: clock.offsetMs, now };
  }
  if (route === 'PUT /admin/clock') {
    clock.offsetMs = parse(bodies.clock, await readJson(req)).offsetMs;
    return { offsetMs: clock.offsetMs, now: clock.now() };
  }
  return undefined;
}

async function requireStations(state: ServerState, target: string[] | 'all') {
  if (target === 'all') return;
  for (const id of target) {
    if (!(await state.store.getStation(id)))
      throw new HttpError(404, 'not-found', `No station ${id}.`);
  }
}

async function takeAppPayment(
  state: ServerState,
  body: z.output<typeof bodies.appPayment>,
  now: number,
) {
  await requireStations(state, body.stations);
  const payment = appPayment({ ...body, now });
  const change = toChange(state.doc, 'appPayment', 'put', payment);
  if (Array.isArray(change)) throw invalid(change);
  await state.store.appendChanges(body.stations, [change], now);
  return payment;
}
