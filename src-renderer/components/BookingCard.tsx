import { useEffect, useState } from 'react';
import type { PlainKey } from '../../src-shared';
import type { BookingView } from '../../src-shared/contract/bookings';
import { useBookingsStore } from '../stores/bookings-store';
import { t as say, useT } from '../stores/i18n-store';
import { ReasonDialog } from './ReasonDialog';

/** Where a booking stands, in the cashier's words (the catalogue's key). */
export const bookingStateKey = (state: BookingView['state']): PlainKey => `booking.state.${state}`;

/** The picked booking: Enter (or the big button) checks it in when its window is open. */
export function BookingCard({ booking, timeZone }: { booking: BookingView; timeZone: string }) {
  const act = useBookingsStore((s) => s.act);
  const cancel = useBookingsStore((s) => s.cancel);
  const convert = useBookingsStore((s) => s.convertToWalkIn);
  const busy = useBookingsStore((s) => s.busy);
  const t = useT();
  const [asking, setAsking] = useState<'cancel' | 'walk-in' | null>(null);
  const time = (at: number) =>
    new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(at);
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
    <div
      className="card"
      aria-label={t('booking.label', { plate: booking.plate })}
      data-testid="booking-card"
    >
      <h2>
        {booking.plate} · {booking.resourceName} · {time(booking.startsAt)}–{time(booking.endsAt)}
      </h2>
      <p>
        {t('booking.window', {
          state: t(bookingStateKey(booking.state)),
          from: time(booking.opensAt),
          to: time(booking.closesAt),
        })}
        {booking.lateUntil !== null && t('booking.runningLate')}.{' '}
        {booking.contact && <>{t('booking.contact', { contact: booking.contact })} </>}
        {booking.flagged && <strong>{t('booking.flagged', { count: booking.noShows })} </strong>}
        {t('booking.bookedBy', {
          source: booking.source === 'app' ? t('booking.byApp') : booking.source,
        })}
      </p>
      <div className="row">
        {canCheckIn && (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void act('checkIn', booking.id)}
          >
            {t('booking.checkIn')}
          </button>
        )}
        {booking.status === 'checked-in' && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void act('startService', booking.id)}
          >
            {t('booking.startService')}
          </button>
        )}
        {(booking.status === 'checked-in' || booking.status === 'in-service') && (
          <button type="button" disabled={busy} onClick={() => void act('complete', booking.id)}>
            {t('booking.complete')}
          </button>
        )}
        {(booking.state === 'overdue' || booking.status === 'no-show') && (
          <button type="button" disabled={busy} onClick={() => setAsking('walk-in')}>
            {t('booking.serveWalkIn')}
          </button>
        )}
        {(booking.status === 'booked' || booking.status === 'checked-in') && (
          <button type="button" disabled={busy} onClick={() => setAsking('cancel')}>
            {t('booking.cancel')}
          </button>
        )}
      </div>
      {asking && (
        <ReasonDialog
          title={
            asking === 'cancel'
              ? t('booking.cancelTitle', { plate: booking.plate })
              : t('booking.walkInTitle')
          }
          confirmLabel={asking === 'cancel' ? t('booking.cancel') : t('booking.serveWalkIn')}
          onClose={() => setAsking(null)}
          onSubmit={async (reason) => {
            const ok =
              asking === 'cancel'
                ? await cancel(booking.id, reason)
                : await convert(booking.id, reason);
            if (!ok) throw new Error(useBookingsStore.getState().error ?? say('booking.refused'));
          }}
        />
      )}
    </div>
  );
}
