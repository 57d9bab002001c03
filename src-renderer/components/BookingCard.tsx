import { useEffect, useState } from 'react';
import type { BookingView } from '../../src-shared/contract/bookings';
import { useBookingsStore } from '../stores/bookings-store';
import { ReasonDialog } from './ReasonDialog';

/** Where a booking stands, in the cashier's words. */
export const bookingStateText: Record<BookingView['state'], string> = {
  upcoming: 'Upcoming',
  due: 'Due',
  late: 'Late',
  overdue: 'Overdue',
  'checked-in': 'Checked in',
  'in-service': 'In service',
  completed: 'Completed',
  cancelled: 'Cancelled',
  'no-show': 'No-show',
  expired: 'Expired (walk-in)',
};

/** The picked booking: Enter (or the big button) checks it in when its window is open. */
export function BookingCard({ booking, timeZone }: { booking: BookingView; timeZone: string }) {
  const act = useBookingsStore((s) => s.act);
  const cancel = useBookingsStore((s) => s.cancel);
  const convert = useBookingsStore((s) => s.convertToWalkIn);
  const busy = useBookingsStore((s) => s.busy);
  const [asking, setAsking] = useState<'cancel' | 'walk-in' | null>(null);
  const time = (t: number) =>
    new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(t);
  const canCheckIn = booking.state === 'due' || booking.state === 'late';

  useEffect(() => {
    if (!canCheckIn) return;
    const onKey = (e: KeyboardEvent) => {
      // The one key: Enter checks the picked booking in, unless typing in a field.
      if (e.key !== 'Enter' || (e.target as HTMLElement | null)?.tagName === 'INPUT') return;
      e.preventDefault();
      void act('checkIn', booking.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act, booking.id, canCheckIn]);

  return (
    <div className="card" aria-label={`Booking ${booking.plate}`} data-testid="booking-card">
      <h2>
        {booking.plate} · {booking.resourceName} · {time(booking.startsAt)}–{time(booking.endsAt)}
      </h2>
      <p>
        {bookingStateText[booking.state]}. Check-in {time(booking.opensAt)}–{time(booking.closesAt)}
        {booking.lateUntil !== null && ' (running late, extended by the app)'}.{' '}
        {booking.contact && <>Contact: {booking.contact}. </>}
        {booking.flagged && (
          <strong>Flagged: {booking.noShows} recent no-shows for this plate. </strong>
        )}
        Booked by {booking.source === 'app' ? 'the app' : booking.source}.
      </p>
      <div className="row">
        {canCheckIn && (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void act('checkIn', booking.id)}
          >
            Check in (Enter)
          </button>
        )}
        {booking.status === 'checked-in' && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void act('startService', booking.id)}
          >
            Start service
          </button>
        )}
        {(booking.status === 'checked-in' || booking.status === 'in-service') && (
          <button type="button" disabled={busy} onClick={() => void act('complete', booking.id)}>
            Completed
          </button>
        )}
        {(booking.state === 'overdue' || booking.status === 'no-show') && (
          <button type="button" disabled={busy} onClick={() => setAsking('walk-in')}>
            Serve as walk-in
          </button>
        )}
        {(booking.status === 'booked' || booking.status === 'checked-in') && (
          <button type="button" disabled={busy} onClick={() => setAsking('cancel')}>
            Cancel booking
          </button>
        )}
      </div>
      {asking && (
        <ReasonDialog
          title={asking === 'cancel' ? `Cancel ${booking.plate}'s booking` : 'Serve as a walk-in'}
          confirmLabel={asking === 'cancel' ? 'Cancel booking' : 'Serve as walk-in'}
          onClose={() => setAsking(null)}
          onSubmit={async (reason) => {
            const ok =
              asking === 'cancel'
                ? await cancel(booking.id, reason)
                : await convert(booking.id, reason);
            if (!ok) throw new Error(useBookingsStore.getState().error ?? 'The station refused.');
          }}
        />
      )}
    </div>
  );
}
