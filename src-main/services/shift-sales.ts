import { StationError } from '../../src-shared';
import type { Tender } from '../../src-shared/domain/shift';
import type { ShiftRecord, ShiftRepository } from '../db/repositories/shift-repository';

/** The shift that may take money now: open, not on a break and not being counted. */
export function takingShift(shifts: Pick<ShiftRepository, 'live'>): ShiftRecord {
  const shift = shifts.live();
  if (!shift) {
    throw new StationError('CONFLICT', 'No shift is open: open the drawer with its float first.');
  }
  if (shift.state === 'on-break') {
    throw new StationError('CONFLICT', 'The drawer is on a break: resume the shift first.');
  }
  if (shift.state === 'counted') {
    throw new StationError('CONFLICT', 'The drawer is counted: the shift is closing.');
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
 * The payment ledger's narrow way into the drawer: inside the payment's own transaction, a sale
 * is written to the shift that is taking money, or the payment is refused (no shift, a break).
 */
export class ShiftSales {
  constructor(private readonly shifts: Pick<ShiftRepository, 'live' | 'addEntry'>) {}

  /** Checks a sale could be taken now, before anything is charged. */
  assertTaking(): void {
    takingShift(this.shifts);
  }

  /** Must run inside the payment's transaction; returns the shift's id. */
  record(sale: DrawerSale): string {
    const shift = takingShift(this.shifts);
    this.shifts.addEntry({
      shiftId: shift.id,
      kind: 'sale',
      reference: null,
      reason: null,
      ...sale,
    });
    return shift.id;
  }
}
