/**
 * Loyalty redemptions on the shift's X and Z reports (issue 10): the redemptions made at the
 * station between two instants are read by time, so they get a small index of their own.
 */
export const schemaV26 = `
CREATE INDEX loyalty_entries_redeemed_by_time ON loyalty_entries (at, points)
  WHERE kind = 'redeem';
`;
