import type { CouponRefusalReason } from '../../src-shared/contract/coupons';

/** A coupon as the operator's server answered a redemption this station won. */
export interface RedeemedCoupon {
  code: string;
  description: string;
  expiresAt: number;
  redeemedAt: number;
}

/**
 * What the operator said to a redemption: taken for this station; refused with its reason; or
 * nothing usable (offline, a timeout, a fault), when the outcome is not known.
 */
export type CouponAnswer =
  | { kind: 'redeemed'; coupon: RedeemedCoupon }
  | { kind: 'refused'; reason: Exclude<CouponRefusalReason, 'offline'> }
  | { kind: 'no-answer'; why: string };

/**
 * The operator's coupons (adapter: src-main/sync/coupon-gateway.ts). `redemptionId` names the
 * attempt: asking again with the same one after a lost answer gets the same answer.
 */
export interface CouponGateway {
  redeem(code: string, redemptionId: string): Promise<CouponAnswer>;
}
