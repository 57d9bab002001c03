import { useState } from 'react';
import type { PrintJobView } from '../../src-shared';
import { formatWhen, money } from '../format';
import { t as say, useT } from '../stores/i18n-store';
import { useReceiptsStore } from '../stores/receipts-store';
import { ReasonDialog } from './ReasonDialog';

type Asking = { job: PrintJobView; action: 'reprint' | 'void' } | null;

function why(job: PrintJobView): string {
  return job.state === 'interrupted'
    ? say('receipts.cutOff')
    : say('receipts.didNotPrint', { detail: job.detail || say('receipts.printerProblem') });
}

/**
 * Receipts whose printing failed or was cut off: the money is taken either way, so the cashier
 * hands the customer a COPY, or voids the print (the customer has it, or has gone).
 */
export function ReceiptsToCheck() {
  const t = useT();
  const jobs = useReceiptsStore((s) => s.jobs);
  const reprint = useReceiptsStore((s) => s.reprint);
  const voidJob = useReceiptsStore((s) => s.voidJob);
  const [asking, setAsking] = useState<Asking>(null);
  if (jobs.length === 0) return null;
  return (
    <div className="card" data-testid="receipts-to-check">
      <h2>{t('receipts.toCheck')}</h2>
      <ul className="receipt-jobs">
        {jobs.map((job) => (
          <li key={job.jobId} className="receipt-job">
            <span>
              <strong className="plate">{job.plate}</strong> {money(job.amountMinor, job.currency)}{' '}
              · {job.receiptNumber} · {formatWhen(job.at)}
              {job.copy ? t('receipts.copy') : ''}
              <br />
              <small>{why(job)}</small>
            </span>
            <span className="receipt-job-actions">
              <button type="button" onClick={() => setAsking({ job, action: 'reprint' })}>
                {t('receipts.reprintAsCopy')}
              </button>
              <button type="button" onClick={() => setAsking({ job, action: 'void' })}>
                {t('receipts.voidPrint')}
              </button>
            </span>
          </li>
        ))}
      </ul>
      {asking && (
        <ReasonDialog
          title={t(asking.action === 'reprint' ? 'receipts.reprintTitle' : 'receipts.voidTitle')}
          confirmLabel={t(asking.action === 'reprint' ? 'receipts.reprint' : 'receipts.void')}
          onSubmit={async (reason) => {
            if (asking.action === 'reprint') await reprint(asking.job.receiptId, reason);
            else await voidJob(asking.job.jobId, reason);
          }}
          onClose={() => setAsking(null)}
        >
          <p>
            {t('receipts.standsEitherWay', {
              plate: asking.job.plate,
              amount: money(asking.job.amountMinor, asking.job.currency),
            })}
          </p>
        </ReasonDialog>
      )}
    </div>
  );
}
