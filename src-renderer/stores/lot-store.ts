import { create } from 'zustand';
import type { LotEntry, StationApi } from '../../src-shared';
import { onSignedOut, whileSignedIn } from '../session-signal';
import { errorMessage, isSessionRefusal, notConnected } from '../station';

interface LotState {
  entries: LotEntry[];
  loading: boolean;
  error: string | null;
  /** Session changes flow while someone is signed in. Returns the stop function. */
  start: (api: StationApi) => () => void;
  /**
   * The lot screen is showing: load now, and again (once per burst) whenever a session changes,
   * until the returned release is called. Nobody watching, nothing reloads.
   */
  watch: () => () => void;
  load: () => Promise<void>;
  // Manager corrections throw on failure so the reason dialog can show why.
  correctPlate: (sessionId: string, plate: string, reason: string) => Promise<void>;
  markPaid: (sessionId: string, reason: string) => Promise<void>;
  deleteRecord: (sessionId: string, reason: string) => Promise<void>;
  reset: () => void;
}

/** Coalesces bursts of session:changed into one reload. */
export const lotReloadDelayMs = 1000;

/** A lost sign-in or a lock is not this list's error: the signal has dealt with it. */
function failure(err: unknown): string | null {
  return isSessionRefusal(err) ? null : errorMessage(err);
}

const initial = {
  entries: [],
  loading: false,
  error: null,
};

export const useLotStore = create<LotState>()((set, get) => {
  let api = notConnected;
  let watchers = 0;
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;

  function cancelReload() {
    if (reloadTimer) clearTimeout(reloadTimer);
    reloadTimer = null;
  }
  function scheduleReload() {
    if (watchers === 0) return;
    reloadTimer ??= setTimeout(() => {
      reloadTimer = null;
      void get().load();
    }, lotReloadDelayMs);
  }

  return {
    ...initial,
    start(next) {
      api = next;
      const stop = whileSignedIn(() => {
        const off = next.on('session:changed', scheduleReload);
        return () => {
          off();
          cancelReload();
        };
      });
      return () => {
        stop();
        api = notConnected;
      };
    },
    watch() {
      watchers++;
      void get().load();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        watchers--;
        if (watchers === 0) cancelReload();
      };
    },
    async load() {
      set({ loading: true, error: null });
      try {
        const entries = await api.request('lot:list', {});
        set({ entries, loading: false });
      } catch (err) {
        set({ loading: false, error: failure(err) });
      }
    },
    async correctPlate(sessionId, plate, reason) {
      await api.request('lot:correctPlate', { sessionId, plate, reason });
      void get().load();
    },
    async markPaid(sessionId, reason) {
      await api.request('lot:markPaid', { sessionId, reason });
      void get().load();
    },
    async deleteRecord(sessionId, reason) {
      await api.request('lot:deleteRecord', { sessionId, reason });
      void get().load();
    },
    reset() {
      cancelReload();
      set(initial);
    },
  };
});

onSignedOut(() => useLotStore.getState().reset());
