import type { Minor } from './money';

/**
 * The cash drawer's arithmetic, once: what a count by denomination adds up to, what a shift's
 * entries say the drawer should hold, and when a difference needs a manager. Pure, so the shift
 * service, its reports and a property test all use the same rules.
 */

/** How money reached the station. Cash is the only tender that moves the drawer. */
export const TENDERS = ['cash', 'card', 'qr'] as const;
export type Tender = (typeof TENDERS)[number];

/** Cash moved in or out of the drawer that is not a sale: each with a reference and a reason. */
export const CASH_MOVEMENTS = ['pay-in', 'pay-out', 'drop'] as const;
export type CashMovement = (typeof CASH_MOVEMENTS)[number];

/** A waiver is a nil payment: a manager waived a fee, so nothing changed hands. */
export type ShiftEntryKind = 'sale' | 'refund' | 'void' | 'waiver' | CashMovement;

/**
 * One line of a shift. A sale's `amountMinor` is what it paid off; for cash, `tenderedMinor` is
 * what the customer handed over and `changeMinor` what went back. A refund or a void gives
 * `amountMinor` back through `tender`. Movements are cash by definition.
 */
export interface ShiftEntry {
  kind: ShiftEntryKind;
  /** 'none' for a waiver, and only for it. */
  tender: Tender | 'none';
  amountMinor: Minor;
  tenderedMinor: Minor;
  changeMinor: Minor;
  receiptSeq: number | null;
}

export interface TenderTotal {
  count: number;
  amountMinor: Minor;
}

export interface ShiftTotals {
  floatMinor: Minor;
  /**
   * Loyalty redemptions made at the station during the shift, and the points they spent: not
   * money, so in no total. Added by the shift service (the loyalty ledger's), absent in the
   * reports stored before it was.
   */
  redemptions?: { count: number; points: number };
  /** Payments (a split of cash and card is one) and what they took. */
  sales: TenderTotal;
  /**
   * Each tender's part of the sales (a split counts once under each of its tenders), net of
   * nothing: voids and refunds are listed on their own.
   */
  byTender: Record<Tender, TenderTotal>;
  cashTenderedMinor: Minor;
  changeMinor: Minor;
  payInsMinor: Minor;
  payOutsMinor: Minor;
  dropsMinor: Minor;
  voids: TenderTotal;
  refunds: TenderTotal;
  /** Nil payments: fees a manager waived (the fee, not money taken). */
  waivers: TenderTotal;
  /** Cash given back by voids and refunds. */
  cashReturnedMinor: Minor;
  /**
   * Given back to cards by voids and refunds (through the terminal): listed, it moves no cash.
   * With cashReturnedMinor it adds up to voids and refunds.
   */
  cardReturnedMinor: Minor;
  /** float + cash tendered − change − pay-outs − drops + pay-ins − cash returned. */
  expectedCashMinor: Minor;
  /** The receipts the shift's sales took; null before the first. */
  receiptRange: { first: number; last: number } | null;
}

const zero = (): TenderTotal => ({ count: 0, amountMinor: 0 });

function add(total: TenderTotal, amountMinor: Minor): void {
  total.count += 1;
  total.amountMinor += amountMinor;
}

function withReceipt(
  range: ShiftTotals['receiptRange'],
  seq: number | null,
): ShiftTotals['receiptRange'] {
  if (seq === null) return range;
  return range
    ? { first: Math.min(range.first, seq), last: Math.max(range.last, seq) }
    : { first: seq, last: seq };
}

/** Adds up a shift from its opening float and its entries, in any order. */
export function shiftTotals(floatMinor: Minor, entries: readonly ShiftEntry[]): ShiftTotals {
  const t: ShiftTotals = {
    floatMinor,
    sales: zero(),
    byTender: { cash: zero(), card: zero(), qr: zero() },
    cashTenderedMinor: 0,
    changeMinor: 0,
    payInsMinor: 0,
    payOutsMinor: 0,
    dropsMinor: 0,
    voids: zero(),
    refunds: zero(),
    waivers: zero(),
    cashReturnedMinor: 0,
    cardReturnedMinor: 0,
    expectedCashMinor: 0,
    receiptRange: null,
  };
  // A payment's tenders share its receipt: the payment counts once.
  const receipts = new Set<number>();
  for (const e of entries) {
    switch (e.kind) {
      case 'sale':
        if (e.tender === 'none') throw new RangeError('a sale is paid by a tender');
        t.sales.amountMinor += e.amountMinor;
        if (e.receiptSeq === null || !receipts.has(e.receiptSeq)) t.sales.count += 1;
        if (e.receiptSeq !== null) receipts.add(e.receiptSeq);
        add(t.byTender[e.tender], e.amountMinor);
        if (e.tender === 'cash') {
          t.cashTenderedMinor += e.tenderedMinor;
          t.changeMinor += e.changeMinor;
        }
        t.receiptRange = withReceipt(t.receiptRange, e.receiptSeq);
        break;
      case 'waiver':
        // Its receipt is in the range (numbers have no gaps); its fee is no sale.
        add(t.waivers, e.amountMinor);
        t.receiptRange = withReceipt(t.receiptRange, e.receiptSeq);
        break;
      case 'void':
      case 'refund':
        add(e.kind === 'void' ? t.voids : t.refunds, e.amountMinor);
        if (e.tender === 'cash') t.cashReturnedMinor += e.amountMinor;
        if (e.tender === 'card') t.cardReturnedMinor += e.amountMinor;
        break;
      case 'pay-in':
        t.payInsMinor += e.amountMinor;
        break;
      case 'pay-out':
        t.payOutsMinor += e.amountMinor;
        break;
      case 'drop':
        t.dropsMinor += e.amountMinor;
        break;
    }
  }
  t.expectedCashMinor =
    t.floatMinor +
    t.cashTenderedMinor -
    t.changeMinor -
    t.payOutsMinor -
    t.dropsMinor +
    t.payInsMinor -
    t.cashReturnedMinor;
  return t;
}

/** Counted minus expected: positive is over, negative is short. */
export function cashVariance(countedMinor: Minor, expectedMinor: Minor): Minor {
  return countedMinor - expectedMinor;
}

/** A difference beyond the site's threshold (either way) needs a reason and a manager. */
export function varianceNeedsManager(varianceMinor: Minor, thresholdMinor: Minor): boolean {
  return Math.abs(varianceMinor) > thresholdMinor;
}

/** A pay-out or a drop can't take more cash than the drawer should hold. */
export function canTakeFromDrawer(totals: ShiftTotals, amountMinor: Minor): boolean {
  return amountMinor <= totals.expectedCashMinor;
}
