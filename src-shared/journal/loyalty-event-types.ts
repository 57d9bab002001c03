import { z } from 'zod';

/*
 * The journal events of the points ledger (issue 10), spread into journalEventTypes
 * (event-types.ts). One event for each loyalty_entries row, in its transaction; the aggregate
 * is the member, so a member's events in order are their ledger. Points are integers: an earn
 * positive, a redemption or reversal as the (positive) points taken off.
 */

const id = z.string().min(1).max(64);
const points = z.int().positive();

const def = <P extends z.ZodType>(payload: P) => ({
  aggregate: 'loyaltyMember' as const,
  version: 1,
  payload,
});

export const loyaltyEventTypes = {
  /** A settled sale earned points: its source, what it was, and the campaign that applied. */
  'loyalty.earned': def(
    z.object({
      entryId: id,
      points,
      sourceKind: z.enum(['fuelSale', 'payment']),
      sourceId: id,
      category: z.string().min(1).max(32),
      amountMinor: z.int().nonnegative(),
      millilitres: z.int().nonnegative().nullable(),
      gradeId: z.string().max(16).nullable(),
      campaignId: id.nullable(),
    }),
  ),
  /** Points spent (online only), for a redemption the cashier made. */
  'loyalty.redeemed': def(
    z.object({ entryId: id, points, redemptionId: id, description: z.string().min(1).max(120) }),
  ),
  /** Points of an earn taken back, because its sale was voided or (partly) refunded. */
  'loyalty.reversed': def(
    z.object({
      entryId: id,
      points,
      reverses: id,
      sourceKind: z.enum(['fuelSale', 'payment']),
      sourceId: id,
      why: z.enum(['voided', 'refunded']),
    }),
  ),
  /**
   * A catalogue product taken for points (the loyalty.redeemed with the same redemptionId spent
   * them, in the same transaction), and how many this station holds after it.
   */
  'loyalty.productRedeemed': def(
    z.object({
      redemptionId: id,
      sku: z.string().min(1).max(32),
      name: z.string().min(1).max(60),
      points,
      onHandAfter: z.int().nonnegative(),
    }),
  ),
};
