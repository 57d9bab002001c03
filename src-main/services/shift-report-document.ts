import { translateCount, type ShiftReportView } from '../../src-shared';
import type { ReceiptDocument } from '../devices/printer/receipt-document';
import type { Paper } from './receipt-builder';

/**
 * An X or Z report as the receipt printer prints it: the same figures the screen shows, so the
 * paper in the safe bag and the stored report can't disagree; in the site's receipt language,
 * money and times as the site writes them.
 */
export function buildShiftReportDocument(
  r: ShiftReportView,
  site: { stationName: string; paper: Paper },
): ReceiptDocument {
  const { t, format } = site.paper;
  const money = (m: number) => format.money(m, r.currency);
  const when = (at: number) => format.dateTime(at);
  const x = r.totals;
  const range = x.receiptRange
    ? t('report.range', { first: x.receiptRange.first, last: x.receiptRange.last })
    : t('report.noReceipts');
  const totals = [
    { left: t('report.float'), right: money(x.floatMinor) },
    { left: t('report.cashTendered'), right: money(x.cashTenderedMinor) },
    { left: t('report.changeGiven'), right: money(-x.changeMinor) },
    { left: t('report.payIns'), right: money(x.payInsMinor) },
    { left: t('report.payOuts'), right: money(-x.payOutsMinor) },
    { left: t('report.drops'), right: money(-x.dropsMinor) },
    { left: t('report.cashReturned'), right: money(-x.cashReturnedMinor) },
    { left: t('report.expected'), right: money(x.expectedCashMinor), bold: true },
  ];
  if (r.kind === 'Z' && r.countedMinor !== null && r.varianceMinor !== null) {
    totals.push(
      { left: t('report.counted'), right: money(r.countedMinor), bold: true },
      {
        left: r.varianceMinor >= 0 ? t('report.over') : t('report.short'),
        right: money(r.varianceMinor),
      },
    );
  }
  const notes = [
    t('report.shiftOpened', { id: r.shiftId, time: when(r.openedAt), operator: r.openedBy }),
    t('report.receipts', { range }),
  ];
  if (r.varianceReason) {
    notes.push(t('report.accepted', { operator: r.approvedBy ?? '', reason: r.varianceReason }));
  }
  return {
    header: [
      site.stationName,
      r.kind === 'Z' ? t('report.z') : t('report.x'),
      t('report.header', { id: r.id, time: when(r.at), operator: r.takenBy }),
    ],
    lines: [
      { left: t('report.sales', { count: x.sales.count }), right: money(x.sales.amountMinor) },
      {
        left: t('report.salesCash', { count: x.byTender.cash.count }),
        right: money(x.byTender.cash.amountMinor),
      },
      {
        left: t('report.salesCard', { count: x.byTender.card.count }),
        right: money(x.byTender.card.amountMinor),
      },
      {
        left: t('report.salesQr', { count: x.byTender.qr.count }),
        right: money(x.byTender.qr.amountMinor),
      },
      { left: t('report.voids', { count: x.voids.count }), right: money(-x.voids.amountMinor) },
      {
        left: t('report.refunds', { count: x.refunds.count }),
        right: money(-x.refunds.amountMinor),
      },
      { left: t('report.cardReturned'), right: money(-x.cardReturnedMinor) },
      {
        left: t('report.waivers', { count: x.waivers.count }),
        right: money(x.waivers.amountMinor),
      },
      {
        left: t('report.redemptions', { count: x.redemptions.count }),
        right: translateCount(site.paper.language, 'report.points', x.redemptions.points, {
          points: x.redemptions.points,
        }),
      },
    ],
    totals,
    notes,
    barcode: null,
    footer: [r.kind === 'Z' ? t('report.signed') : t('report.notClosing')],
  };
}
