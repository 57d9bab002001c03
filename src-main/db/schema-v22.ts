/**
 * Coupons redeemed through the operator's server (issue 10).
 * - coupon_redemptions: each coupon this station won, once per code (the operator's server is
 *   what makes it single-use across stations; the key here keeps this station's record single).
 * - coupon_refusals: every refused attempt with its reason, which the managers' counts read.
 * Each row is written with its journal event in one transaction.
 */
export const schemaV22 = `
CREATE TABLE coupon_redemptions (
  code TEXT PRIMARY KEY,
  redemption_id TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  redeemed_at INTEGER NOT NULL,
  actor TEXT NOT NULL
) STRICT;

CREATE TABLE coupon_refusals (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('used', 'expired', 'unknown', 'wrong-station', 'offline')),
  at INTEGER NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX coupon_refusals_by_reason ON coupon_refusals (reason);
`;
