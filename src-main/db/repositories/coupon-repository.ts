import type { CouponRefusalReason } from '../../../src-shared/contract/coupons';
import type { Db } from '../database';

export interface CouponRedemptionRow {
  code: string;
  redemptionId: string;
  description: string;
  expiresAt: number;
  redeemedAt: number;
  actor: string;
}

/** The station's record of coupons it redeemed and of refused attempts (migration 22). */
export class CouponRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      redeemed: db.prepare(`INSERT INTO coupon_redemptions (code, redemption_id, description,
        expires_at, redeemed_at, actor) VALUES (@code, @redemptionId, @description, @expiresAt,
        @redeemedAt, @actor)`),
      redemption: db.prepare(`SELECT code, redemption_id AS redemptionId, description,
        expires_at AS expiresAt, redeemed_at AS redeemedAt, actor FROM coupon_redemptions
        WHERE code = ?`),
      refused: db.prepare(
        'INSERT INTO coupon_refusals (code, reason, at, actor) VALUES (?, ?, ?, ?)',
      ),
      counts: db.prepare('SELECT reason, COUNT(*) AS n FROM coupon_refusals GROUP BY reason'),
    };
  }

  addRedemption(row: CouponRedemptionRow): void {
    this.stmts.redeemed.run(row);
  }

  redemption(code: string): CouponRedemptionRow | undefined {
    return this.stmts.redemption.get(code) as CouponRedemptionRow | undefined;
  }

  addRefusal(code: string, reason: CouponRefusalReason, at: number, actor: string): void {
    this.stmts.refused.run(code, reason, at, actor);
  }

  /** Refused attempts per reason, every reason present (zero when none). */
  refusalCounts(): Record<CouponRefusalReason, number> {
    const counts = { used: 0, expired: 0, unknown: 0, 'wrong-station': 0, offline: 0 };
    for (const r of this.stmts.counts.all() as { reason: CouponRefusalReason; n: number }[]) {
      counts[r.reason] = r.n;
    }
    return counts;
  }
}
