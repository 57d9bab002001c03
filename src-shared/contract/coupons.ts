import { z } from 'zod';
import { couponRefusalReasons } from '../journal/coupon-event-types';
import { manager } from './charts';
import { empty } from './fields';

/*
 * The coupons part of the contract (issue 10), spread into channels.ts so each channel is
 * declared once. A coupon is checked and taken at the operator's server: single-use across
 * stations, so it cannot be redeemed offline.
 */

export type CouponRefusalReason = (typeof couponRefusalReasons)[number];

/** A coupon this station redeemed: what it gives, as the operator wrote it. */
export const couponRedemptionView = z.object({
  code: z.string(),
  description: z.string(),
  redeemedAt: z.int(),
  expiresAt: z.int(),
});
export type CouponRedemptionView = z.output<typeof couponRedemptionView>;

/** Refused attempts at this station, per reason. */
const count = z.int().nonnegative();
export const couponRefusalCounts = z.object({
  used: count,
  expired: count,
  unknown: count,
  'wrong-station': count,
  offline: count,
} satisfies Record<CouponRefusalReason, typeof count>);

/** A code as printed (scanned or typed): upper-cased, surrounding space dropped. */
export const couponCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9-]{6,32}$/, 'A coupon code is 6 to 32 letters, digits and dashes.');

// channels.ts's ChannelDef, written out: importing it here would make an import cycle.
const cashier = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({
  request,
  response,
  access: 'cashier' as const,
});

export const couponChannels = {
  /** Redeems a coupon at the operator's server (refused offline, used, expired, unknown...). */
  'coupons:redeem': cashier(z.object({ code: couponCode }).strict(), couponRedemptionView),
  /** How many attempts were refused here, per reason. */
  'coupons:refusals': manager(empty, couponRefusalCounts),
};
