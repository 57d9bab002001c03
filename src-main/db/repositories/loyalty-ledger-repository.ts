import type { Db } from '../database';

export type LoyaltyEntryKind = 'earn' | 'redeem' | 'reverse';
export type LoyaltySourceKind = 'fuelSale' | 'payment' | 'redemption';

/** One entry of the points ledger (migration 19): signed points, and where they came from. */
export interface LoyaltyEntry {
  id: string;
  memberId: string;
  kind: LoyaltyEntryKind;
  /** Positive for an earn, negative for a redeem or a reversal. */
  points: number;
  sourceKind: LoyaltySourceKind;
  sourceId: string;
  /** A reversal's earn. */
  reverses: string | null;
  at: number;
}

const columns = `id, member_id AS memberId, kind, points, source_kind AS sourceKind,
  source_id AS sourceId, reverses, at`;

/**
 * The append-only points ledger. Entries are only ever inserted (the schema refuses updates
 * and deletes, and a reversal beyond its earn); the balance cache follows by trigger.
 */
export class LoyaltyLedgerRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      insert: db.prepare(`INSERT INTO loyalty_entries (id, member_id, kind, points, source_kind,
        source_id, reverses, at) VALUES (@id, @memberId, @kind, @points, @sourceKind, @sourceId,
        @reverses, @at)`),
      balance: db.prepare('SELECT points FROM loyalty_balances WHERE member_id = ?').pluck(),
      sum: db.prepare(
        'SELECT COALESCE(SUM(points), 0) AS points, COUNT(*) AS entries FROM loyalty_entries WHERE member_id = ?',
      ),
      cached: db.prepare('SELECT points, entries FROM loyalty_balances WHERE member_id = ?'),
      earnOf: db.prepare(
        `SELECT ${columns} FROM loyalty_entries WHERE source_kind = ? AND source_id = ?
         AND kind = 'earn'`,
      ),
      reversedOf: db
        .prepare('SELECT COALESCE(-SUM(points), 0) FROM loyalty_entries WHERE reverses = ?')
        .pluck(),
      recent: db.prepare(
        `SELECT ${columns} FROM loyalty_entries WHERE member_id = ? ORDER BY seq DESC LIMIT ?`,
      ),
      redeemed: db.prepare(`SELECT COUNT(*) AS count, COALESCE(-SUM(points), 0) AS points
        FROM loyalty_entries INDEXED BY loyalty_entries_redeemed_by_time
        WHERE kind = 'redeem' AND at >= ? AND at < ?`),
    };
  }

  append(entry: LoyaltyEntry): void {
    this.stmts.insert.run(entry);
  }

  /** The member's balance, from the cache the insert trigger keeps (0 with no entries). */
  balance(memberId: string): number {
    return (this.stmts.balance.get(memberId) as number | undefined) ?? 0;
  }

  /**
   * The balance as the sum of every entry, beside the cache: equal, or the ledger was tampered
   * with outside the station (the cache is never written but by the trigger).
   */
  verify(memberId: string): { sum: number; cached: number; entries: number; equal: boolean } {
    const sum = this.stmts.sum.get(memberId) as { points: number; entries: number };
    const cached = (this.stmts.cached.get(memberId) as
      { points: number; entries: number } | undefined) ?? { points: 0, entries: 0 };
    return {
      sum: sum.points,
      cached: cached.points,
      entries: sum.entries,
      equal: sum.points === cached.points && sum.entries === cached.entries,
    };
  }

  /** The earn entry of a sale or payment, if it earned. */
  earnOf(sourceKind: LoyaltySourceKind, sourceId: string): LoyaltyEntry | null {
    return (this.stmts.earnOf.get(sourceKind, sourceId) as LoyaltyEntry | undefined) ?? null;
  }

  /** Points reversals have taken back from an earn so far (positive). */
  reversedOf(earnId: string): number {
    return this.stmts.reversedOf.get(earnId) as number;
  }

  /** Redemptions made here in [fromAt, toAt), and the points they spent (the shift reports). */
  redeemedBetween(fromAt: number, toAt: number): { count: number; points: number } {
    return this.stmts.redeemed.get(fromAt, toAt) as { count: number; points: number };
  }

  /** The member's latest entries, newest first. */
  recent(memberId: string, limit: number): LoyaltyEntry[] {
    return this.stmts.recent.all(memberId, limit) as LoyaltyEntry[];
  }
}
