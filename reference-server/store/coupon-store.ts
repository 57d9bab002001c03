import { one, type SqlQuery } from './sql';
import type { CouponIssue, CouponRecord, CouponRedeemOutcome, CouponRefusalReason } from './store';

interface CouponRow {
  code: string;
  station_id: string | null;
  description: string;
  created_at: number;
  expires_at: number;
  redeemed_at: number | null;
  redeemed_by: string | null;
  redemption_id: string | null;
}

const COLUMNS = `code, station_id, description, created_at, expires_at, redeemed_at, redeemed_by,
  redemption_id`;

const toRecord = (r: CouponRow): CouponRecord => ({
  code: r.code,
  stationId: r.station_id,
  description: r.description,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  redeemedAt: r.redeemed_at,
  redeemedBy: r.redeemed_by,
  redemptionId: r.redemption_id,
});

const read = (q: SqlQuery, code: string) =>
  one<CouponRow>(q, `SELECT ${COLUMNS} FROM coupons WHERE code = $1`, [code]);

/** Issues a coupon; false when the code exists already (codes are unique). */
export async function issueCoupon(q: SqlQuery, c: CouponIssue, now: number): Promise<boolean> {
  const added = await q.run(
    `INSERT INTO coupons (code, station_id, description, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO NOTHING`,
    [c.code, c.stationId, c.description, now, c.expiresAt],
  );
  return added === 1;
}

export async function getCoupon(q: SqlQuery, code: string): Promise<CouponRecord | undefined> {
  const row = await read(q, code);
  return row && toRecord(row);
}

/**
 * A station redeems a coupon. The single-use rule is the one conditional UPDATE: of stations
 * racing, the database lets exactly one change the row (PostgreSQL re-checks the WHERE after
 * waiting on the winner's row lock; SQLite writes one at a time). Only then is the row read to
 * name why the others lost, and each refusal is recorded in the same transaction.
 */
export async function redeemCoupon(
  q: SqlQuery,
  stationId: string,
  code: string,
  redemptionId: string,
  now: number,
): Promise<CouponRedeemOutcome> {
  const taken = await q.run(
    `UPDATE coupons SET redeemed_at = $3, redeemed_by = $2, redemption_id = $4
     WHERE code = $1 AND redeemed_at IS NULL AND expires_at > $3
       AND (station_id IS NULL OR station_id = $2)`,
    [code, stationId, now, redemptionId],
  );
  const row = await read(q, code);
  if (taken === 1) return { kind: 'redeemed', coupon: toRecord(row!) };
  if (row && row.redeemed_by === stationId && row.redemption_id === redemptionId) {
    return { kind: 'replayed', coupon: toRecord(row) };
  }
  const reason: CouponRefusalReason = !row
    ? 'unknown'
    : row.station_id !== null && row.station_id !== stationId
      ? 'wrong-station'
      : row.redeemed_at !== null
        ? 'used'
        : 'expired';
  await q.run(
    'INSERT INTO coupon_refusals (station_id, code, reason, at) VALUES ($1, $2, $3, $4)',
    [stationId, code, reason, now],
  );
  return { kind: 'refused', reason };
}

/** Refused attempts per reason, for one code or all. */
export async function couponRefusals(
  q: SqlQuery,
  code: string | undefined,
): Promise<Record<CouponRefusalReason, number>> {
  const rows = await q.all<{ reason: CouponRefusalReason; n: number }>(
    code === undefined
      ? 'SELECT reason, COUNT(*) AS n FROM coupon_refusals GROUP BY reason'
      : 'SELECT reason, COUNT(*) AS n FROM coupon_refusals WHERE code = $1 GROUP BY reason',
    code === undefined ? [] : [code],
  );
  const counts = { used: 0, expired: 0, unknown: 0, 'wrong-station': 0 };
  for (const r of rows) counts[r.reason] = Number(r.n);
  return counts;
}
