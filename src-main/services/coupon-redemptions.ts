import { refused } from '../../src-shared';
import type { CouponRedemptionView, CouponRefusalReason } from '../../src-shared/contract/coupons';
import type { CouponRepository } from '../db/repositories/coupon-repository';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Connectivity } from '../sync/sync-service';
import type { CouponGateway } from './coupon-gateway';
import { newId } from './ids';
import type { Transact } from './ports';

export interface CouponRedemptionsDeps {
  /** Null for a booth with no operator's server: every coupon is then refused as offline. */
  gateway: CouponGateway | null;
  coupons: CouponRepository;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  /** Whether the operator's server answers: a coupon is single-use across stations. */
  connectivity: Pick<Connectivity, 'offline'>;
}

const REFUSAL_TEXT = {
  used: 'refusal.couponUsed',
  expired: 'refusal.couponExpired',
  unknown: 'refusal.couponUnknown',
  'wrong-station': 'refusal.couponWrongStation',
  offline: 'refusal.couponOffline',
} as const;

/**
 * The cashier redeems a coupon (issue 10). Only the operator's server can say a coupon is
 * unused, so it is asked every time and offline is a refusal. What it answered is recorded with
 * its journal event in one transaction: `coupon.redeemed`, or `coupon.refused` with the reason
 * (counted per reason for the managers). A coupon gives what its description says; it does not
 * change any payment.
 */
export class CouponRedemptions {
  /**
   * Attempts whose answer never came, by code. The server may have taken the coupon for us, so
   * the next try of that code asks again under the same redemption id: the server replays its
   * answer instead of refusing our own win as used.
   */
  private readonly unanswered = new Map<string, string>();

  constructor(private readonly d: CouponRedemptionsDeps) {}

  async redeem(code: string, actor: string): Promise<CouponRedemptionView> {
    const gateway = this.d.gateway;
    if (!gateway || this.d.connectivity.offline()) throw this.refuse(code, 'offline', actor);
    const redemptionId = this.unanswered.get(code) ?? newId('K', this.d.clock());
    this.unanswered.set(code, redemptionId);
    const answer = await gateway.redeem(code, redemptionId);
    if (answer.kind === 'no-answer') {
      throw refused('CONFLICT', 'refusal.couponNoAnswer', { why: answer.why.slice(0, 200) });
    }
    if (this.unanswered.get(code) === redemptionId) this.unanswered.delete(code);
    if (answer.kind === 'refused') throw this.refuse(code, answer.reason, actor);
    const coupon = answer.coupon;
    // A replay of our own win (two tries of one code at this booth) is taken once only; nothing
    // is awaited from this check to the write, so no other try can come between.
    if (this.d.coupons.redemption(code)) throw this.refuse(code, 'used', actor);
    return this.d.transact(() => {
      const at = this.d.clock();
      this.d.coupons.addRedemption({
        code,
        redemptionId,
        description: coupon.description,
        expiresAt: coupon.expiresAt,
        redeemedAt: coupon.redeemedAt,
        actor,
      });
      this.d.journal.append(
        {
          type: 'coupon.redeemed',
          aggregateId: code,
          actor,
          payload: {
            code,
            redemptionId,
            description: coupon.description,
            expiresAt: coupon.expiresAt,
          },
        },
        at,
      );
      return {
        code,
        description: coupon.description,
        redeemedAt: coupon.redeemedAt,
        expiresAt: coupon.expiresAt,
      };
    });
  }

  /** Refused attempts here, per reason. */
  refusals(): Record<CouponRefusalReason, number> {
    return this.d.coupons.refusalCounts();
  }

  /** Records and journals a refused attempt; the refusal for the cashier, to throw. */
  private refuse(code: string, reason: CouponRefusalReason, actor: string) {
    this.d.transact(() => {
      const at = this.d.clock();
      this.d.coupons.addRefusal(code, reason, at, actor);
      this.d.journal.append(
        { type: 'coupon.refused', aggregateId: code, actor, payload: { code, reason } },
        at,
      );
    });
    return reason === 'offline'
      ? refused('CONFLICT', REFUSAL_TEXT.offline)
      : refused('CONFLICT', REFUSAL_TEXT[reason], { code });
  }
}
