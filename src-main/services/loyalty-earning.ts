import type { JournalEntryView, JournalEventType, JournalPayload } from '../../src-shared';
import {
  FUEL,
  pointsFor,
  campaignFor,
  type EarnRules,
  type SaleForPoints,
} from '../../src-shared/domain/loyalty';
import type { LoyaltyMemoryRepository } from '../db/repositories/loyalty-memory-repository';
import type { LoyaltyMember } from '../db/repositories/loyalty-member-repository';
import type { JournalReader } from '../journal/journal';
import type { Logger } from '../platform/logger';
import type { LoyaltyLedger } from './loyalty-ledger';
import type { Transact } from './ports';

const BATCH = 500;

export interface LoyaltyEarningDeps {
  journal: Pick<JournalReader, 'since'>;
  memory: LoyaltyMemoryRepository;
  ledger: Pick<LoyaltyLedger, 'earn' | 'reverse'>;
  members: { byPlate(plate: string): LoyaltyMember[] };
  rules: EarnRules;
  transact: Transact;
  log: Pick<Logger, 'warn'>;
  /** Told, after each batch committed, whose balances it changed. */
  changed?: (memberIds: string[]) => void;
}

type Payload<T extends JournalEventType> = JournalPayload<T>;

/**
 * Credits points when a sale settles, and takes them back when it is voided or refunded, as a
 * journal consumer with a cursor of its own: it never reads the payment or fuel tables, only
 * the events (a stay's plate from session.opened, a fuel sale's facts from fuelSale.recorded,
 * kept in its own memory until the sale settles). Each batch of events, the entries it wrote
 * and the cursor after them commit in one transaction: a crash replays nothing twice.
 *
 * The member is the one the sale's plate leads to (a linked vehicle); a plate shared by
 * several members, or by none, earns nothing by itself.
 *
 * Offline: the member lookup and the ledger are local, so a sale settled while the operator's
 * server is away earns at once here; its loyalty.earned event waits in the journal's push
 * queue and the operator credits it when sync pushes it (the receipt says "pending" then).
 */
export class LoyaltyEarning {
  private timer: NodeJS.Timeout | null = null;
  /** Members whose balance the batch under way changed. */
  private readonly touched = new Set<string>();

  constructor(private readonly d: LoyaltyEarningDeps) {}

  /** Applies every event after the cursor; returns how many it read. */
  catchUp(): number {
    let read = 0;
    for (;;) {
      this.touched.clear();
      const n = this.d.transact(() => {
        const events = this.d.journal.since(this.d.memory.cursor(), BATCH);
        for (const e of events) this.apply(e);
        if (events.length > 0) this.d.memory.setCursor(events.at(-1)!.seq);
        return events.length;
      });
      // Committed: the consoles may read the new balances now.
      if (this.touched.size > 0) this.d.changed?.([...this.touched]);
      read += n;
      if (n < BATCH) return read;
    }
  }

