import { StationError, type Translate } from '../../src-shared';
import { pointsToReverse, redeemRefusal } from '../../src-shared/domain/loyalty';
import type {
  LoyaltyEntry,
  LoyaltyLedgerRepository,
} from '../db/repositories/loyalty-ledger-repository';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Connectivity } from '../sync/sync-service';
import { newId } from './ids';
import type { Transact } from './ports';

export interface LoyaltyLedgerDeps {
  entries: LoyaltyLedgerRepository;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  /** Whether the operator's server answers: a redemption needs it. */
  connectivity: Pick<Connectivity, 'offline'>;
  /** The words of the consoles' language now: a refusal is read by the cashier. */
  words: () => Translate;
}

export interface EarnInput {
  memberId: string;
  points: number;
  sourceKind: 'fuelSale' | 'payment';
  sourceId: string;
  category: string;
  amountMinor: number;
  millilitres: number | null;
  gradeId: string | null;
  campaignId: string | null;
}

/**
 * The points ledger: every change is an entry appended with its journal event in one
 * transaction, and a balance is the sum of the member's entries (the cache the schema keeps
 * beside it is checked by `verify`). An earn is once per sale or payment; a reversal never
 * takes back more than its earn gave (pointsToReverse, and a schema trigger besides); a
 * redemption is refused offline and when the balance is short, checked in its transaction.
 */
export class LoyaltyLedger {
  constructor(private readonly d: LoyaltyLedgerDeps) {}

  balance(memberId: string): number {
    return this.d.entries.balance(memberId);
  }

  /** Redemptions made here in [fromAt, toAt), and the points they spent (the shift reports). */
  redeemedBetween(fromAt: number, toAt: number): { count: number; points: number } {
    return this.d.entries.redeemedBetween(fromAt, toAt);
  }

  /** Credits a settled sale's points; null when it earns none or earned already. */
  earn(input: EarnInput): LoyaltyEntry | null {
    if (input.points <= 0) return null;
    return this.d.transact(() => {
      if (this.d.entries.earnOf(input.sourceKind, input.sourceId)) return null;
      const at = this.d.clock();
      const entry: LoyaltyEntry = {
        id: newId('L', at),
        memberId: input.memberId,
        kind: 'earn',
        points: input.points,
        sourceKind: input.sourceKind,
        sourceId: input.sourceId,
        reverses: null,
        at,
      };
      this.d.entries.append(entry);
      const { memberId: _member, ...facts } = input;
      this.d.journal.append(
        {
          type: 'loyalty.earned',
          aggregateId: input.memberId,
          actor: 'station',
          payload: { ...facts, entryId: entry.id },
        },
        at,
      );
      return entry;
    });
  }

  /**
   * Takes back what a voided or refunded sale earned: all of it for a void, or for a refund
   * the share of `refundedMinor` (all refunds so far) in `paidMinor`. Null when nothing is due.
   */
  reverse(
    source: { kind: 'fuelSale' | 'payment'; id: string },
    why: 'voided' | 'refunded',
    amounts: { paidMinor: number; refundedMinor: number },
  ): LoyaltyEntry | null {
    return this.d.transact(() => {
      const earn = this.d.entries.earnOf(source.kind, source.id);
      if (!earn) return null;
      const reversed = this.d.entries.reversedOf(earn.id);
      const refunded = why === 'voided' ? amounts.paidMinor : amounts.refundedMinor;
      const points = pointsToReverse(earn.points, amounts.paidMinor, refunded, reversed);
      if (points === 0) return null;
      const at = this.d.clock();
      const entry: LoyaltyEntry = {
        id: newId('L', at),
        memberId: earn.memberId,
        kind: 'reverse',
        points: -points,
        sourceKind: source.kind,
        sourceId: source.id,
        reverses: earn.id,
        at,
      };
      this.d.entries.append(entry);
      this.d.journal.append(
        {
          type: 'loyalty.reversed',
          aggregateId: earn.memberId,
          actor: 'station',
          payload: {
            entryId: entry.id,
            points,
            reverses: earn.id,
            sourceKind: source.kind,
            sourceId: source.id,
            why,
          },
        },
        at,
      );
      return entry;
    });
  }

  /** Spends points; throws StationError (CONFLICT) offline or when the balance is short. */
  redeem(input: {
    memberId: string;
    points: number;
    description: string;
    actor: string;
  }): LoyaltyEntry {
    return this.d.transact(() => {
      const balance = this.d.entries.balance(input.memberId);
      const refusal = redeemRefusal(balance, input.points, !this.d.connectivity.offline());
      if (refusal) {
        const t = this.d.words();
        const why =
          refusal === 'offline'
            ? t('loyalty.refusal.offline')
            : refusal === 'not-positive'
              ? t('loyalty.refusal.notPositive')
              : t('loyalty.refusal.insufficient', { balance, points: input.points });
        throw new StationError('CONFLICT', why);
      }
      const at = this.d.clock();
      const redemptionId = newId('R', at);
      const entry: LoyaltyEntry = {
        id: newId('L', at),
        memberId: input.memberId,
        kind: 'redeem',
        points: -input.points,
        sourceKind: 'redemption',
        sourceId: redemptionId,
        reverses: null,
        at,
      };
      this.d.entries.append(entry);
      this.d.journal.append(
        {
          type: 'loyalty.redeemed',
          aggregateId: input.memberId,
          actor: input.actor,
          payload: {
            entryId: entry.id,
            points: input.points,
            redemptionId,
            description: input.description,
          },
        },
        at,
      );
      return entry;
    });
  }
}
