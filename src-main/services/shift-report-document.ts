import type { ShiftReportView } from '../../src-shared';
import { formatMoney } from '../../src-shared';
import type { ReceiptDocument } from '../devices/printer/receipt-document';

/**
 * An X or Z report as the receipt printer prints it: the same figures the screen shows, so the
 * paper in the safe bag and the stored report can't disagree.
 */
export function buildShiftReportDocument(
  r: ShiftReportView,
  site: { stationName: string; timeZone: string },
): ReceiptDocument {
  const money = (m: number) => formatMoney(m, r.currency);
  const when = (at: number) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: site.timeZone,
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(at);
  const t = r.totals;
  const range = t.receiptRange ? `${t.receiptRange.first} to ${t.receiptRange.last}` : 'none';
  const totals = [
    { left: 'Float', right: money(t.floatMinor) },
    { left: 'Cash tendered', right: money(t.cashTenderedMinor) },
    { left: 'Change given', right: money(-t.changeMinor) },
    { left: 'Pay-ins', right: money(t.payInsMinor) },
    { left: 'Pay-outs', right: money(-t.payOutsMinor) },
    { left: 'Safe drops', right: money(-t.dropsMinor) },
    { left: 'Cash returned', right: money(-t.cashReturnedMinor) },
    { left: 'EXPECTED CASH', right: money(t.expectedCashMinor), bold: true },
  ];
  if (r.kind === 'Z' && r.countedMinor !== null && r.varianceMinor !== null) {
    totals.push(
      { left: 'COUNTED CASH', right: money(r.countedMinor), bold: true },
      { left: r.varianceMinor >= 0 ? 'Over' : 'Short', right: money(r.varianceMinor) },
    );
  }
  const notes = [
    `Shift ${r.shiftId}, opened ${when(r.openedAt)} by ${r.openedBy}`,
    `Receipts ${range}`,
  ];
  if (r.varianceReason) notes.push(`Difference accepted by ${r.approvedBy}: ${r.varianceReason}`);
  return {
    header: [
      site.stationName,
      r.kind === 'Z' ? 'Z report: shift closed' : 'X report: shift so far',
      `Report ${r.id}, ${when(r.at)} by ${r.takenBy}`,
    ],
    lines: [
      { left: `Sales (${t.sales.count})`, right: money(t.sales.amountMinor) },
      { left: `  Cash (${t.byTender.cash.count})`, right: money(t.byTender.cash.amountMinor) },
      { left: `  Card (${t.byTender.card.count})`, right: money(t.byTender.card.amountMinor) },
      { left: `  QR (${t.byTender.qr.count})`, right: money(t.byTender.qr.amountMinor) },
      { left: `Voids (${t.voids.count})`, right: money(-t.voids.amountMinor) },
      { left: `Refunds (${t.refunds.count})`, right: money(-t.refunds.amountMinor) },
      { left: `Fees waived (${t.waivers.count})`, right: money(t.waivers.amountMinor) },
    ],
    totals,
    notes,
    barcode: null,
    footer: [r.kind === 'Z' ? 'Signed: ____________' : 'Not a closing report'],
  };
}
