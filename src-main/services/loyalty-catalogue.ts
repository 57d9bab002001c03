import { StationError, type Translate } from '../../src-shared';
import type { LoyaltyStockRepository } from '../db/repositories/loyalty-stock-repository';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { CatalogueItem } from '../platform/loyalty-config';
import type { LoyaltyLedger } from './loyalty-ledger';
import type { Transact } from './ports';

export interface CatalogueProduct {
  sku: string;
  name: string;
  points: number;
  onHand: number;
}

export interface LoyaltyCatalogueDeps {
  /** The products the operator offers for points (station.json loyalty.catalogue). */
  items: readonly CatalogueItem[];
  stock: LoyaltyStockRepository;
  ledger: Pick<LoyaltyLedger, 'redeem'>;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  words: () => Translate;
}

/**
 * Products a member takes for points, from this station's stock. A redemption spends the
 * points (the ledger's rules: online only, never more than the balance), takes one from the
 * stock (never below zero) and journals both, in one transaction, or does nothing.
 */
export class LoyaltyCatalogue {
  constructor(private readonly d: LoyaltyCatalogueDeps) {
    // A product's starting stock counts once; after that the station's own count stands.
    d.transact(() => {
      for (const item of d.items) d.stock.seed(item.sku, item.stock);
    });
  }

  products(): CatalogueProduct[] {
    return this.d.items.map(({ sku, name, points }) => ({
      sku,
      name,
      points,
      onHand: this.d.stock.onHand(sku),
    }));
  }

  /**
   * Takes one of `sku` for the member's points; throws StationError with why not. Returns the
   * redemption (its id, the product's name, the points and when).
   */
  redeem(
    memberId: string,
    sku: string,
    actor: string,
  ): { id: string; description: string; points: number; at: number } {
    const item = this.d.items.find((i) => i.sku === sku);
    const t = this.d.words();
    if (!item) throw new StationError('NOT_FOUND', t('loyalty.refusal.noProduct', { sku }));
    return this.d.transact(() => {
      const entry = this.d.ledger.redeem({
        memberId,
        points: item.points,
        description: item.name,
        actor,
      });
      if (!this.d.stock.take(sku)) {
        throw new StationError('CONFLICT', t('loyalty.refusal.outOfStock', { name: item.name }));
      }
      this.d.journal.append(
        {
          type: 'loyalty.productRedeemed',
          aggregateId: memberId,
          actor,
          payload: {
            redemptionId: entry.sourceId,
            sku,
            name: item.name,
            points: item.points,
            onHandAfter: this.d.stock.onHand(sku),
          },
        },
        this.d.clock(),
      );
      return { id: entry.sourceId, description: item.name, points: item.points, at: entry.at };
    });
  }
}
