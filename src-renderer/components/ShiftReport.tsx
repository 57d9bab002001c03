import { useEffect, useRef } from 'react';
import type { PlainKey, ShiftReportView } from '../../src-shared';
import { formatDateTime, money } from '../format';
import { useT, useTc } from '../stores/i18n-store';

/** An X or Z report on screen: the same figures the printer printed, and the count's result. */
export function ShiftReport({ report, onDone }: { report: ShiftReportView; onDone: () => void }) {
  const t = useT();
  const tc = useTc();
  const x = report.totals;
  const m = (minor: number) => money(minor, report.currency);
  const rows: [PlainKey, number][] = [
    ['report.float', x.floatMinor],
    ['report.cashTendered', x.cashTenderedMinor],
    ['report.changeGiven', -x.changeMinor],
    ['report.payIns', x.payInsMinor],
    ['report.payOuts', -x.payOutsMinor],
    ['report.drops', -x.dropsMinor],
    ['reportScreen.cashReturned', -x.cashReturnedMinor],
  ];
  const title = t(report.kind === 'Z' ? 'report.z' : 'report.x');
  // A new report opens at the top of the screen, above the button that asked for it: brought
  // to its start, where the expected cash is, rather than left scrolled off above.
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: 'start' });
  }, [report.id]);
  return (
    <section
      ref={ref}
      className="card shift-report"
      aria-label={title}
      data-testid={`report-${report.kind}`}
    >
      <h2>{title}</h2>
      <p className="muted">
        {t('reportScreen.about', {
          id: report.id,
          time: formatDateTime(report.at),
          operator: report.takenBy,
          opened: formatDateTime(report.openedAt),
          openedBy: report.openedBy,
        })}
      </p>
      <div className="report-columns">
        <table className="report-table">
          <caption>{t('reportScreen.sales')}</caption>
          <tbody>
            <tr>
              <th scope="row">{t('reportScreen.allSales', { count: x.sales.count })}</th>
              <td data-testid="report-sales">{m(x.sales.amountMinor)}</td>
            </tr>
            <tr>
              <th scope="row">{t('reportScreen.cash', { count: x.byTender.cash.count })}</th>
              <td>{m(x.byTender.cash.amountMinor)}</td>
            </tr>
            <tr>
              <th scope="row">{t('reportScreen.card', { count: x.byTender.card.count })}</th>
              <td>{m(x.byTender.card.amountMinor)}</td>
            </tr>
            <tr>
              <th scope="row">{t('reportScreen.qr', { count: x.byTender.qr.count })}</th>
              <td>{m(x.byTender.qr.amountMinor)}</td>
            </tr>
            <tr>
              <th scope="row">{t('report.voids', { count: x.voids.count })}</th>
              <td>{m(-x.voids.amountMinor)}</td>
            </tr>
            <tr>
              <th scope="row">{t('report.refunds', { count: x.refunds.count })}</th>
              <td>{m(-x.refunds.amountMinor)}</td>
            </tr>
            <tr>
              <th scope="row">{t('report.cardReturned')}</th>
              <td>{m(-x.cardReturnedMinor)}</td>
            </tr>
            <tr>
              <th scope="row">{t('report.waivers', { count: x.waivers.count })}</th>
              <td>{m(x.waivers.amountMinor)}</td>
            </tr>
            <tr>
              <th scope="row">{t('report.redemptions', { count: x.redemptions.count })}</th>
              <td data-testid="report-redeemed-points">
                {tc('report.points', x.redemptions.points, { points: x.redemptions.points })}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('reportScreen.receipts')}</th>
              <td>
                {x.receiptRange
                  ? t('report.range', { first: x.receiptRange.first, last: x.receiptRange.last })
                  : t('report.noReceipts')}
              </td>
            </tr>
          </tbody>
        </table>
        <table className="report-table">
          <caption>{t('reportScreen.drawer')}</caption>
          <tbody>
            {rows.map(([label, minor]) => (
              <tr key={label}>
                <th scope="row">{t(label)}</th>
                <td>{m(minor)}</td>
              </tr>
            ))}
            <tr className="report-total">
              <th scope="row">{t('reportScreen.expected')}</th>
              <td data-testid="report-expected">{m(x.expectedCashMinor)}</td>
            </tr>
            {report.countedMinor !== null && report.varianceMinor !== null && (
              <>
                <tr className="report-total">
                  <th scope="row">{t('reportScreen.counted')}</th>
                  <td data-testid="report-counted">{m(report.countedMinor)}</td>
                </tr>
                <tr>
                  <th scope="row">{t(report.varianceMinor >= 0 ? 'shift.over' : 'shift.short')}</th>
                  <td data-testid="report-variance">{m(report.varianceMinor)}</td>
                </tr>
              </>
            )}
          </tbody>
        </table>
      </div>
      {report.varianceReason && (
        <p>
          {t('report.accepted', {
            operator: report.approvedBy ?? '',
            reason: report.varianceReason,
          })}
        </p>
      )}
      <p className={report.printState === 'printed' ? 'muted' : 'receipt-failed'}>
        {report.printState === 'printed'
          ? t('reportScreen.printed')
          : t('reportScreen.notPrinted', { detail: report.printDetail || report.printState })}
      </p>
      <div className="row">
        <button type="button" className="primary" onClick={onDone}>
          {t('common.done')}
        </button>
      </div>
    </section>
  );
}
