import { create } from 'zustand';
import type { OfflinePolicy, StationApi, SyncStatusView } from '../../src-shared';
import { onSignedOut, whileSignedIn } from '../session-signal';
import { errorMessage, isSessionRefusal, notConnected } from '../station';

interface SyncState {
  /** Where sync with the operator's server stands; null until it loads at sign-in. */
  status: SyncStatusView | null;
  /** A "Sync now" round is running. */
  syncing: boolean;
  /** Why loading the status or the last "Sync now" failed (not a lost sign-in or a lock). */
  error: string | null;
  /** Sync pushes flow while someone is signed in; the status loads at each sign-in. */
  start: (api: StationApi) => () => void;
  load: () => Promise<void>;
  applyStatus: (status: SyncStatusView) => void;
  /** Push and pull now; answers when that round is over. A second tap meanwhile sends nothing. */
  syncNow: () => Promise<void>;
  /**
   * Sends a held aggregate's events again (a manager's action: at a cashier's console the
   * dialog gets the manager's approval first). Throws on failure so the dialog can say why.
   */
  retryHeld: (aggregateType: string, aggregateId: string) => Promise<void>;
  reset: () => void;
}

const initial = { status: null, syncing: false, error: null };

/** Sync with the operator's hosted API, as the main process reports it. */
export const useSyncStore = create<SyncState>()((set, get) => {
  let api = notConnected;
  // Bumped at each reset: an answer to a request sent before it belongs to the last operator.
  let generation = 0;

  function failed(err: unknown) {
    set({ error: isSessionRefusal(err) ? null : errorMessage(err) });
  }

  return {
    ...initial,
    start(next) {
      api = next;
      const stop = whileSignedIn(() => {
        const off = next.on('sync:status', (status) => get().applyStatus(status));
        void get().load();
        return off;
      });
      return () => {
        stop();
        api = notConnected;
      };
    },
    async load() {
      const asked = generation;
      try {
        const status = await api.request('sync:status', {});
        if (asked === generation) set({ status, error: null });
      } catch (err) {
        if (asked === generation) failed(err);
      }
    },
    applyStatus(status) {
      set({ status });
    },
    async syncNow() {
      if (get().syncing) return;
      const asked = generation;
      set({ syncing: true, error: null });
      try {
        const status = await api.request('sync:now', {});
        if (asked === generation) set({ status, syncing: false });
      } catch (err) {
        if (asked !== generation) return;
        set({ syncing: false });
        failed(err);
      }
    },
    async retryHeld(aggregateType, aggregateId) {
      const asked = generation;
      const status = await api.request('sync:retryHeld', { aggregateType, aggregateId });
      if (asked === generation) set({ status });
    },
    reset() {
      generation += 1;
      set(initial);
    },
  };
});

onSignedOut(() => useSyncStore.getState().reset());

// Selectors: each returns a plain value, so a component re-renders only when it changes.
export const selectSyncState = (s: SyncState): SyncStatusView['state'] | null =>
  s.status?.state ?? null;
export const selectIsOffline = (s: SyncState): boolean => s.status?.state === 'offline';
export const selectLastContactAt = (s: SyncState): number | null => s.status?.lastContactAt ?? null;
export const selectOfflinePolicy = (s: SyncState): OfflinePolicy | null =>
  s.status?.offlinePolicy ?? null;
export const selectPendingEvents = (s: SyncState): number => s.status?.pendingEvents ?? 0;
export const selectHeldCount = (s: SyncState): number => s.status?.held.length ?? 0;
