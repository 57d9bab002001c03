import type { PlainKey } from '../../src-shared';
import { useAlertsStore } from '../stores/alerts-store';
import { useT } from '../stores/i18n-store';
import { useOperatorStore } from '../stores/operator-store';
import { useReceiptsStore } from '../stores/receipts-store';
import { selectHasForecourt, useStatusStore } from '../stores/status-store';
import { selectHeldCount, useSyncStore } from '../stores/sync-store';
import { useUiStore, type Screen } from '../stores/ui-store';

const items: { screen: Screen; label: PlainKey; key?: string; managers?: true }[] = [
  { screen: 'lanes', label: 'nav.lanes', key: 'F1' },
  { screen: 'sessions', label: 'nav.sessions', key: 'F2' },
  { screen: 'lot', label: 'nav.lot', key: 'F3' },
  { screen: 'alerts', label: 'nav.alerts', key: 'F4' },
  { screen: 'shift', label: 'nav.shift', key: 'F6' },
  { screen: 'schedule', label: 'nav.schedule', key: 'F7' },
  { screen: 'fuel', label: 'nav.fuel', key: 'F8' },
  { screen: 'sync', label: 'nav.sync' },
  { screen: 'operators', label: 'nav.operators', managers: true },
  { screen: 'settings', label: 'nav.settings', managers: true },
  { screen: 'charts', label: 'nav.charts', managers: true },
  { screen: 'exceptions', label: 'nav.exceptions', managers: true },
];

export function NavBar() {
  const t = useT();
  const screen = useUiStore((s) => s.screen);
  const go = useUiStore((s) => s.go);
  const isManager = useOperatorStore((s) => s.operator?.role === 'manager');
  const hasForecourt = useStatusStore(selectHasForecourt);
  // Receipts to check wait on the Alerts screen too, so they count.
  const alertCount =
    useAlertsStore((s) => s.alerts.length) + useReceiptsStore((s) => s.jobs.length);
  const heldCount = useSyncStore(selectHeldCount);
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      {items
        .filter((item) => isManager || !item.managers)
        // A car park has no pumps: no Fuel screen to offer.
        .filter((item) => hasForecourt || item.screen !== 'fuel')
        .map((item) => (
          <button
            key={item.screen}
            type="button"
            className="nav-item"
            aria-current={screen === item.screen ? 'page' : undefined}
            aria-keyshortcuts={item.key}
            onClick={() => go(item.screen)}
          >
            {t(item.label)}
            {item.key && <kbd>{item.key}</kbd>}
            {item.screen === 'alerts' && alertCount > 0 && (
              <>
                <span className="badge" data-testid="alert-count">
                  {alertCount}
                </span>
                <span className="sr-only">{t('nav.open')}</span>
              </>
            )}
            {item.screen === 'sync' && heldCount > 0 && (
              <>
                <span className="badge badge-warn" data-testid="sync-held-count">
                  {heldCount}
                </span>
                <span className="sr-only">{t('nav.held')}</span>
              </>
            )}
          </button>
        ))}
    </nav>
  );
}
