import { useEffect, type ComponentType } from 'react';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Header } from './components/Header';
import { ShortcutHelp } from './components/ShortcutHelp';
import { StatusStrip } from './components/StatusStrip';
import { Toasts } from './components/Toasts';
import { LockScreen } from './components/LockScreen';
import { OfflineBanner } from './components/OfflineBanner';
import { useIdleLock } from './hooks/use-idle-lock';
import { useShortcuts } from './hooks/use-shortcuts';
import { useWedgeScanner } from './wedge/use-wedge-scanner';
import { AlertsScreen } from './screens/AlertsScreen';
import { ChangePinScreen } from './screens/ChangePinScreen';
import { ConnectingScreen } from './screens/ConnectingScreen';
import { FirstRunScreen } from './screens/FirstRunScreen';
import { FuelScreen } from './screens/FuelScreen';
import { LanesScreen } from './screens/LanesScreen';
import { LotScreen } from './screens/LotScreen';
import { ScheduleScreen } from './screens/ScheduleScreen';
import { ChartsScreen } from './screens/ChartsScreen';
import { ExceptionsScreen } from './screens/ExceptionsScreen';
import { OperatorsScreen } from './screens/OperatorsScreen';
import { SessionsScreen } from './screens/SessionsScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { ShiftScreen } from './screens/ShiftScreen';
import { SignInScreen } from './screens/SignInScreen';
import { SyncScreen } from './screens/SyncScreen';
import { useOperatorStore } from './stores/operator-store';
import { useStatusStore } from './stores/status-store';
import { useUiStore, type Screen } from './stores/ui-store';
import { loadStation } from './workflows';

const screens: Record<Screen, ComponentType> = {
  lanes: LanesScreen,
  sessions: SessionsScreen,
  lot: LotScreen,
  alerts: AlertsScreen,
  shift: ShiftScreen,
  schedule: ScheduleScreen,
  fuel: FuelScreen,
  charts: ChartsScreen,
  exceptions: ExceptionsScreen,
  sync: SyncScreen,
  operators: OperatorsScreen,
  settings: SettingsScreen,
};

const MANAGER_SCREENS: readonly Screen[] = ['operators', 'settings', 'charts', 'exceptions'];

export function App() {
  const phase = useStatusStore((s) => s.phase);
  const signedIn = useOperatorStore((s) => s.operator !== null);
  const locked = useOperatorStore((s) => s.locked);
  const mustChangePin = useOperatorStore((s) => s.mustChangePin);
  const needsSetup = useOperatorStore((s) => s.needsSetup);
  const isManager = useOperatorStore((s) => s.operator?.role === 'manager');
  const chosen = useUiStore((s) => s.screen);
  const helpOpen = useUiStore((s) => s.helpOpen);

  useEffect(() => {
    void loadStation();
  }, []);
  useShortcuts(signedIn && !mustChangePin);
  useWedgeScanner(signedIn && !mustChangePin);
  useIdleLock();

  // The operators, settings, charts and exceptions screens are a manager's; a cashier who
  // reached one somehow sees the lanes.
  const managers = MANAGER_SCREENS.includes(chosen);
  const screen = managers && !isManager ? 'lanes' : chosen;
  const Current = screens[screen];
  return (
    <div className="app">
      <Header />
      {/* Empty unless sync is offline (and so only while someone is signed in). */}
      <OfflineBanner />
      <main className="main">
        {phase !== 'ready' ? (
          <ConnectingScreen />
        ) : signedIn && mustChangePin ? (
          <ChangePinScreen />
        ) : signedIn ? (
          // A crash in one screen leaves the header, nav and status strip usable.
          <ErrorBoundary key={screen}>
            <Current />
          </ErrorBoundary>
        ) : needsSetup ? (
          <FirstRunScreen />
        ) : (
          <SignInScreen />
        )}
      </main>
      <StatusStrip />
      <Toasts />
      {helpOpen && <ShortcutHelp />}
      {/* Over the screen, which stays mounted under it: the operator's place is kept. */}
      {signedIn && locked && <LockScreen />}
    </div>
  );
}
