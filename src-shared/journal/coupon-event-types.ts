import { z } from 'zod';

/*
 * The journal events of coupons (issue 10), spread into journalEventTypes (event-types.ts).
 * The aggregate is the coupon's code, so every attempt on one code reads in order. A coupon is
 * taken at the operator's server (single-use across stations); the station journals what the
 * server answered, in the transaction that records it.
 */

const code = z.string().min(1).max(64);

/** Why a coupon was not redeemed: the operator's answer, or no operator to ask. */
export const couponRefusalReasons = [
  'used',
  'expired',
  'unknown',
  'wrong-station',
  'offline',
] as const;

const def = <P extends z.ZodType>(payload: P) => ({
  aggregate: 'coupon' as const,
  version: 1,
  payload,
});

export const couponEventTypes = {
  /** The operator took the coupon for this station; what it gives, as the operator wrote it. */
  'coupon.redeemed': def(
    z.object({
      code,
      redemptionId: z.string().min(1).max(64),
      description: z.string().min(1).max(120),
      expiresAt: z.int().nonnegative(),
    }),
  ),
  /** An attempt refused, with its reason: counted for the managers. */
  'coupon.refused': def(z.object({ code, reason: z.enum(couponRefusalReasons) })),
};
