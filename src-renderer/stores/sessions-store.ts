import { create } from 'zustand';
import type { QuoteView, SearchCandidate, SessionView, StationApi } from '../../src-shared';
import { onSignedOut, whileSignedIn } from '../session-signal';
import { errorMessage, notConnected } from '../station';

export type SearchScope = 'lot' | 'all';

export interface SessionsState {
  query: string;
  scope: SearchScope;
  candidates: SearchCandidate[];
  /** The query and scope the shown candidates answer; differs from query while typing. */
  searchedKey: string | null;
  searching: boolean;
  searchError: string | null;
  activeIndex: number;
  selected: SessionView | null;
  selectError: string | null;
  /** Session changes flow while someone is signed in. Returns the stop function. */
  start: (api: StationApi) => () => void;
  setQuery: (query: string) => void;
  setScope: (scope: SearchScope) => void;
  search: () => Promise<void>;
  moveActive: (delta: number) => void;
  setActive: (index: number) => void;
  select: (sessionId: string) => Promise<void>;
  refreshSelected: () => Promise<void>;
  /** A fresh quote for the selected session (the due changed under a payment). */
  applyQuote: (sessionId: string, quote: QuoteView) => void;
  /** Sessions in the lot matching a plate, for a dialog; leaves this screen's search alone. */
  findInLot: (query: string) => Promise<SearchCandidate[]>;
  onSessionChanged: (sessionId: string) => void;
  reset: () => void;
}

const initial = {
  query: '',
  scope: 'lot' as SearchScope,
  candidates: [],
  searchedKey: null,
  searching: false,
  searchError: null,
  activeIndex: 0,
  selected: null,
  selectError: null,
};

export function searchKey(query: string, scope: SearchScope): string {
  return `${scope}:${query.trim()}`;
}

/** Selector: the shown candidates answer an older query (the cashier is still typing). */
export function isSearchStale(s: SessionsState): boolean {
  return s.searchedKey !== searchKey(s.query, s.scope);
}

export const useSessionsStore = create<SessionsState>()((set, get) => {
  let api = notConnected;
  // Responses can arrive out of order; only the latest request of each kind may land.
  let searchSeq = 0;
  let selectSeq = 0;

  return {
    ...initial,
    start(next) {
      api = next;
      const stop = whileSignedIn(() =>
        next.on('session:changed', (change) => get().onSessionChanged(change.sessionId)),
      );
      return () => {
        stop();
        api = notConnected;
      };
    },
    setQuery(query) {
      set({ query });
    },
    setScope(scope) {
      set({ scope });
    },
    async search() {
      const { query, scope } = get();
      const key = searchKey(query, scope);
      const seq = ++searchSeq;
      if (!query.trim()) {
        set({ candidates: [], searchedKey: key, searching: false, searchError: null });
        return;
      }
      set({ searching: true, searchError: null });
      try {
        const candidates = await api.request('sessions:search', { query: query.trim(), scope });
        if (seq !== searchSeq) return;
        const activeIndex = Math.min(get().activeIndex, Math.max(0, candidates.length - 1));
        const sameKey = get().searchedKey === key;
        set({
          candidates,
          searchedKey: key,
          searching: false,
          activeIndex: sameKey ? activeIndex : 0,
        });
      } catch (err) {
        if (seq !== searchSeq) return;
        set({ searching: false, searchError: errorMessage(err) });
      }
    },
    moveActive(delta) {
      const { candidates, activeIndex } = get();
      if (candidates.length === 0) return;
      const next = Math.min(candidates.length - 1, Math.max(0, activeIndex + delta));
      set({ activeIndex: next });
    },
    setActive(index) {
      set({ activeIndex: index });
    },
    async select(sessionId) {
      const seq = ++selectSeq;
      set({ selectError: null });
      try {
        const selected = await api.request('sessions:get', { sessionId });
        if (seq === selectSeq) set({ selected });
      } catch (err) {
        if (seq === selectSeq) set({ selectError: errorMessage(err) });
      }
    },
    async refreshSelected() {
      const current = get().selected;
      if (current) await get().select(current.id);
    },
    applyQuote(sessionId, quote) {
      set((s) => (s.selected?.id === sessionId ? { selected: { ...s.selected, quote } } : {}));
    },
    findInLot(query) {
      return api.request('sessions:search', { query, scope: 'lot' });
    },
    onSessionChanged(sessionId) {
      const { selected, candidates } = get();
      if (selected?.id === sessionId) void get().refreshSelected();
      if (candidates.some((c) => c.session.id === sessionId)) void get().search();
    },
    reset() {
      searchSeq++;
      selectSeq++;
      set(initial);
    },
  };
});

onSignedOut(() => useSessionsStore.getState().reset());
