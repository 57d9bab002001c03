import { useNow } from '../hooks/use-now';
import {
  selectIsOffline,
  selectLastContactAt,
  selectOfflinePolicy,
  useSyncStore,
} from '../stores/sync-store';
import { useT } from '../stores/i18n-store';
import { useUiStore } from '../stores/ui-store';
import { offlineHeadline, offlinePolicyMeaningKey } from '../sync-text';

/** Often enough that "for N min" is never more than a minute behind. */
export const offlineTickMs = 15_000;

/**
 * Across every screen while the operator's server does not answer: for how long, what the
 * site's offline policy means at the lanes, and that loyalty can't be redeemed. The live region
 * is always there (empty while online), so a screen reader hears the banner when it appears.
 */
export function OfflineBanner() {
  const offline = useSyncStore(selectIsOffline);
  return (
    <div className="offline-region" role="status" aria-live="polite">
      {offline && <OfflineDetails />}
    </div>
  );
}

function OfflineDetails() {
  const t = useT();
  const lastContactAt = useSyncStore(selectLastContactAt);
  const policy = useSyncStore(selectOfflinePolicy);
  const screen = useUiStore((s) => s.screen);
  const go = useUiStore((s) => s.go);
  const now = useNow(offlineTickMs);
  return (
    <div className="offline-banner" data-testid="offline-banner">
      <div className="offline-text">
        <strong>{offlineHeadline(now, lastContactAt)}.</strong>
        {policy && <span> {t(offlinePolicyMeaningKey[policy])}</span>}
        <span> {t('offline.loyalty')}</span>
      </div>
      {screen !== 'sync' && (
        <button type="button" onClick={() => go('sync')}>
          {t('offline.details')}
        </button>
      )}
    </div>
  );
}
