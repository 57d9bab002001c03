import type { Db } from '../database';

/** The station's stock of catalogue products (migration 23). Writes belong in a transaction. */
export class LoyaltyStockRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      seed: db.prepare('INSERT OR IGNORE INTO loyalty_stock (sku, on_hand) VALUES (?, ?)'),
      onHand: db.prepare('SELECT on_hand FROM loyalty_stock WHERE sku = ?').pluck(),
      take: db.prepare(
        'UPDATE loyalty_stock SET on_hand = on_hand - 1 WHERE sku = ? AND on_hand > 0',
      ),
    };
  }

  /** A product's starting stock, once: after that the station's own count stands. */
  seed(sku: string, onHand: number): void {
    this.stmts.seed.run(sku, onHand);
  }

  onHand(sku: string): number {
    return (this.stmts.onHand.get(sku) as number | undefined) ?? 0;
  }

  /** Takes one; false when none is left. */
  take(sku: string): boolean {
    return this.stmts.take.run(sku).changes === 1;
  }
}
