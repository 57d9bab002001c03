import { useState } from 'react';
import type { PrintJobView } from '../../src-shared';
import { formatWhen, money } from '../format';
import { useReceiptsStore } from '../stores/receipts-store';
import { ReasonDialog } from './ReasonDialog';

type Asking = { job: PrintJobView; action: 'reprint' | 'void' } | null;

function why(job: PrintJobView): string {
  return job.state === 'interrupted'
    ? 'Cut off by a restart: it may or may not have printed'
    : `Did not print: ${job.detail || 'printer problem'}`;
}

/**
 * Receipts whose printing failed or was cut off: the money is taken either way, so the cashier
 * hands the customer a COPY, or voids the print (the customer has it, or has gone).
 */
export function ReceiptsToCheck() {
  const jobs = useReceiptsStore((s) => s.jobs);
  const reprint = useReceiptsStore((s) => s.reprint);
  const voidJob = useReceiptsStore((s) => s.voidJob);
  const [asking, setAsking] = useState<Asking>(null);
  if (jobs.length === 0) return null;
  return (
    <div className="card" data-testid="receipts-to-check">
      <h2>Receipts to check</h2>
      <ul className="receipt-jobs">
        {jobs.map((job) => (
          <li key={job.jobId} className="receipt-job">
            <span>
              <strong className="plate">{job.plate}</strong> {money(job.amountMinor, job.currency)}{' '}
              · {job.receiptNumber} · {formatWhen(job.at)}
              {job.copy ? ' · copy' : ''}
              <br />
              <small>{why(job)}</small>
            </span>
            <span className="receipt-job-actions">
              <button type="button" onClick={() => setAsking({ job, action: 'reprint' })}>
                Reprint as copy
              </button>
              <button type="button" onClick={() => setAsking({ job, action: 'void' })}>
                Void print
              </button>
            </span>
          </li>
        ))}
      </ul>
      {asking && (
        <ReasonDialog
          title={asking.action === 'reprint' ? 'Reprint receipt as COPY' : 'Void receipt print'}
          confirmLabel={asking.action === 'reprint' ? 'Reprint' : 'Void'}
          onSubmit={async (reason) => {
            if (asking.action === 'reprint') await reprint(asking.job.receiptId, reason);
            else await voidJob(asking.job.jobId, reason);
          }}
          onClose={() => setAsking(null)}
        >
          <p>
            {asking.job.plate}, {money(asking.job.amountMinor, asking.job.currency)}. The payment
            stands either way.
          </p>
        </ReasonDialog>
      )}
    </div>
  );
}
