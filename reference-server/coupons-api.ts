import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { components } from '../api/openapi-types';
import { HttpError } from './problem';
import type { Answer, V1Context } from './station-api';
import type { ServerState } from './state';
import type { CouponRecord } from './store/store';

type CouponRedemption = components['schemas']['CouponRedemption'];

const CODE = /^[A-Z0-9-]{6,32}$/;
// Crockford's base32 without look-alikes (no I, L, O, U): a code is read off paper or a screen.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 60 random bits in 12 characters, as C-XXXX-XXXX-XXXX: a coupon is not to be guessed. */
export function newCouponCode(): string {
  const bytes = randomBytes(12);
  const chars = Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
  return `C-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

function redemptionBody(c: CouponRecord): CouponRedemption {
  return {
    code: c.code,
    description: c.description,
    expiresAt: c.expiresAt,
    redeemedAt: c.redeemedAt!,
    redemptionId: c.redemptionId!,
  };
}

const WHY = {
  used: 'The coupon was redeemed already.',
  expired: 'The coupon has expired.',
  'wrong-station': 'The coupon is not good at this station.',
} as const;

async function redeemCoupon(ctx: V1Context): Promise<Answer> {
  const code = ctx.params['code'] as string;
  const { redemptionId } = ctx.body as components['schemas']['CouponRedeemRequest'];
  const outcome = await ctx.store.redeemCoupon(ctx.stationId!, code, redemptionId, ctx.now);
  if (outcome.kind === 'refused') {
    if (outcome.reason === 'unknown') {
      throw new HttpError(404, 'not-found', `No coupon ${code}.`, { reason: 'unknown' });
    }
    throw new HttpError(409, 'coupon-refused', WHY[outcome.reason], { reason: outcome.reason });
  }
  const headers: Record<string, string> =
    outcome.kind === 'replayed' ? { 'idempotent-replayed': 'true' } : {};
  return { status: 200, body: redemptionBody(outcome.coupon), headers };
}

export const couponHandlers = { redeemCoupon };

/** The operator issues a coupon (admin API): a given or fresh code, for a station or all. */
export const couponIssueBody = z.strictObject({
  code: z.string().regex(CODE).optional(),
  station: z.string().min(1).nullable().default(null),
  description: z.string().min(1).max(120),
  validForMs: z.number().int().positive(),
});

export async function issueCoupon(
  state: ServerState,
  body: z.output<typeof couponIssueBody>,
  now: number,
): Promise<CouponRecord> {
  if (body.station !== null && !(await state.store.getStation(body.station))) {
    throw new HttpError(404, 'not-found', `No station ${body.station}.`);
  }
  const code = body.code ?? newCouponCode();
  const issued = await state.store.issueCoupon(
    {
      code,
      stationId: body.station,
      description: body.description,
      expiresAt: now + body.validForMs,
    },
    now,
  );
  if (!issued) throw new HttpError(409, 'idempotency-conflict', `Coupon ${code} exists already.`);
  return (await state.store.getCoupon(code))!;
}

/** A coupon as it stands, with its refused attempts per reason (admin API). */
export async function couponStanding(state: ServerState, code: string) {
  const coupon = await state.store.getCoupon(code);
  if (!coupon) throw new HttpError(404, 'not-found', `No coupon ${code}.`);
  return { coupon, refusals: await state.store.couponRefusals(code) };
}
