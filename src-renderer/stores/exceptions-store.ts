import { create } from 'zustand';
import type { StationApi } from '../../src-shared';
import type { ExceptionView } from '../../src-shared/contract/exceptions';
import { onSignedOut, whileSignedIn } from '../session-signal';
import { errorMessage, isSessionRefusal, notConnected } from '../station';

interface ExceptionsState {
  exceptions: ExceptionView[];
  /** A list came back since sign-in (so this console may ask for it). */
  loaded: boolean;
  /** Acknowledged ones are listed too. */
  showAcknowledged: boolean;
  loading: boolean;
  error: string | null;
  start: (api: StationApi) => () => void;
  load: () => Promise<void>;
  setShowAcknowledged: (show: boolean) => void;
  /** Throws on failure, so its dialog can say why. */
  acknowledge: (id: string, note: string) => Promise<void>;
  reset: () => void;
}

const initial = {
  exceptions: [],
  loaded: false,
  showAcknowledged: false,
  loading: false,
  error: null,
};

/**
 * The manager's exceptions: what the station's rules raised from the journal, loaded when the
 * Exceptions screen asks (a cashier never does: the channels are a manager's).
 */
export const useExceptionsStore = create<ExceptionsState>()((set, get) => {
  let api = notConnected;
  // Bumped at each load and reset: only the newest answer is kept.
  let generation = 0;
  return {
    ...initial,
    start(next) {
      api = next;
      // Only a list a manager has loaded is asked for again: a cashier's console hears the
      // event too, and may not ask.
      const stop = whileSignedIn(() =>
        next.on('exceptions:changed', () => {
          if (get().loaded) void get().load();
        }),
      );
      return () => {
        stop();
        api = notConnected;
      };
    },
    async load() {
      const mine = ++generation;
      set({ loading: true, error: null });
      try {
        const exceptions = await api.request('exceptions:list', {
          openOnly: !get().showAcknowledged,
        });
        if (mine === generation) set({ exceptions, loaded: true, loading: false });
      } catch (err) {
        if (mine !== generation) return;
        set({ loading: false, error: isSessionRefusal(err) ? null : errorMessage(err) });
      }
    },
    setShowAcknowledged(show) {
      set({ showAcknowledged: show });
      void get().load();
    },
    async acknowledge(id, note) {
      await api.request('exceptions:acknowledge', { id, note });
      void get().load();
    },
    reset() {
      generation += 1;
      set(initial);
    },
  };
});

onSignedOut(() => useExceptionsStore.getState().reset());
