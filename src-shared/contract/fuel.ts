import { z } from 'zod';
import { empty, id, idempotencyKey, minorAmount, plateText } from './fields';
import { printState } from './views';

/*
 * The fuel part of the contract (issue 10), spread into channels.ts so each channel is
 * declared once: the sales the pumps delivered that wait at the booth, and paying one.
 * Units are the fuel domain's (src-shared/domain/fuel): millilitres, thousandths of the
 * minor unit per litre, minor units.
 */

/** The member a sale's plate leads to (exactly one linked vehicle), as the cashier sees them. */
export const fuelMemberView = z.object({
  id: z.string(),
  name: z.string(),
  /** The station's ledger before this sale. */
  balance: z.int(),
});

/** A fuel sale as the booth lists it. */
export const fuelSaleView = z.object({
  id: z.string(),
  laneId: z.string(),
  pump: z.int(),
  gradeId: z.string(),
  gradeName: z.string(),
  millilitres: z.int().nonnegative(),
  unitPrice: z.int().nonnegative(),
  amountMinor: z.int().nonnegative(),
  currency: z.string(),
  /** Read at the pump lane, else given by the cashier (null: none sure enough, none given). */
  plate: z.string().nullable(),
  state: z.enum(['due', 'paid']),
  deliveredAt: z.int(),
  member: fuelMemberView.nullable(),
  /**
   * The operator's app: 'paid' it settled the sale without the cashier; 'expired' a payment
   * made in it lapsed before it could, so the sale is due at the booth. Null: neither.
   */
  app: z.enum(['paid', 'expired']).nullable(),
  /**
   * The pump lane's read was doubtful (or none): the sale waits for the cashier's plate, with
   * what the camera made of it. Null: the plate is known (or no camera watches that lane).
   */
  plateCheck: z
    .object({ readPlate: z.string().nullable(), confidence: z.number().nullable() })
    .nullable(),
});

/** What paying a fuel sale gave: the receipt, and the member's points. */
export const fuelPaymentResult = z.object({
  sale: fuelSaleView,
  paymentId: z.string(),
  receipt: z.object({
    id: z.string(),
    number: z.string(),
    printState,
    detail: z.string(),
  }),
  /** Cash, card, or part cash and part card (split). */
  method: z.enum(['cash', 'card', 'split']),
  amountMinor: z.int(),
  /** The card's part (0: all cash); the rest was cash, of which `changeMinor` came back. */
  cardMinor: z.int(),
  /** Cash handed over plus the card's part. */
  tenderedMinor: z.int(),
  changeMinor: z.int(),
  /**
   * The member's points for the sale and their balance after it; `balanceAfter` is null while
   * the operator's server is away (the receipt says "pending"). Null with no member.
   */
  loyalty: z
    .object({ memberName: z.string(), points: z.int(), balanceAfter: z.int().nullable() })
    .nullable(),
});

// channels.ts's ChannelDef, written out: importing it here would make an import cycle.
const cashier = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({
  request,
  response,
  access: 'cashier' as const,
});

export const fuelChannels = {
  /**
   * The fuel sales at the booth, oldest first, each with its member if the plate has one: those
   * due, and those the operator's app paid in the last minutes ("paid in app").
   */
  'fuel:sales': cashier(empty, z.array(fuelSaleView)),
  /** The cashier gives the plate of a sale whose read was doubtful; the sale as it stands now. */
  'fuel:confirmPlate': cashier(z.object({ saleId: id, plate: plateText }).strict(), fuelSaleView),
  /**
   * Pays a fuel sale in cash at the booth: the payment, its receipt (litres, unit price, grade,
   * points, balance) and the sale's new state commit together. A retry with the same key never
   * charges again; a sale already paid, or one a card may be paying, is refused.
   */
  'fuel:payCash': cashier(
    z
      .object({
        saleId: id,
        tenderedMinor: minorAmount,
        /** The amount the cashier saw: a sale's amount never changes, so this checks the sale. */
        expectedDueMinor: minorAmount,
        idempotencyKey,
      })
      .strict(),
    fuelPaymentResult,
  ),
  /**
   * Pays a fuel sale by card, or part in cash and the rest by card (a split), at the booth's
   * card terminal, as payments:card pays a stay: the attempt commits before the terminal hears
   * of it, and an approval becomes exactly one payment even if the answer is lost (the station
   * asks the terminal; DEVICE_FAULT says so meanwhile). A retry with the same key never
   * charges again.
   */
  'fuel:payCard': cashier(
    z
      .object({
        saleId: id,
        expectedDueMinor: minorAmount,
        /** The part paid in cash (0: all on the card), and the cash handed over for it. */
        cashMinor: minorAmount.default(0),
        cashTenderedMinor: minorAmount.default(0),
        idempotencyKey,
      })
      .strict(),
    fuelPaymentResult,
  ),
};

/** A fuel sale was recorded (a delivery ended), paid, or given its plate: the list asks again. */
export const fuelChanged = z.object({
  saleId: z.string(),
  change: z.enum(['recorded', 'paid', 'plate']),
});

export type FuelSaleView = z.output<typeof fuelSaleView>;
export type FuelMemberView = z.output<typeof fuelMemberView>;
export type FuelPaymentResult = z.output<typeof fuelPaymentResult>;
