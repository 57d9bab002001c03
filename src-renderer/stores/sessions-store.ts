import { create } from 'zustand';
import type { SearchCandidate, SessionView, StationApi } from '../../src-shared';
import { reportError } from '../report-error';
import { errorMessage, station } from '../station';

export type SearchScope = 'lot' | 'all';

interface SessionsState {
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
  setQuery: (query: string) => void;
  setScope: (scope: SearchScope) => void;
  search: () => Promise<void>;
  moveActive: (delta: number) => void;
  setActive: (index: number) => void;
  select: (sessionId: string) => Promise<void>;
  refreshSelected: () => Promise<void>;
  /** Fetches a fresh quote for the selected session; returns it, or null on failure. */
  refreshQuote: () => Promise<SessionView['quote']>;
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

// Responses can arrive out of order; only the latest request of each kind may land.
let searchSeq = 0;
let selectSeq = 0;

export const useSessionsStore = create<SessionsState>()((set, get) => ({
  ...initial,
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
      const candidates = await station().request('sessions:search', { query: query.trim(), scope });
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
      const selected = await station().request('sessions:get', { sessionId });
      if (seq === selectSeq) set({ selected });
    } catch (err) {
      if (seq === selectSeq) set({ selectError: errorMessage(err) });
    }
  },
  async refreshSelected() {
    const current = get().selected;
    if (current) await get().select(current.id);
  },
  async refreshQuote() {
    const current = get().selected;
    if (!current) return null;
    try {
      const quote = await station().request('sessions:quote', { sessionId: current.id });
      set((s) => (s.selected?.id === current.id ? { selected: { ...s.selected, quote } } : {}));
      return quote;
    } catch (err) {
      reportError(err, 'Could not refresh the amount due');
      return null;
    }
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
}));

export function subscribeSessionEvents(api: StationApi): () => void {
  return api.on('session:changed', (change) =>
    useSessionsStore.getState().onSessionChanged(change.sessionId),
  );
}
