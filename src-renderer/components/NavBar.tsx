import { useAlertsStore } from '../stores/alerts-store';
import { useReceiptsStore } from '../stores/receipts-store';
import { useUiStore, type Screen } from '../stores/ui-store';

const items: { screen: Screen; label: string; key: string }[] = [
  { screen: 'lanes', label: 'Lanes', key: 'F1' },
  { screen: 'sessions', label: 'Sessions', key: 'F2' },
  { screen: 'lot', label: 'Lot', key: 'F3' },
  { screen: 'alerts', label: 'Alerts', key: 'F4' },
];

export function NavBar() {
  const screen = useUiStore((s) => s.screen);
  const go = useUiStore((s) => s.go);
  // Receipts to check wait on the Alerts screen too, so they count.
  const alertCount =
    useAlertsStore((s) => s.alerts.length) + useReceiptsStore((s) => s.jobs.length);
  return (
    <nav className="nav" aria-label="Screens">
      {items.map((item) => (
        <button
          key={item.screen}
          type="button"
          className="nav-item"
          aria-current={screen === item.screen ? 'page' : undefined}
          aria-keyshortcuts={item.key}
          onClick={() => go(item.screen)}
        >
          {item.label}
          <kbd>{item.key}</kbd>
          {item.screen === 'alerts' && alertCount > 0 && (
            <>
              <span className="badge" data-testid="alert-count">
                {alertCount}
              </span>
              <span className="sr-only"> open</span>
            </>
          )}
        </button>
      ))}
    </nav>
  );
}
