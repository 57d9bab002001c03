import { reportError } from '../report-error';
import { useOperatorStore } from '../stores/operator-store';
import { useStatusStore } from '../stores/status-store';
import { useUiStore } from '../stores/ui-store';
import { NavBar } from './NavBar';

export function Header() {
  const stationName = useStatusStore((s) => s.stationName);
  const operator = useOperatorStore((s) => s.operator);
  const signOut = useOperatorStore((s) => s.signOut);
  const setHelpOpen = useUiStore((s) => s.setHelpOpen);
  return (
    <header className="header">
      <div className="brand">{stationName || 'Station Console'}</div>
      {operator && <NavBar />}
      {operator && (
        <div className="operator">
          <span data-testid="operator">
            {operator.name} <span className="role">{operator.role}</span>
          </span>
          <button type="button" onClick={() => setHelpOpen(true)} aria-keyshortcuts="?">
            Shortcuts <kbd>?</kbd>
          </button>
          <button type="button" onClick={() => signOut().catch((err) => reportError(err))}>
            Sign out
          </button>
        </div>
      )}
    </header>
  );
}
