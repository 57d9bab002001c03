import { useEffect, useState } from 'react';
import type { HeldAggregateView, SyncStatusView } from '../../src-shared';
import { InlineError } from '../components/InlineError';
import { RetryHeldDialog } from '../components/RetryHeldDialog';
import { formatWhen } from '../format';
import { useNow } from '../hooks/use-now';
import { useOperatorStore } from '../stores/operator-store';
import { useSyncStore } from '../stores/sync-store';
import { elapsed, hoursOld, offlinePolicyMeaning, offlinePolicyName, whenAgo } from '../sync-text';

const stateLabel: Record<SyncStatusView['state'], string> = {
  online: 'Online',
  offline: 'Offline',
  off: 'Off: no server configured',
};

/** Where sync with the operator's server stands, "Sync now", and the aggregates it holds back. */
export function SyncScreen() {
  const status = useSyncStore((s) => s.status);
  const syncing = useSyncStore((s) => s.syncing);
  const error = useSyncStore((s) => s.error);
  const syncNow = useSyncStore((s) => s.syncNow);
  const load = useSyncStore((s) => s.load);
  const now = useNow(15_000);

  // Pushes come when the state changes, not at every contact: the times are fresh on opening.
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className="screen" aria-labelledby="sync-title" aria-busy={syncing}>
      <div className="screen-head">
        <h1 id="sync-title">Sync with the operator&apos;s server</h1>
        <button
          type="button"
          className="primary"
          disabled={syncing || status === null || status.state === 'off'}
          onClick={() => void syncNow()}
        >
          {syncing ? 'Syncing…' : 'Sync now'}
        </button>
        {status === null && (
          <button type="button" onClick={() => void load()}>
            Refresh
          </button>
        )}
      </div>
      {syncing && (
        <p className="note" role="status">
          Sending and fetching: this takes one round with the server.
        </p>
      )}
      <InlineError message={error} />
      {status === null ? (
        !error && <p className="muted">Loading…</p>
      ) : (
        <>
          <SyncFacts status={status} now={now} />
          <HeldTable held={status.held} now={now} />
        </>
      )}
    </section>
  );
}

function SyncFacts({ status, now }: { status: SyncStatusView; now: number }) {
  const reference = status.referenceDataAt;
  return (
    <div className="card sync-facts">
      <dl className="facts">
        <dt>State</dt>
        <dd>
          <span className={`sync-state sync-state-${status.state}`} data-testid="sync-state">
            {stateLabel[status.state]}
          </span>
        </dd>
        <dt>Server</dt>
        <dd className="sync-url">{status.serverUrl ?? 'none'}</dd>
        <dt>Last contact</dt>
        <dd>{whenAgo(now, status.lastContactAt)}</dd>
        <dt>Last push</dt>
        <dd>{whenAgo(now, status.lastPushAt)}</dd>
        <dt>Last pull</dt>
        <dd>{whenAgo(now, status.lastPullAt)}</dd>
        <dt>Pending events</dt>
        <dd data-testid="sync-pending">
          {status.pendingEvents}
          {status.oldestPendingAt !== null &&
            `, the oldest from ${formatWhen(status.oldestPendingAt)} (${elapsed(now, status.oldestPendingAt)} old)`}
        </dd>
        <dt>Pending messages</dt>
        <dd>{status.pendingMessages}</dd>
        <dt>Reference data</dt>
        <dd>
          {reference === null
            ? 'Tariffs, permits and keys not pulled yet'
            : `Tariffs, permits and keys as of ${formatWhen(reference)}, ${hoursOld(now, reference)}`}
        </dd>
        <dt>Offline policy</dt>
        <dd>
          {offlinePolicyName[status.offlinePolicy]}: {offlinePolicyMeaning[status.offlinePolicy]}
        </dd>
        <dt>Last error</dt>
        <dd className={status.lastError ? 'sync-error' : undefined}>
          {status.lastError ?? 'none'}
        </dd>
      </dl>
    </div>
  );
}

function HeldTable({ held, now }: { held: HeldAggregateView[]; now: number }) {
  const isManager = useOperatorStore((s) => s.operator?.role === 'manager');
  const [retrying, setRetrying] = useState<HeldAggregateView | null>(null);
  return (
    <div className="card sync-held">
      <h2>Held by the server</h2>
      {held.length === 0 ? (
        <p className="muted">Nothing is held back: no aggregate was refused by the server.</p>
      ) : (
        <>
          <p>
            The server refused these; their later events wait behind them. Fix the cause on the
            server, then retry.
          </p>
          {!isManager && (
            <p className="note">
              Retrying takes a manager: their name and PIN in the dialog approve that one action.
            </p>
          )}
          <div className="table-scroll">
            <table className="lot-table held-table">
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col">ID</th>
                  <th scope="col">First held seq</th>
                  <th scope="col">Events held</th>
                  <th scope="col">Error</th>
                  <th scope="col">Held since</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {held.map((h) => (
                  <tr
                    key={`${h.aggregateType}:${h.aggregateId}`}
                    data-testid={`held-${h.aggregateType}-${h.aggregateId}`}
                  >
                    <td>{h.aggregateType}</td>
                    <td className="held-id">{h.aggregateId}</td>
                    <td className="amount">{h.fromSeq}</td>
                    <td className="amount">{h.events}</td>
                    <td className="held-error">
                      <strong>{h.code}</strong> {h.error}
                    </td>
                    <td className="nowrap">
                      {formatWhen(h.heldAt)}
                      <br />
                      <small className="muted">{elapsed(now, h.heldAt)} ago</small>
                    </td>
                    <td>
                      <button
                        type="button"
                        onClick={() => setRetrying(h)}
                        aria-label={`Retry ${h.aggregateType} ${h.aggregateId}`}
                      >
                        Retry
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {retrying && <RetryHeldDialog held={retrying} onClose={() => setRetrying(null)} />}
    </div>
  );
}
