import { create } from 'zustand';
import type { CashCountView, DrawerView, ShiftReportView, StationApi } from '../../src-shared';
import { onSignedOut, whileSignedIn } from '../session-signal';
import { errorMessage, isSessionRefusal, notConnected } from '../station';
import { t } from './i18n-store';

export type CashMoveKind = 'pay-in' | 'pay-out' | 'drop';

interface ShiftState {
  /** The station's drawer: its live shift (blind until counted) and the site's rules. */
  drawer: DrawerView | null;
  /** The last X or Z report taken at this console, shown until dismissed. */
  report: ShiftReportView | null;
  busy: boolean;
  /** Why loading the drawer failed (not a lost sign-in or a lock). */
  error: string | null;
  start: (api: StationApi) => () => void;
  load: () => Promise<void>;
  /** Each of these throws the station's refusal, for the form that asked to show. */
  open: (count: CashCountView) => Promise<void>;
  moveCash: (m: {
    kind: CashMoveKind;
    amountMinor: number;
    reference: string;
    reason: string;
  }) => Promise<void>;
  pause: () => Promise<void>;
  resume: () => Promise<void>;
  xReport: () => Promise<void>;
  close: (count: CashCountView) => Promise<void>;
  acceptVariance: (reason: string) => Promise<void>;
  dismissReport: () => void;
  reset: () => void;
}

const initial = { drawer: null, report: null, busy: false, error: null };

/** The cash drawer's shift, as the main process reports it (shift:changed keeps it live). */
export const useShiftStore = create<ShiftState>()((set, get) => {
  let api = notConnected;
  let generation = 0;

  /** Runs one request with the busy flag; an answer for a past operator is dropped. */
  async function run<T>(request: () => Promise<T>, apply: (answer: T) => void): Promise<void> {
    const asked = generation;
    set({ busy: true });
    try {
      const answer = await request();
      if (asked === generation) apply(answer);
    } finally {
      if (asked === generation) set({ busy: false });
    }
  }

  const setDrawer = (drawer: DrawerView) => set({ drawer });

  return {
    ...initial,
    start(next) {
      api = next;
      const stop = whileSignedIn(() => {
        const off = next.on('shift:changed', setDrawer);
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
        const drawer = await api.request('shifts:drawer', {});
        if (asked === generation) set({ drawer, error: null });
      } catch (err) {
        if (asked === generation) set({ error: isSessionRefusal(err) ? null : errorMessage(err) });
      }
    },
    open: (count) => run(() => api.request('shifts:open', { count }), setDrawer),
    moveCash: (m) => run(() => api.request('shifts:moveCash', m), setDrawer),
    pause: () => run(() => api.request('shifts:pause', {}), setDrawer),
    resume: () => run(() => api.request('shifts:resume', {}), setDrawer),
    xReport: () =>
      run(
        () => api.request('shifts:xReport', {}),
        (report) => set({ report }),
      ),
    close: (count) =>
      run(
        () => api.request('shifts:close', { count }),
        ({ drawer, report }) => set({ drawer, report }),
      ),
    acceptVariance: (reason) =>
      run(
        () => api.request('shifts:acceptVariance', { reason }),
        (report) => {
          set({ report });
          void get().load();
        },
      ),
    dismissReport: () => set({ report: null }),
    reset() {
      generation += 1;
      set(initial);
    },
  };
});

onSignedOut(() => useShiftStore.getState().reset());

// Selectors: plain values, so a component re-renders only when its part changes.
export const selectShiftState = (s: ShiftState) => s.drawer?.shift?.state ?? null;
/**
 * Why the drawer takes no payment now (no shift, a break, a count under way); null when it
 * takes them, or while the drawer is not loaded yet (the station decides then).
 */
export const selectDrawerRefusal = (s: ShiftState): string | null => {
  if (!s.drawer) return null;
  const state = s.drawer.shift?.state ?? 'none';
  if (state === 'open') return null;
  if (state === 'on-break') return t('shift.refusal.break');
  if (state === 'counted') return t('shift.refusal.counted');
  return t('shift.refusal.none');
};
