import { create } from 'zustand';
import type { OperatorEntry, Role, StationApi } from '../../src-shared';
import { onSignedOut } from '../session-signal';
import { errorMessage, isSessionRefusal, notConnected } from '../station';

interface OperatorsState {
  operators: OperatorEntry[];
  loading: boolean;
  error: string | null;
  start: (api: StationApi) => () => void;
  load: () => Promise<void>;
  // These throw on failure, so their forms can say why.
  add: (name: string, role: Role, pin: string) => Promise<void>;
  resetPin: (name: string, pin: string, reason: string) => Promise<void>;
  reset: () => void;
}

const initial = { operators: [], loading: false, error: null };

/** The manager's list of operators: who may sign in, and whose PIN is still temporary. */
export const useOperatorsStore = create<OperatorsState>()((set, get) => {
  let api = notConnected;
  return {
    ...initial,
    start(next) {
      api = next;
      return () => {
        api = notConnected;
      };
    },
    async load() {
      set({ loading: true, error: null });
      try {
        set({ operators: await api.request('operators:list', {}), loading: false });
      } catch (err) {
        set({ loading: false, error: isSessionRefusal(err) ? null : errorMessage(err) });
      }
    },
    async add(name, role, pin) {
      await api.request('operators:add', { name, role, pin });
      void get().load();
    },
    async resetPin(name, pin, reason) {
      await api.request('operators:resetPin', { name, pin, reason });
      void get().load();
    },
    reset() {
      set(initial);
    },
  };
});

onSignedOut(() => useOperatorsStore.getState().reset());
