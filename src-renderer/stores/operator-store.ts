import { create } from 'zustand';
import type { OperatorView, StationApi } from '../../src-shared';
import { onSignedOut, signalSignedIn, signalSignedOut } from '../session-signal';
import { errorMessage, notConnected } from '../station';

interface OperatorState {
  operator: OperatorView | null;
  signingIn: boolean;
  error: string | null;
  start: (api: StationApi) => () => void;
  /** Set from station:status: the main process remembers sign-in per window. */
  setFromStatus: (operator: OperatorView | null) => void;
  signIn: (name: string, pin: string) => Promise<void>;
  signOut: () => Promise<void>;
}

/**
 * The owner of sign-in. Every change goes out on the session signal (this store hears it too),
 * so each store follows sign-in by itself.
 */
export const useOperatorStore = create<OperatorState>()((set, get) => {
  let api = notConnected;

  function adopt(operator: OperatorView, extra: Partial<OperatorState> = {}) {
    const wasSignedIn = get().operator !== null;
    set({ ...extra, operator });
    if (!wasSignedIn) signalSignedIn();
  }

  return {
    operator: null,
    signingIn: false,
    error: null,
    start(next) {
      api = next;
      return () => {
        api = notConnected;
      };
    },
    setFromStatus(operator) {
      if (operator) adopt(operator);
      else if (get().operator) signalSignedOut('signed-out');
    },
    async signIn(name, pin) {
      set({ signingIn: true, error: null });
      try {
        adopt(await api.request('operator:signIn', { name, pin }), { signingIn: false });
      } catch (err) {
        set({ signingIn: false, error: errorMessage(err) });
      }
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
    operator: null,
    error: reason === 'expired' ? 'Your sign-in has ended. Sign in again.' : null,
  }),
);
