import { useEffect } from 'react';
import { formatDateTime } from '../format';
import { useLotStore } from '../stores/lot-store';
import { InlineError } from './InlineError';

/** The latest audited actions, newest first as the station returns them. Managers only. */
export function AuditLog() {
  const audit = useLotStore((s) => s.audit);
  const loading = useLotStore((s) => s.auditLoading);
  const error = useLotStore((s) => s.auditError);
  const loadAudit = useLotStore((s) => s.loadAudit);

  useEffect(() => {
    void loadAudit();
  }, [loadAudit]);

  return (
    <section aria-labelledby="audit-title">
      <div className="screen-head">
        <h2 id="audit-title">Audit log</h2>
        <button type="button" onClick={() => void loadAudit()} disabled={loading}>
          Refresh
        </button>
      </div>
      <InlineError message={error} />
      {!loading && !error && audit.length === 0 && <p className="muted">Nothing recorded yet.</p>}
      <table className="audit-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Subject</th>
            <th scope="col">Reason</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {audit.map((entry) => (
            <tr key={entry.id}>
              <td>{formatDateTime(entry.at)}</td>
              <td>{entry.actor}</td>
              <td>{entry.action}</td>
              <td>{entry.subject}</td>
              <td>{entry.reason}</td>
              <td>{entry.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
