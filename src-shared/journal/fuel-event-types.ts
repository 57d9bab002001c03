import { z } from 'zod';

/*
 * The journal events of fuel sales (issue 10), spread into journalEventTypes (event-types.ts).
 * Same rules as there: a new payload shape is a new version. Units are the fuel domain's
 * (src-shared/domain/fuel): millilitres, thousandths of the minor unit per litre, minor units.
 */

const id = z.string().min(1).max(64);
const count = z.int().nonnegative();

const minor = z.int().nonnegative();

const def = <A extends 'fuelSale' | 'payment', P extends z.ZodType>(aggregate: A, payload: P) => ({
  aggregate,
  version: 1,
  payload,
});

export const fuelEventTypes = {
  /**
   * A delivery a pump controller reported became a sale, due at the booth (the aggregate is
   * the sale). The amount is fuelAmount(millilitres, unitPrice), as the dispenser showed it.
   */
  'fuelSale.recorded': def(
    'fuelSale',
    z.object({
      laneId: id,
      controllerId: id,
      deliveryId: id,
      pump: z.int().min(1).max(99),
      nozzle: z.int().min(1).max(9),
      gradeId: z.string().min(1).max(16),
      gradeName: z.string().min(1).max(40),
      millilitres: count,
      unitPrice: count,
      amountMinor: count,
      currency: z.string().length(3),
      authId: id,
      presetMinor: z.int().positive().nullable(),
      endReason: z.enum(['hung-up', 'preset', 'stopped']),
      plate: z.string().max(16).nullable(),
    }),
  ),
  /**
   * The pump lane's camera read nothing, or nothing sure enough by the gates' confidence rule
   * (readIsConfident): the sale (the aggregate), recorded with no plate in the same
   * transaction, waits for the cashier's plate. `readPlate` is what the camera made of it.
   */
  'fuelSale.plateToConfirm': def(
    'fuelSale',
    z.object({
      laneId: id,
      readPlate: z.string().max(16).nullable(),
      confidence: z.number().min(0).max(1).nullable(),
    }),
  ),
  /**
   * The sale was paid: at the booth (any tender; the payment's id) or in the operator's app.
   * Written by the payment layer as it moves the sale from due to paid, in that transaction;
   * loyalty credits the sale's points on it.
   */
  'fuelSale.settled': def(
    'fuelSale',
    z.object({ via: z.enum(['booth', 'app']), paymentId: id.nullable() }),
  ),
  /** The cashier gave the plate of a sale that waited for it. */
  'fuelSale.plateConfirmed': def(
    'fuelSale',
    z.object({ plate: z.string().min(1).max(16), readPlate: z.string().max(16).nullable() }),
  ),
  /**
   * A fuel sale was paid at the booth (the aggregate is the payment): its tenders, the change,
   * the receipt with its number and the shift whose drawer took it. Written in the payment's
   * transaction, with fuelSale.settled (via 'booth') for the sale.
   */
  'fuelPayment.taken': def(
    'payment',
    z.object({
      fuelSaleId: id,
      method: z.enum(['cash', 'card', 'split']),
      tenders: z.array(
        z.object({
          tender: z.enum(['cash', 'card']),
          amountMinor: minor,
          tenderedMinor: minor,
          changeMinor: minor,
        }),
      ),
      amountMinor: minor,
      tenderedMinor: minor,
      changeMinor: minor,
      currency: z.string().length(3),
      receiptId: id,
      receiptSeq: z.int().positive(),
      receiptNumber: z.string().min(1).max(40),
      shiftId: id,
    }),
  ),
  /**
   * A payment made in the operator's app settled a fuel sale by its plate, without the cashier
   * (the aggregate is the station's payment): the sale's amount is what the station records;
   * the app took `appAmountMinor`, and the rest is the operator's to give back.
   */
  'fuelPayment.fromApp': def(
    'payment',
    z.object({
      fuelSaleId: id,
      appPaymentId: id,
      reference: z.string().max(64),
      amountMinor: minor,
      appAmountMinor: minor,
      currency: z.string().length(3),
    }),
  ),
};
