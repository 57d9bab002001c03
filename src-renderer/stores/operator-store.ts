import { create } from 'zustand';
import type { OperatorView } from '../../src-shared';
import { errorMessage, onSignInLost, station } from '../station';

interface OperatorState {
  operator: OperatorView | null;
  signingIn: boolean;
  error: string | null;
  /** Set from station:status: the main process remembers sign-in per window. */
  setFromStatus: (operator: OperatorView | null) => void;
  signIn: (name: string, pin: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** The station answered NOT_SIGNED_IN: drop back to the sign-in screen. */
  expire: () => void;
}

export const useOperatorStore = create<OperatorState>()((set) => ({
  operator: null,
  signingIn: false,
  error: null,
  setFromStatus(operator) {
    set({ operator });
  },
  async signIn(name, pin) {
    set({ signingIn: true, error: null });
    try {
      const operator = await station().request('operator:signIn', { name, pin });
      set({ operator, signingIn: false });
    } catch (err) {
      set({ signingIn: false, error: errorMessage(err) });
    }
  },
  async signOut() {
    try {
      await station().request('operator:signOut', {});
    } finally {
      // Even if the station is unreachable, this screen must not stay signed in.
      set({ operator: null, error: null });
    }
  },
  expire() {
    set({ operator: null, error: 'Your sign-in has ended. Sign in again.' });
  },
}));

onSignInLost(() => useOperatorStore.getState().expire());
