import { create } from 'zustand';
import type { ChannelName, OperatorSession, OperatorView, StationApi } from '../../src-shared';
import { onLocked, onSignedOut, signalSignedIn, signalSignedOut } from '../session-signal';
import { errorMessage, notConnected } from '../station';
import { t } from './i18n-store';

interface OperatorState {
  operator: OperatorView | null;
  /** Idle too long: the lock screen covers the console until the operator's PIN opens it. */
  locked: boolean;
  /** A temporary or short PIN: the console shows nothing but the change-PIN screen. */
  mustChangePin: boolean;
  /** The console locks itself after this long without input (the station's setting). */
  idleLockMs: number;
  /** The station has no operator yet: the first-run screen names the first manager. */
  needsSetup: boolean;
  signingIn: boolean;
  error: string | null;
  start: (api: StationApi) => () => void;
  /** From station:status: the main process remembers each console's session. */
  setFromStatus: (session: OperatorSession | null, needsSetup?: boolean) => void;
  signIn: (name: string, pin: string) => Promise<void>;
  /** First run: names the first manager and signs them in. */
  setUp: (name: string, pin: string) => Promise<void>;
  unlock: (pin: string) => Promise<void>;
  /** No input for idleLockMs: cover the console now (the station locks it too). */
  lock: () => void;
  /** Someone is at the console; tells the station now and then, so it keeps the session open. */
  activity: () => void;
  // These throw on failure, so their forms can say why.
  changePin: (currentPin: string, newPin: string) => Promise<void>;
  /** A manager's name and PIN approve one call of `channel` at this cashier's console. */
  approve: (channel: ChannelName, name: string, pin: string) => Promise<void>;
  signOut: () => Promise<void>;
}

const signedOut = { operator: null, locked: false, mustChangePin: false };

/**
 * The owner of sign-in. Every change goes out on the session signal (this store hears it too),
 * so each store follows sign-in by itself. A lock is not a sign-out: the stores keep what the
 * operator saw, for when they unlock.
 */
export const useOperatorStore = create<OperatorState>()((set, get) => {
  let api = notConnected;
  let lastReport = 0;

  function adopt(session: OperatorSession, extra: Partial<OperatorState> = {}) {
    const before = get().operator;
    // Another operator over a locked console: what the last one saw is not theirs to see.
    if (before && before.name !== session.name) signalSignedOut('signed-out');
    set({
      ...extra,
      operator: { name: session.name, role: session.role },
      locked: session.locked,
      mustChangePin: session.mustChangePin,
      idleLockMs: session.idleLockMs,
      needsSetup: false,
    });
    lastReport = Date.now();
    if (get().operator && (!before || before.name !== session.name)) signalSignedIn();
  }

  async function attempt(run: () => Promise<OperatorSession>) {
    set({ signingIn: true, error: null });
    try {
      adopt(await run(), { signingIn: false });
    } catch (err) {
      set({ signingIn: false, error: errorMessage(err) });
    }
  }

  return {
    ...signedOut,
    idleLockMs: 10 * 60_000,
    needsSetup: false,
    signingIn: false,
    error: null,
    start(next) {
      api = next;
      return () => {
        api = notConnected;
      };
    },
    setFromStatus(session, needsSetup = false) {
      set({ needsSetup });
      if (session) adopt(session);
      else if (get().operator) signalSignedOut('signed-out');
    },
    signIn: (name, pin) => attempt(() => api.request('operator:signIn', { name, pin })),
    setUp: (name, pin) => attempt(() => api.request('setup:firstManager', { name, pin })),
    unlock: (pin) => attempt(() => api.request('operator:unlock', { pin })),
    lock() {
      if (get().operator) set({ locked: true, error: null });
    },
    activity() {
      const { operator, locked, idleLockMs } = get();
      const now = Date.now();
      // Often enough that the station's idle clock never runs far behind this console's.
      if (!operator || locked || now - lastReport < Math.min(30_000, idleLockMs / 4)) return;
      lastReport = now;
      // A refusal signals itself (locked, signed out); nothing else here needs the answer.
      api.request('operator:activity', {}).catch(() => undefined);
    },
    async changePin(currentPin, newPin) {
      adopt(await api.request('operator:changePin', { currentPin, newPin }));
    },
    async approve(channel, name, pin) {
      await api.request('operator:elevate', { name, pin, channel });
    },
    async signOut() {
      try {
        await api.request('operator:signOut', {});
      } finally {
        // Even if the station is unreachable, this screen must not stay signed in.
        signalSignedOut('signed-out');
      }
    },
  };
});

onSignedOut((reason) =>
  useOperatorStore.setState({
    ...signedOut,
    error: reason === 'expired' ? t('signIn.ended') : null,
  }),
);
onLocked(() => useOperatorStore.getState().lock());
