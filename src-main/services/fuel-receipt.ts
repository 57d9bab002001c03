import { minorDigits } from '../../src-shared/i18n/format';
import { formatLitres, formatUnitPrice } from '../../src-shared/domain/fuel';
import type { FuelSale } from '../db/repositories/fuel-sale-repository';
import type { ReceiptDocument } from '../devices/printer/receipt-document';
import { receiptNumberLine, tenderLines, type Paper, type ReceiptInput } from './receipt-builder';

export interface FuelReceiptInput {
  stationName: string;
  paper: Paper;
  sale: FuelSale;
  payment: {
    amountMinor: number;
    tenderedMinor: number;
    changeMinor: number;
    at: number;
    operator: string;
    receiptId: string;
    receiptNumber: string;
  };
  /** Each tender's part (the card's with what identifies the card); absent: all in cash. */
  tenders?: ReceiptInput['tenders'];
  card?: ReceiptInput['card'];
  /** The member's points for the sale; balanceAfter null: offline, the receipt says pending. */
  loyalty: { memberName: string; points: number; balanceAfter: number | null } | null;
}

/**
 * The customer's fuel receipt: the grade and pump, the litres the dispenser measured at its
 * unit price, what was paid and the change, the plate, and the member's points with their new
 * balance ("pending" while the operator's server is away, as it confirms the balance).
 */
export function buildFuelReceipt(r: FuelReceiptInput): ReceiptDocument {
  const { t, format } = r.paper;
  const { sale } = r;
  const money = (m: number) => format.money(m, sale.currency);
  const decimal = (text: string) => text.replace('.', format.number(1.5).charAt(1));
  const currencyWord = money(0).replace(/[-\d\s.,]/g, '');
  const price = `${decimal(formatUnitPrice(sale.unitPrice, minorDigits(sale.currency)))} ${currencyWord}`;
  const loyalty = r.loyalty;
  return {
    header: [r.stationName, t('receipt.fuel'), receiptNumberLine(t, r.payment.receiptNumber)],
    lines: [
      { left: t('receipt.fuelGrade', { grade: sale.gradeName, pump: sale.pump }), right: '' },
      {
        left: t('receipt.fuelVolume', { litres: decimal(formatLitres(sale.millilitres)), price }),
        right: money(sale.amountMinor),
      },
    ],
    totals: [
      { left: t('receipt.total'), right: money(r.payment.amountMinor), bold: true },
      ...tenderLines(r, money),
      { left: t('receipt.change'), right: money(r.payment.changeMinor) },
    ],
    notes: [
      ...(sale.plate ? [t('receipt.plate', { plate: sale.plate })] : []),
      ...(loyalty
        ? [
            t('receipt.member', { name: loyalty.memberName }),
            t('receipt.pointsEarned', { points: format.number(loyalty.points) }),
            loyalty.balanceAfter === null
              ? t('receipt.pointsPending')
              : t('receipt.pointsBalance', { points: format.number(loyalty.balanceAfter) }),
          ]
        : []),
      t('receipt.paid', { time: format.dateTime(r.payment.at), operator: r.payment.operator }),
      t('receipt.id', { id: r.payment.receiptId }),
    ],
    barcode: { kind: 'code128', data: r.payment.receiptId },
    footer: [t('receipt.thanks')],
  };
}
