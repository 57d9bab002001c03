import { refused } from '../../src-shared';
import { canTakeFromDrawer, shiftTotals, type Tender } from '../../src-shared/domain/shift';
import type { ShiftRecord, ShiftRepository } from '../db/repositories/shift-repository';

/** The shift that may take money now: open, not on a break and not being counted. */
export function takingShift(shifts: Pick<ShiftRepository, 'live'>): ShiftRecord {
  const shift = shifts.live();
  if (!shift) {
    throw refused('CONFLICT', 'refusal.noShiftFloat');
  }
  if (shift.state === 'on-break') {
    throw refused('CONFLICT', 'refusal.onBreak');
  }
  if (shift.state === 'counted') {
    throw refused('CONFLICT', 'refusal.closing');
  }
  return shift;
}

export interface DrawerSale {
  paymentId: string;
  tender: Tender;
  amountMinor: number;
  tenderedMinor: number;
  changeMinor: number;
  receiptSeq: number;
  operator: string;
  at: number;
}

/**
 * The narrow way into the drawer for the payments side: inside a payment's own transaction, a
 * sale is written to the shift that is taking money, or the payment is refused (no shift, a
 * break, a count under way); a void or a refund takes its cash back out the same way.
 */
export class ShiftDrawer {
  constructor(private readonly shifts: Pick<ShiftRepository, 'live' | 'addEntry' | 'entries'>) {}

  /** The shift not yet closed, if any. */
  live(): ShiftRecord | null {
    return this.shifts.live();
  }

  /** The shift that may take or give money now; throws why not. */
  taking(): ShiftRecord {
    return takingShift(this.shifts);
  }

  /** Whether the drawer should hold at least this much cash. */
  holds(shift: ShiftRecord, amountMinor: number): boolean {
    return canTakeFromDrawer(
      shiftTotals(shift.floatMinor, this.shifts.entries(shift.id)),
      amountMinor,
    );
  }

  /**
   * Must run inside the payment's transaction, on the shift `taking()` gave in that same
   * transaction (read once a payment, not once a tender).
   */
  record(shift: ShiftRecord, sale: DrawerSale): void {
    this.shifts.addEntry({
      shiftId: shift.id,
      kind: 'sale',
      reference: null,
      reason: null,
      ...sale,
    });
  }

  /**
   * Must run inside the nil payment's transaction: the fee a manager waived, listed on the
   * shift's reports; no tender, so the drawer's expected cash does not move.
   */
  waive(
    shift: ShiftRecord,
    w: {
      paymentId: string;
      amountMinor: number;
      receiptSeq: number;
      reason: string;
      operator: string;
      at: number;
    },
  ): void {
    this.shifts.addEntry({
      shiftId: shift.id,
      kind: 'waiver',
      tender: 'none',
      tenderedMinor: 0,
      changeMinor: 0,
      reference: null,
      ...w,
    });
  }

  /**
   * Must run inside the reversal's transaction: a void or refund through its tender. Cash
   * leaves the drawer; a card's is listed on the shift's reports but moves no cash.
   */
  giveBack(
    shift: ShiftRecord,
    r: {
      kind: 'void' | 'refund';
      /** Default cash. */
      tender?: 'cash' | 'card';
      paymentId: string;
      amountMinor: number;
      reason: string;
      operator: string;
      at: number;
    },
  ): void {
    this.shifts.addEntry({
      shiftId: shift.id,
      tenderedMinor: 0,
      changeMinor: 0,
      receiptSeq: null,
      reference: null,
      ...r,
      tender: r.tender ?? 'cash',
    });
  }
}
