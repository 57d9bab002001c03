import { create } from 'zustand';
import type { JournalEntryView, RequestOf, StationApi } from '../../src-shared';
import { onSignedOut } from '../session-signal';
import { errorMessage, isSessionRefusal, notConnected } from '../station';

/** What the manager filters the journal by; empty strings mean "any". */
export interface JournalFilter {
  actor: string;
  /** An event family ('payment.') or '' for all. */
  type: string;
  /** Local dates, yyyy-mm-dd, as a date input gives them. */
  from: string;
  to: string;
}

interface JournalState {
  filter: JournalFilter;
  entries: JournalEntryView[];
  /** The `beforeSeq` of each page shown so far; the last is the page on screen. */
  pages: (number | undefined)[];
  hasOlder: boolean;
  loading: boolean;
  error: string | null;
  start: (api: StationApi) => () => void;
  setFilter: (filter: Partial<JournalFilter>) => void;
  /** Loads the newest page for the current filter. */
  load: () => Promise<void>;
  older: () => Promise<void>;
  newer: () => Promise<void>;
  reset: () => void;
}

export const journalPageSize = 50;

const emptyFilter: JournalFilter = { actor: '', type: '', from: '', to: '' };
const initial = {
  filter: emptyFilter,
  entries: [],
  pages: [],
  hasOlder: false,
  loading: false,
  error: null,
};

/** A local date at midnight, as epoch ms; `end` moves it to the next midnight. */
function dayStart(date: string, end = false): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + (end ? 1 : 0)).getTime();
}

function request(filter: JournalFilter, beforeSeq: number | undefined): RequestOf<'journal:list'> {
  return {
    limit: journalPageSize,
    ...(beforeSeq !== undefined && { beforeSeq }),
    ...(filter.actor.trim() && { actor: filter.actor.trim() }),
    ...(filter.type && { type: filter.type }),
    ...(dayStart(filter.from) !== undefined && { fromAt: dayStart(filter.from) }),
    ...(dayStart(filter.to, true) !== undefined && { toAt: dayStart(filter.to, true) }),
  };
}

/** The manager's view of the journal: newest first, filtered, a page at a time. */
export const useJournalStore = create<JournalState>()((set, get) => {
  let api = notConnected;

  async function show(pages: (number | undefined)[]) {
    set({ loading: true, error: null });
    try {
      const entries = await api.request('journal:list', request(get().filter, pages.at(-1)));
      set({ entries, pages, hasOlder: entries.length === journalPageSize, loading: false });
    } catch (err) {
      const error = isSessionRefusal(err) ? null : errorMessage(err);
      set({ loading: false, error });
    }
  }

  return {
    ...initial,
    start(next) {
      api = next;
      return () => {
        api = notConnected;
      };
    },
    setFilter(filter) {
      set((s) => ({ filter: { ...s.filter, ...filter } }));
    },
    load: () => show([undefined]),
    async older() {
      const last = get().entries.at(-1);
      if (!last || !get().hasOlder) return;
      await show([...get().pages, last.seq]);
    },
    async newer() {
      const pages = get().pages;
      if (pages.length > 1) await show(pages.slice(0, -1));
    },
    reset() {
      set(initial);
    },
  };
});

onSignedOut(() => useJournalStore.getState().reset());
