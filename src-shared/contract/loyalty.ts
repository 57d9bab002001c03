import { z } from 'zod';
import { id } from './fields';

/*
 * The loyalty part of the contract (issue 10): the member panel's lookup and a redemption,
 * spread into channels.ts so each channel is declared once.
 */

/** An entry of the member's points ledger, as the panel lists their visits. */
export const loyaltyEntryView = z.object({
  id: z.string(),
  kind: z.enum(['earn', 'redeem', 'reverse']),
  points: z.int(),
  sourceKind: z.enum(['fuelSale', 'payment', 'redemption']),
  sourceId: z.string(),
  at: z.int(),
});

/** A member as the cashier sees them: name, tier, balance, vehicles and latest entries. */
export const memberView = z.object({
  id: z.string(),
  name: z.string(),
  tier: z.string(),
  /** The station's ledger: the sum of the member's entries. */
  balance: z.int(),
  vehicles: z.array(z.string()),
  recent: z.array(loyaltyEntryView),
});

// channels.ts's ChannelDef, written out: importing it here would make an import cycle.
const cashier = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({
  request,
  response,
  access: 'cashier' as const,
});

/** A product members take for points, and how many this station holds. */
export const catalogueProductView = z.object({
  sku: z.string(),
  name: z.string(),
  points: z.int(),
  onHand: z.int(),
});

/**
 * A redemption done: the member as they stand after it, and the customer's slip (printed after
 * the redemption committed; 'failed' says why, and the redemption stands).
 */
export const redemptionResult = z.object({
  member: memberView,
  slip: z.object({ printState: z.enum(['printed', 'failed']), detail: z.string() }),
});

export const loyaltyChannels = {
  /** The catalogue's products with this station's stock, for the member panel's buttons. */
  'loyalty:products': cashier(z.object({}).strict(), z.array(catalogueProductView)),
  /**
   * A member takes one catalogue product for its points (refused offline, when the balance is
   * short, and when the station has none left); the member as they stand after it, and the
   * customer's slip.
   */
  'loyalty:redeemProduct': cashier(
    z.object({ memberId: id, sku: z.string().trim().min(1).max(32) }).strict(),
    redemptionResult,
  ),
  /**
   * Finds members by the phone the customer says, a scanned card or QR code, or a plate of a
   * linked vehicle; a plate may lead to more than one member (a household's car).
   */
  'loyalty:lookup': cashier(
    z
      .object({
        by: z.enum(['phone', 'code', 'plate']),
        value: z.string().trim().min(1).max(64),
      })
      .strict(),
    z.array(memberView),
  ),
  /**
   * Spends a member's points (refused offline, and when the balance is short); the member after
   * it, and the customer's slip.
   */
  'loyalty:redeem': cashier(
    z
      .object({
        memberId: id,
        points: z.int().min(1).max(10_000_000),
        description: z.string().trim().min(1).max(120),
      })
      .strict(),
    redemptionResult,
  ),
};

export type MemberView = z.output<typeof memberView>;
export type RedemptionResult = z.output<typeof redemptionResult>;
export type CatalogueProductView = z.output<typeof catalogueProductView>;
export type LoyaltyEntryView = z.output<typeof loyaltyEntryView>;
