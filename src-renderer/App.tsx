import { useEffect, type ComponentType } from 'react';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Header } from './components/Header';
import { ShortcutHelp } from './components/ShortcutHelp';
import { StatusStrip } from './components/StatusStrip';
import { Toasts } from './components/Toasts';
import { useShortcuts } from './hooks/use-shortcuts';
import { AlertsScreen } from './screens/AlertsScreen';
import { ConnectingScreen } from './screens/ConnectingScreen';
import { LanesScreen } from './screens/LanesScreen';
import { LotScreen } from './screens/LotScreen';
import { SessionsScreen } from './screens/SessionsScreen';
import { SignInScreen } from './screens/SignInScreen';
import { useOperatorStore } from './stores/operator-store';
import { useStatusStore } from './stores/status-store';
import { useUiStore, type Screen } from './stores/ui-store';
import { loadStation } from './workflows';

const screens: Record<Screen, ComponentType> = {
  lanes: LanesScreen,
  sessions: SessionsScreen,
  lot: LotScreen,
  alerts: AlertsScreen,
};

export function App() {
  const phase = useStatusStore((s) => s.phase);
  const signedIn = useOperatorStore((s) => s.operator !== null);
  const screen = useUiStore((s) => s.screen);
  const helpOpen = useUiStore((s) => s.helpOpen);

  useEffect(() => {
    void loadStation();
  }, []);
  useShortcuts(signedIn);

  const Current = screens[screen];
  return (
    <div className="app">
      <Header />
      <main className="main">
        {phase !== 'ready' ? (
          <ConnectingScreen />
        ) : signedIn ? (
          // A crash in one screen leaves the header, nav and status strip usable.
          <ErrorBoundary key={screen}>
            <Current />
          </ErrorBoundary>
        ) : (
          <SignInScreen />
        )}
      </main>
      <StatusStrip />
      <Toasts />
      {helpOpen && <ShortcutHelp />}
    </div>
  );
}
