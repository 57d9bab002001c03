import { translateCount } from '../../src-shared';
import type { MemberView } from '../../src-shared/contract/loyalty';
import type { ReceiptDocument } from '../devices/printer/receipt-document';
import type { ReceiptPrinter } from '../devices/printer/receipt-printer';
import type { Paper } from './receipt-builder';

/** One redemption as its slip shows it. */
export interface Redemption {
  /** The ledger's redemption id: the slip's barcode, so it can be found again. */
  id: string;
  /** The product taken, or what the cashier wrote the points were spent on. */
  description: string;
  points: number;
  memberName: string;
  balanceAfter: number;
  at: number;
  operator: string;
}

/** What became of a slip: printed, or why not (the redemption stands either way). */
export interface SlipPrinted {
  printState: 'printed' | 'failed';
  detail: string;
}

/**
 * The customer's slip for a loyalty redemption: what they took for how many points, their
 * balance after it, when and by whom, with the redemption's id as a barcode. It is printed
 * after the redemption committed, straight to the printer (a redemption takes no money, so no
 * receipt number); a printer that fails never undoes the redemption, and the cashier is told.
 */
export class RedemptionSlips {
  constructor(
    private readonly d: {
      printer: Pick<ReceiptPrinter, 'print'>;
      stationName: string;
      /** The receipt language's words and formats now. */
      paper: () => Paper;
    },
  ) {}

  /** The redemption done (it committed), with its slip printed: what the cashier is told. */
  async after(done: {
    member: MemberView;
    redemption: Redemption;
  }): Promise<{ member: MemberView; slip: SlipPrinted }> {
    return { member: done.member, slip: await this.print(done.redemption) };
  }

  async print(r: Redemption): Promise<SlipPrinted> {
    try {
      const result = await this.d.printer.print(
        buildRedemptionSlip(this.d.stationName, this.d.paper(), r),
      );
      return { printState: result.ok ? 'printed' : 'failed', detail: result.detail };
    } catch (error) {
      return { printState: 'failed', detail: (error as Error).message };
    }
  }
}

export function buildRedemptionSlip(
  stationName: string,
  paper: Paper,
  r: Redemption,
): ReceiptDocument {
  const { t, format } = paper;
  const points = (n: number) =>
    translateCount(paper.language, 'report.points', n, { points: format.number(n) });
  return {
    header: [stationName, t('receipt.redemption')],
    lines: [{ left: r.description, right: points(r.points) }],
    totals: [{ left: t('receipt.pointsSpent'), right: points(r.points), bold: true }],
    notes: [
      t('receipt.member', { name: r.memberName }),
      t('receipt.pointsBalance', { points: format.number(r.balanceAfter) }),
      t('receipt.redeemedAt', { time: format.dateTime(r.at), operator: r.operator }),
      t('receipt.redemptionId', { id: r.id }),
    ],
    barcode: { kind: 'code128', data: r.id },
    footer: [t('receipt.thanks')],
  };
}