  start(everyMs: number): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): void {
    try {
      this.catchUp();
    } catch (error) {
      this.d.log.warn('loyalty earning failed; tried again on the next tick', {
        error: String(error),
      });
    }
  }

  private apply(e: JournalEntryView): void {
    const m = this.d.memory;
    switch (e.type) {
      case 'session.opened': {
        const p = e.payload as Payload<'session.opened'>;
        m.remember({ ...blank('session', e.aggregateId), plate: p.plate });
        return;
      }
      case 'session.plateCorrected': {
        const p = e.payload as Payload<'session.plateCorrected'>;
        m.setPlate('session', e.aggregateId, p.to);
        return;
      }
      case 'fuelSale.recorded': {
        const p = e.payload as Payload<'fuelSale.recorded'>;
        m.remember({
          sourceKind: 'fuelSale',
          sourceId: e.aggregateId,
          plate: p.plate,
          amountMinor: p.amountMinor,
          millilitres: p.millilitres,
          gradeId: p.gradeId,
        });
        return;
      }
      case 'fuelSale.plateConfirmed': {
        const p = e.payload as Payload<'fuelSale.plateConfirmed'>;
        m.setPlate('fuelSale', e.aggregateId, p.plate);
        return;
      }
      case 'fuelSale.settled': {
        const p = e.payload as Payload<'fuelSale.settled'>;
        const sale = m.sale('fuelSale', e.aggregateId);
        if (!sale) return;
        const earned = this.earn(sale.plate, e.aggregateId, 'fuelSale', {
          category: FUEL,
          amountMinor: sale.amountMinor,
          millilitres: sale.millilitres ?? 0,
          gradeId: sale.gradeId ?? undefined,
          at: e.at,
        });
        // A refund of the payment takes its share back (payment.refunded names the sale).
        if (earned && p.paymentId) m.paymentEarned(p.paymentId, sale.amountMinor);
        m.forget('fuelSale', e.aggregateId);
        return;
      }
      case 'payment.taken': {
        const p = e.payload as Payload<'payment.taken'>;
        const stay = m.sale('session', p.sessionId);
        if (!stay) return;
        const sale = { category: p.kind, amountMinor: p.amountMinor, at: e.at };
        if (this.earn(stay.plate, e.aggregateId, 'payment', sale)) {
          m.paymentEarned(e.aggregateId, p.amountMinor);
        }
        return;
      }
      case 'payment.voided':
      case 'payment.refunded': {
        const p = e.payload as Payload<'payment.refunded'>;
        const totals = m.refund(e.aggregateId, p.amountMinor);
        if (!totals) return;
        const why = e.type === 'payment.voided' ? 'voided' : 'refunded';
        // A stay's points were earned by its payment, a fuel sale's by the sale.
        const source = p.fuelSaleId
          ? { kind: 'fuelSale' as const, id: p.fuelSaleId }
          : { kind: 'payment' as const, id: e.aggregateId };
        const entry = this.d.ledger.reverse(source, why, totals);
        if (entry) this.touched.add(entry.memberId);
        return;
      }
      case 'session.closed':
        m.forget('session', e.aggregateId);
        return;
    }
  }

  /** Credits the sale's points to its plate's one member; true when it earned. */
  private earn(
    plate: string | null,
    sourceId: string,
    sourceKind: 'fuelSale' | 'payment',
    sale: Parameters<typeof pointsFor>[0],
  ): boolean {
    const earner = earnerOf(this.d.members, this.d.rules, plate, sale);
    if (!earner) return false;
    const entry = this.d.ledger.earn({
      memberId: earner.member.id,
      points: earner.points,
      sourceKind,
      sourceId,
      category: sale.category,
      amountMinor: sale.amountMinor,
      millilitres: sale.millilitres ?? null,
      gradeId: sale.gradeId ?? null,
      campaignId: campaignFor(sale, this.d.rules)?.id ?? null,
    });
    if (entry) this.touched.add(entry.memberId);
    return entry !== null;
  }
}

/**
 * Who a sale earns for and how much, by the one rule both the earning and the receipt use:
 * the one member the plate leads to (a linked vehicle; a plate shared by several members, or
 * by none, earns nothing by itself) and pointsFor. Null when nobody earns.
 */
export function earnerOf(
  members: { byPlate(plate: string): LoyaltyMember[] },
  rules: EarnRules,
  plate: string | null,
  sale: SaleForPoints,
): { member: LoyaltyMember; points: number } | null {
  if (!plate) return null;
  const found = members.byPlate(plate);
  if (found.length !== 1) return null;
  return { member: found[0]!, points: pointsFor(sale, rules) };
}

const blank = (sourceKind: 'session' | 'fuelSale', sourceId: string) => ({
  sourceKind,
  sourceId,
  plate: null,
  amountMinor: 0,
  millilitres: null,
  gradeId: null,
});
