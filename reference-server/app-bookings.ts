import { z } from 'zod';
import type { components } from '../api/openapi-types';
import { HttpError } from './problem';
import { normalPlate, toChange } from './reference-data';
import type { ServerState } from './state';
import type { ChangeInput } from './store/store';

type S = components['schemas'];

/**
 * The operator's demo app for bookings (admin API): a customer books a pump slot or a bay, the
 * booking and its signed e-token go into the station's feed (with the public key, if that
 * station was never sent it), and the app can say the customer is running late or cancel.
 */
export const bookingBodies = {
  create: z.strictObject({
    station: z.string().min(1),
    plate: z.string().min(2).max(16),
    resource: z.strictObject({ kind: z.enum(['pump', 'bay']), id: z.string().min(1).max(40) }),
    startsAt: z.number().int().nonnegative(),
    durationMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    contact: z.string().max(120).nullable().default(null),
    prepaidMinor: z.number().int().nonnegative().default(0),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('RON'),
    zoneId: z.string().min(1).max(64).nullable().default(null),
  }),
  late: z.strictObject({
    station: z.string().min(1),
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60),
  }),
  cancel: z.strictObject({ station: z.string().min(1) }),
};

export type NewBooking = z.output<typeof bookingBodies.create>;

const invalid = (errors: { path: string; message: string }[]) =>
  new HttpError(400, 'invalid-request', errors.map((e) => `${e.path} ${e.message}`).join('; '), {
    errors,
  });

async function append(state: ServerState, station: string, changes: ChangeInput[], now: number) {
  await state.store.appendChanges([station], changes, now);
}

function change(state: ServerState, kind: ChangeInput['kind'], data: unknown): ChangeInput {
  const made = toChange(state.doc, kind, 'put', data);
  if (Array.isArray(made)) throw invalid(made);
  return made;
}

/** The station's latest put of `kind`/`key` in its feed, if any. */
async function latest(state: ServerState, station: string, kind: string, key: string) {
  let found: unknown = null;
  for (let after = 0; ;) {
    const page = await state.store.readChanges(station, after, 1000);
    for (const c of page) {
      if (c.kind === kind && c.key === key) found = c.op === 'put' ? c.data : null;
    }
    if (page.length < 1000) return found;
    after = page.at(-1)!.seq;
  }
}

export async function createBooking(state: ServerState, body: NewBooking, now: number) {
  if (!(await state.store.getStation(body.station))) {
    throw new HttpError(404, 'not-found', `No station ${body.station}.`);
  }
  const id = `bk-${now.toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const plate = normalPlate(body.plate);
  const endsAt = body.startsAt + body.durationMinutes * 60_000;
  const { tokenId, token } = state.etokens.issue({
    bid: id,
    sid: body.station,
    res: body.resource,
    from: body.startsAt,
    to: endsAt,
    plate,
    iat: now,
  });
  const booking: S['Booking'] = {
    id,
    plate,
    zoneId: body.zoneId,
    resource: body.resource,
    startsAt: body.startsAt,
    endsAt,
    status: 'confirmed',
    prepaidMinor: body.prepaidMinor,
    currency: body.currency,
    etokenId: tokenId,
    contact: body.contact,
    lateUntil: null,
  };
  const changes: ChangeInput[] = [];
  const key = state.etokens.publicKey(now - 86_400_000);
  const sent = (await latest(state, body.station, 'etokenKey', key.kid)) as S['EtokenKey'] | null;
  if (sent?.x !== key.x) changes.push(change(state, 'etokenKey', key));
  changes.push(change(state, 'booking', booking));
  await append(state, body.station, changes, now);
  return { booking, token };
}

async function known(state: ServerState, station: string, id: string): Promise<S['Booking']> {
  const b = (await latest(state, station, 'booking', id)) as S['Booking'] | null;
  if (!b) throw new HttpError(404, 'not-found', `No booking ${id} for station ${station}.`);
  return b;
}

/** The customer told the app they are running late: check-in stays open `minutes` past the start. */
export async function runningLate(
  state: ServerState,
  id: string,
  body: z.output<typeof bookingBodies.late>,
  now: number,
) {
  const b = await known(state, body.station, id);
  const booking: S['Booking'] = { ...b, lateUntil: b.startsAt + body.minutes * 60_000 };
  await append(state, body.station, [change(state, 'booking', booking)], now);
  return { booking };
}

export async function cancelBooking(
  state: ServerState,
  id: string,
  body: z.output<typeof bookingBodies.cancel>,
  now: number,
) {
  const b = await known(state, body.station, id);
  const booking: S['Booking'] = { ...b, status: 'cancelled' };
  await append(state, body.station, [change(state, 'booking', booking)], now);
  return { booking };
}
