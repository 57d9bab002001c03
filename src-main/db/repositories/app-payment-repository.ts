import type { AppPayment } from '../../../src-shared';
import type { Db } from '../database';
import type { ReferenceDataRepository } from './reference-data-repository';

/**
 * Payments made in the operator's app, over the pulled reference data (kind 'appPayment'), and
 * which of them have settled a stay (table app_payment_uses). A use is recorded in the same
 * transaction as the payment it became; its primary key lets each app payment settle one stay,
 * whatever the operator sends again later.
 */
export class AppPaymentRepository {
  private readonly stmts;

  constructor(
    db: Db,
    private readonly referenceData: ReferenceDataRepository,
  ) {
    this.stmts = {
      used: db.prepare('SELECT 1 FROM app_payment_uses WHERE app_payment_id = ?').pluck(),
      use: db.prepare(`INSERT INTO app_payment_uses (app_payment_id, payment_id, session_id,
        fuel_sale_id, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (app_payment_id) DO NOTHING`),
      useOf: db.prepare(`SELECT app_payment_id AS appPaymentId, payment_id AS paymentId,
        session_id AS sessionId, fuel_sale_id AS fuelSaleId, at FROM app_payment_uses
        WHERE app_payment_id = ?`),
    };
  }

  /** The plate's app payments that settled no stay or sale yet (in date or not: the rules decide). */
  unusedFor(plate: string): AppPayment[] {
    return this.referenceData
      .byPlate<AppPayment>('appPayment', plate)
      .map((r) => r.data)
      .filter((p) => this.stmts.used.get(p.id) === undefined);
  }

  /**
   * False when the app payment already settled a stay or a fuel sale; call in the payment's
   * transaction. `use` names the stay or the fuel sale it settles.
   */
  markUsed(
    appPaymentId: string,
    use: { paymentId: string } & ({ sessionId: string } | { fuelSaleId: string }),
    at: number,
  ) {
    const sessionId = 'sessionId' in use ? use.sessionId : null;
    const fuelSaleId = 'fuelSaleId' in use ? use.fuelSaleId : null;
    return this.stmts.use.run(appPaymentId, use.paymentId, sessionId, fuelSaleId, at).changes === 1;
  }

  useOf(appPaymentId: string): {
    appPaymentId: string;
    paymentId: string;
    sessionId: string | null;
    fuelSaleId: string | null;
    at: number;
  } | null {
    return (
      (this.stmts.useOf.get(appPaymentId) as ReturnType<AppPaymentRepository['useOf']>) ?? null
    );
  }
}
