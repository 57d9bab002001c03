import type { Db } from '../database';

export type FuelSaleState = 'due' | 'paid';
export type FuelDeliveryEndReason = 'hung-up' | 'preset' | 'stopped';

/** A delivery a pump controller reported, as a sale (migration 16). */
export interface FuelSale {
  id: string;
  /** The pump controller that reported it, and its id for the delivery (unique together). */
  controllerId: string;
  deliveryId: string;
  laneId: string;
  pump: number;
  nozzle: number;
  gradeId: string;
  /** The grade's name when it was sold, for the receipt. */
  gradeName: string;
  millilitres: number;
  /** Thousandths of the minor unit per litre (src-shared/domain/fuel/pricing.ts). */
  unitPrice: number;
  amountMinor: number;
  currency: string;
  /** The console's authorisation the pump delivered under. */
  authId: string;
  /** The prepaid amount, when the pump was authorised for one. */
  presetMinor: number | null;
  endReason: FuelDeliveryEndReason;
  /** The plate read at the lane (normalised), or null when none was. */
  plate: string | null;
  state: FuelSaleState;
  deliveredAt: number;
}

const columns = `id, controller_id AS controllerId, delivery_id AS deliveryId, lane_id AS laneId,
  pump, nozzle, grade_id AS gradeId, grade_name AS gradeName, millilitres,
  unit_price AS unitPrice, amount_minor AS amountMinor, currency, auth_id AS authId,
  preset_minor AS presetMinor, end_reason AS endReason, plate, state,
  delivered_at AS deliveredAt`;

/** Fuel sales. The fuel-sale service owns the rules; the schema keeps the facts fixed. */
export class FuelSaleRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare(`INSERT INTO fuel_sales (id, controller_id, delivery_id, lane_id, pump,
        nozzle, grade_id, grade_name, millilitres, unit_price, amount_minor, currency, auth_id,
        preset_minor, end_reason, plate, state, delivered_at) VALUES (@id, @controllerId,
        @deliveryId, @laneId, @pump, @nozzle, @gradeId, @gradeName, @millilitres, @unitPrice,
        @amountMinor, @currency, @authId, @presetMinor, @endReason, @plate, @state,
        @deliveredAt)`),
      get: db.prepare(`SELECT ${columns} FROM fuel_sales WHERE id = ?`),
      byDelivery: db.prepare(
        `SELECT ${columns} FROM fuel_sales WHERE controller_id = ? AND delivery_id = ?`,
      ),
      markPaid: db.prepare(`UPDATE fuel_sales SET state = 'paid' WHERE id = ? AND state = 'due'`),
      atBooth: db.prepare(`SELECT ${columns}, (SELECT p.method FROM payments p
          WHERE p.fuel_sale_id = fuel_sales.id) AS paidBy FROM fuel_sales
        WHERE state = 'due' OR id IN (SELECT fuel_sale_id FROM payments
          WHERE fuel_sale_id IS NOT NULL AND method = 'app' AND at >= ?)
        ORDER BY delivered_at, id`),
      due: db.prepare(
        `SELECT ${columns} FROM fuel_sales WHERE state = 'due' ORDER BY delivered_at, id`,
      ),
    };
  }

  insert(sale: FuelSale): void {
    this.stmts.insert.run(sale);
  }

  get(id: string): FuelSale | null {
    return (this.stmts.get.get(id) as FuelSale | undefined) ?? null;
  }

  byDelivery(controllerId: string, deliveryId: string): FuelSale | null {
    return (this.stmts.byDelivery.get(controllerId, deliveryId) as FuelSale | undefined) ?? null;
  }

  /**
   * Moves a due sale to paid; false when it was not due (paid already, or no such sale). Call
   * inside the payment's transaction: the conditional update is what pays a sale once.
   */
  markPaid(id: string): boolean {
    return this.stmts.markPaid.run(id).changes === 1;
  }

  /**
   * What the booth lists, oldest first: the sales not yet paid, and those the operator's app
   * paid since `appPaidSince` (the pump lane shows "paid in app" for a while). `paidBy` is the
   * payment's method, null while due.
   */
  atBooth(appPaidSince: number): Array<FuelSale & { paidBy: string | null }> {
    return this.stmts.atBooth.all(appPaidSince) as Array<FuelSale & { paidBy: string | null }>;
  }

  /** Sales not yet paid, oldest first. */
  due(): FuelSale[] {
    return this.stmts.due.all() as FuelSale[];
  }
}
