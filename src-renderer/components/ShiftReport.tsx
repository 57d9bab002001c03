import type { ShiftReportView } from '../../src-shared';
import { formatDateTime, money } from '../format';

/** An X or Z report on screen: the same figures the printer printed, and the count's result. */
export function ShiftReport({ report, onDone }: { report: ShiftReportView; onDone: () => void }) {
  const t = report.totals;
  const m = (minor: number) => money(minor, report.currency);
  const rows: [string, number][] = [
    ['Float', t.floatMinor],
    ['Cash tendered', t.cashTenderedMinor],
    ['Change given', -t.changeMinor],
    ['Pay-ins', t.payInsMinor],
    ['Pay-outs', -t.payOutsMinor],
    ['Safe drops', -t.dropsMinor],
    ['Cash returned (voids, refunds)', -t.cashReturnedMinor],
  ];
  const title = report.kind === 'Z' ? 'Z report: shift closed' : 'X report: shift so far';
  return (
    <section className="card shift-report" aria-label={title} data-testid={`report-${report.kind}`}>
      <h2>{title}</h2>
      <p className="muted">
        Report {report.id}, {formatDateTime(report.at)} by {report.takenBy}. Shift opened{' '}
        {formatDateTime(report.openedAt)} by {report.openedBy}.
      </p>
      <div className="report-columns">
        <table className="report-table">
          <caption>Sales</caption>
          <tbody>
            <tr>
              <th scope="row">All sales ({t.sales.count})</th>
              <td data-testid="report-sales">{m(t.sales.amountMinor)}</td>
            </tr>
            <tr>
              <th scope="row">Cash ({t.byTender.cash.count})</th>
              <td>{m(t.byTender.cash.amountMinor)}</td>
            </tr>
            <tr>
              <th scope="row">Card ({t.byTender.card.count})</th>
              <td>{m(t.byTender.card.amountMinor)}</td>
            </tr>
            <tr>
              <th scope="row">QR ({t.byTender.qr.count})</th>
              <td>{m(t.byTender.qr.amountMinor)}</td>
            </tr>
            <tr>
              <th scope="row">Voids ({t.voids.count})</th>
              <td>{m(-t.voids.amountMinor)}</td>
            </tr>
            <tr>
              <th scope="row">Refunds ({t.refunds.count})</th>
              <td>{m(-t.refunds.amountMinor)}</td>
            </tr>
            <tr>
              <th scope="row">Fees waived ({t.waivers.count})</th>
              <td>{m(t.waivers.amountMinor)}</td>
            </tr>
            <tr>
              <th scope="row">Receipts</th>
              <td>
                {t.receiptRange ? `${t.receiptRange.first} to ${t.receiptRange.last}` : 'none'}
              </td>
            </tr>
          </tbody>
        </table>
        <table className="report-table">
          <caption>Cash in the drawer</caption>
          <tbody>
            {rows.map(([label, minor]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{m(minor)}</td>
              </tr>
            ))}
            <tr className="report-total">
              <th scope="row">Expected cash</th>
              <td data-testid="report-expected">{m(t.expectedCashMinor)}</td>
            </tr>
            {report.countedMinor !== null && report.varianceMinor !== null && (
              <>
                <tr className="report-total">
                  <th scope="row">Counted cash</th>
                  <td data-testid="report-counted">{m(report.countedMinor)}</td>
                </tr>
                <tr>
                  <th scope="row">{report.varianceMinor >= 0 ? 'Over' : 'Short'}</th>
                  <td data-testid="report-variance">{m(report.varianceMinor)}</td>
                </tr>
              </>
            )}
          </tbody>
        </table>
      </div>
      {report.varianceReason && (
        <p>
          Difference accepted by {report.approvedBy}: {report.varianceReason}
        </p>
      )}
      <p className={report.printState === 'printed' ? 'muted' : 'receipt-failed'}>
        {report.printState === 'printed'
          ? 'Printed.'
          : `Not printed: ${report.printDetail || report.printState}`}
      </p>
      <div className="row">
        <button type="button" className="primary" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
