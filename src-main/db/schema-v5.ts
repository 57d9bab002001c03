/**
 * Operators are no longer seeded from configuration (only the demo seeds any): a manager adds
 * them, or resets a cashier's PIN, with a temporary PIN the operator must change at their next
 * sign-in. This remembers which PINs are temporary.
 */
export const schemaV5 = `
ALTER TABLE operators ADD COLUMN must_change_pin INTEGER NOT NULL DEFAULT 0
  CHECK (must_change_pin IN (0, 1));
`;
