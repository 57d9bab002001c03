import { useEffect, useState } from 'react';
import type { HeldAggregateView, PlainKey, SyncStatusView } from '../../src-shared';
import { InlineError } from '../components/InlineError';
import { RetryHeldDialog } from '../components/RetryHeldDialog';
import { formatWhen } from '../format';
import { useNow } from '../hooks/use-now';
import { useT } from '../stores/i18n-store';
import { useOperatorStore } from '../stores/operator-store';
import { useSyncStore } from '../stores/sync-store';
import {
  elapsed,
  hoursOld,
  offlinePolicyMeaningKey,
  offlinePolicyNameKey,
  whenAgo,
} from '../sync-text';

const stateKey: Record<SyncStatusView['state'], PlainKey> = {
  online: 'sync.online',
  offline: 'sync.offline',
  off: 'sync.off',
};

/** Where sync with the operator's server stands, "Sync now", and the aggregates it holds back. */
export function SyncScreen() {
  const t = useT();
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
        <h1 id="sync-title">{t('sync.title')}</h1>
        <button
          type="button"
          className="primary"
          disabled={syncing || status === null || status.state === 'off'}
          onClick={() => void syncNow()}
        >
          {syncing ? t('sync.syncing') : t('sync.now')}
        </button>
        {status === null && (
          <button type="button" onClick={() => void load()}>
            {t('common.refresh')}
          </button>
        )}
      </div>
      {syncing && (
        <p className="note" role="status">
          {t('sync.round')}
        </p>
      )}
      <InlineError message={error} />
      {status === null ? (
        !error && <p className="muted">{t('common.loading')}</p>
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
  const t = useT();
  const reference = status.referenceDataAt;
  return (
    <div className="card sync-facts">
      <dl className="facts">
        <dt>{t('sync.state')}</dt>
        <dd>
          <span className={`sync-state sync-state-${status.state}`} data-testid="sync-state">
            {t(stateKey[status.state])}
          </span>
        </dd>
        <dt>{t('sync.server')}</dt>
        <dd className="sync-url">{status.serverUrl ?? t('common.none')}</dd>
        <dt>{t('sync.lastContact')}</dt>
        <dd>{whenAgo(now, status.lastContactAt)}</dd>
        <dt>{t('sync.lastPush')}</dt>
        <dd>{whenAgo(now, status.lastPushAt)}</dd>
        <dt>{t('sync.lastPull')}</dt>
        <dd>{whenAgo(now, status.lastPullAt)}</dd>
        <dt>{t('sync.pendingEvents')}</dt>
        <dd data-testid="sync-pending">
          {status.pendingEvents}
          {status.oldestPendingAt !== null &&
            t('sync.oldestPending', {
              time: formatWhen(status.oldestPendingAt),
              age: elapsed(now, status.oldestPendingAt),
            })}
        </dd>
        <dt>{t('sync.pendingMessages')}</dt>
        <dd>{status.pendingMessages}</dd>
        <dt>{t('sync.referenceData')}</dt>
        <dd>
          {reference === null
            ? t('sync.referenceNotPulled')
            : t('sync.referenceAsOf', {
                time: formatWhen(reference),
                age: hoursOld(now, reference),
              })}
        </dd>
        <dt>{t('sync.offlinePolicy')}</dt>
        <dd>
          {t(offlinePolicyNameKey[status.offlinePolicy])}:{' '}
          {t(offlinePolicyMeaningKey[status.offlinePolicy])}
        </dd>
        <dt>{t('sync.lastError')}</dt>
        <dd className={status.lastError ? 'sync-error' : undefined}>
          {status.lastError ?? t('common.none')}
        </dd>
      </dl>
    </div>
  );
}

function HeldTable({ held, now }: { held: HeldAggregateView[]; now: number }) {
  const t = useT();
  const isManager = useOperatorStore((s) => s.operator?.role === 'manager');
  const [retrying, setRetrying] = useState<HeldAggregateView | null>(null);
  return (
    <div className="card sync-held">
      <h2>{t('sync.heldTitle')}</h2>
      {held.length === 0 ? (
        <p className="muted">{t('sync.nothingHeld')}</p>
      ) : (
        <>
          <p>{t('sync.heldBody')}</p>
          {!isManager && <p className="note">{t('sync.retryNeedsManager')}</p>}
          <div className="table-scroll">
            <table className="lot-table held-table">
              <thead>
                <tr>
                  <th scope="col">{t('sync.type')}</th>
                  <th scope="col">{t('sync.id')}</th>
                  <th scope="col">{t('sync.firstHeldSeq')}</th>
                  <th scope="col">{t('sync.eventsHeld')}</th>
                  <th scope="col">{t('sync.error')}</th>
                  <th scope="col">{t('sync.heldSince')}</th>
                  <th scope="col">{t('sync.action')}</th>
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
                      <small className="muted">
                        {t('sync.ago', { age: elapsed(now, h.heldAt) })}
                      </small>
                    </td>
                    <td>
                      <button
                        type="button"
                        onClick={() => setRetrying(h)}
                        aria-label={t('sync.retryLabel', {
                          type: h.aggregateType,
                          id: h.aggregateId,
                        })}
                      >
                        {t('common.retry')}
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
