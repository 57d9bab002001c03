import { create } from 'zustand';
import type { RequestOf, StationApi } from '../../src-shared';
import type {
  BookingView,
  ScheduleView,
  TokenScanResult,
} from '../../src-shared/contract/bookings';
import { onSignedOut, whileSignedIn } from '../session-signal';
import { errorMessage, isSessionRefusal, notConnected } from '../station';

type NewBooking = RequestOf<'bookings:create'>;
type Action = 'checkIn' | 'startService' | 'complete';

interface BookingsState {
  /** Today's schedule; null until it loads at sign-in. */
  schedule: ScheduleView | null;
  /** The booking the cashier picked on the timeline (the one key checks it in). */
  selectedId: string | null;
  /** The last scanned QR code's outcome, shown until the next scan. */
  lastScan: TokenScanResult | null;
  /** A request is on its way: a second tap sends nothing. */
  busy: boolean;
  error: string | null;
  start: (api: StationApi) => () => void;
  load: () => Promise<void>;
  select: (bookingId: string | null) => void;
  /** Checks in, starts or completes the booking; false (with error set) if the station refused. */
  act: (action: Action, bookingId: string) => Promise<boolean>;
  cancel: (bookingId: string, reason: string) => Promise<boolean>;
  convertToWalkIn: (bookingId: string, reason: string) => Promise<boolean>;
  /** A booking made at the booth; throws the station's refusal for the form to show. */
  create: (request: NewBooking) => Promise<BookingView>;
  /** A QR code from the scanner or a keyboard wedge. */
  scan: (token: string) => Promise<TokenScanResult | null>;
  reset: () => void;
}

const initial = { schedule: null, selectedId: null, lastScan: null, busy: false, error: null };
const CHANNEL: Record<Action, 'bookings:checkIn' | 'bookings:startService' | 'bookings:complete'> =
  {
    checkIn: 'bookings:checkIn',
    startService: 'bookings:startService',
    complete: 'bookings:complete',
  };

/** Today's bookings per resource, kept current by the station's bookings:changed events. */
export const useBookingsStore = create<BookingsState>()((set, get) => {
  let api = notConnected;
  let generation = 0;

  const failed = (err: unknown) =>
    set({ busy: false, error: isSessionRefusal(err) ? null : errorMessage(err) });

  /** Runs one write; the schedule reloads from the event it causes (and here, to be sure). */
  async function write(run: () => Promise<unknown>): Promise<boolean> {
    if (get().busy) return false;
    const asked = generation;
    set({ busy: true, error: null });
    try {
      await run();
      if (asked !== generation) return false;
      set({ busy: false });
      await get().load();
      return true;
    } catch (err) {
      if (asked === generation) failed(err);
      return false;
    }
  }

  return {
    ...initial,
    start(next) {
      api = next;
      const stop = whileSignedIn(() => {
        const off = next.on('bookings:changed', () => void get().load());
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
        const schedule = await api.request('bookings:list', {});
        if (asked === generation) set({ schedule });
      } catch (err) {
        if (asked === generation) set({ error: isSessionRefusal(err) ? null : errorMessage(err) });
      }
    },
    select(selectedId) {
      set({ selectedId, error: null });
    },
    act: (action, bookingId) => write(() => api.request(CHANNEL[action], { bookingId })),
    cancel: (bookingId, reason) =>
      write(() => api.request('bookings:cancel', { bookingId, reason })),
    convertToWalkIn: (bookingId, reason) =>
      write(() => api.request('bookings:convertToWalkIn', { bookingId, reason })),
    async create(request) {
      const made = await api.request('bookings:create', request);
      set({ selectedId: made.id, error: null });
      await get().load();
      return made;
    },
    async scan(token) {
      if (get().busy || token.trim() === '') return null;
      const asked = generation;
      set({ busy: true, error: null });
      try {
        const result = await api.request('bookings:scanToken', { token });
        if (asked !== generation) return null;
        set({
          busy: false,
          lastScan: result,
          selectedId: result.accepted ? result.booking.id : get().selectedId,
        });
        if (result.accepted) await get().load();
        return result;
      } catch (err) {
        if (asked === generation) failed(err);
        return null;
      }
    },
    reset() {
      generation += 1;
      set(initial);
    },
  };
});

onSignedOut(() => useBookingsStore.getState().reset());

// Selectors: plain values, so a component re-renders only when they change.
export const selectSelected = (s: BookingsState): BookingView | null =>
  s.schedule?.bookings.find((b) => b.id === s.selectedId) ?? null;
