import { useEffect, useRef, useState, type CSSProperties, type FormEvent } from 'react';
import type {
  BookingResourceView,
  BookingView,
  ScheduleView,
} from '../../src-shared/contract/bookings';
import { InlineError } from '../components/InlineError';
import { BookingCard, bookingStateKey } from '../components/BookingCard';
import { NewBookingDialog } from '../components/NewBookingDialog';
import { useNow } from '../hooks/use-now';
import { useT } from '../stores/i18n-store';
import { selectSelected, useBookingsStore } from '../stores/bookings-store';

const HOUR = 3_600_000;
/** The timeline shows this much: the last 2 hours and the next 10. */
const BEFORE = 2 * HOUR;
const AFTER = 10 * HOUR;

const stateColour: Record<BookingView['state'], string> = {
  upcoming: '#dfe7f3',
  due: '#fff2b3',
  late: '#ffd0a8',
  overdue: '#ffb3b3',
  'checked-in': '#c9f0c9',
  'in-service': '#8fd98f',
  completed: '#e6e6e6',
  cancelled: '#eeeeee',
  'no-show': '#f3c0c0',
  expired: '#e6e6e6',
};

/**
 * Today's schedule: a timeline per pump and bay of who is due, late or in service. A QR code
 * scanned (a serial scanner or a keyboard wedge types into the scan box) checks its booking in;
 * picking a booking and pressing Enter (or the big button) checks it in too. Works by touch:
 * every target is at least the touch size.
 */
export function ScheduleScreen() {
  const t = useT();
  const schedule = useBookingsStore((s) => s.schedule);
  const selected = useBookingsStore(selectSelected);
  const error = useBookingsStore((s) => s.error);
  const busy = useBookingsStore((s) => s.busy);
  const load = useBookingsStore((s) => s.load);
  const now = useNow(30_000);
  const [booking, setBooking] = useState(false);

  useEffect(() => {
    void load();
  }, [load, now]);

  return (
    <section className="screen" aria-labelledby="schedule-title" aria-busy={busy}>
      <div className="screen-head">
        <h1 id="schedule-title">{t('schedule.title')}</h1>
        <ScanBox />
        {schedule !== null && schedule.resources.length > 0 && (
          <button type="button" onClick={() => setBooking(true)}>
            {t('newBooking.open')}
          </button>
        )}
      </div>
      {booking && schedule && (
        <NewBookingDialog schedule={schedule} onClose={() => setBooking(false)} />
      )}
      <ScanOutcome />
      <InlineError message={error} />
      {schedule === null ? (
        !error && <p className="muted">{t('common.loading')}</p>
      ) : schedule.resources.length === 0 ? (
        <p className="muted">{t('schedule.none')}</p>
      ) : (
        <>
          <Timeline schedule={schedule} />
          {selected && <BookingCard booking={selected} timeZone={schedule.timeZone} />}
        </>
      )}
    </section>
  );
}

/** Where the scanner types: a QR code ends with Enter, which submits it. */
function ScanBox() {
  const t = useT();
  const scan = useBookingsStore((s) => s.scan);
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const token = text;
    setText('');
    void scan(token);
  };
  return (
    <form onSubmit={submit} className="row" aria-label={t('schedule.scanForm')}>
      <label>
        {t('schedule.qrCode')}{' '}
        <input
          ref={input}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('schedule.scanHint')}
          autoComplete="off"
          spellCheck={false}
          style={{ minWidth: '18rem' }}
        />
      </label>
      <button type="submit" disabled={text.trim() === ''}>
        {t('schedule.checkToken')}
      </button>
    </form>
  );
}

function ScanOutcome() {
  const t = useT();
  const last = useBookingsStore((s) => s.lastScan);
  if (!last) return null;
  return last.accepted ? (
    <p className="note" role="status" data-testid="scan-outcome">
      {t('schedule.checkedIn', {
        plate: last.booking.plate,
        resource: last.booking.resourceName,
      })}
    </p>
  ) : (
    <p className="error" role="alert" data-testid="scan-outcome">
      {t('schedule.refused', { reason: last.reason, message: last.message })}
    </p>
  );
}

function Timeline({ schedule }: { schedule: ScheduleView }) {
  const t = useT();
  const from = Math.max(schedule.from, schedule.now - BEFORE);
  const to = from + BEFORE + AFTER;
  const hours: number[] = [];
  for (let h = Math.ceil(from / HOUR) * HOUR; h < to; h += HOUR) hours.push(h);
  const at = (when: number) =>
    `${((Math.min(Math.max(when, from), to) - from) / (to - from)) * 100}%`;
  const clock = new Intl.DateTimeFormat('en-GB', {
    timeZone: schedule.timeZone,
    hour: '2-digit',
    minute: '2-digit',
  });
  return (
    <div
      role="list"
      aria-label={t('schedule.resources')}
      style={{ display: 'grid', gap: '0.5rem' }}
    >
      <div style={{ position: 'relative', height: '1.5rem', marginLeft: '9rem' }} aria-hidden>
        {hours.map((h) => (
          <span key={h} style={{ position: 'absolute', left: at(h), fontSize: 12 }}>
            {clock.format(h)}
          </span>
        ))}
      </div>
      {schedule.resources.map((r) => (
        <ResourceRow
          key={r.id}
          resource={r}
          bookings={schedule.bookings.filter(
            (b) => b.resource.id === r.id && b.endsAt > from && b.startsAt < to,
          )}
          at={at}
          nowAt={at(schedule.now)}
          clock={clock}
        />
      ))}
    </div>
  );
}

function ResourceRow(props: {
  resource: BookingResourceView;
  bookings: BookingView[];
  at: (t: number) => string;
  nowAt: string;
  clock: Intl.DateTimeFormat;
}) {
  const t = useT();
  const select = useBookingsStore((s) => s.select);
  const selectedId = useBookingsStore((s) => s.selectedId);
  const { resource, bookings, at, clock } = props;
  return (
    <div role="listitem" style={{ display: 'flex', alignItems: 'stretch', gap: '0.5rem' }}>
      <div style={{ width: '8.5rem', fontWeight: 600 }}>
        {resource.name}
        <div className="muted" style={{ fontWeight: 400, fontSize: 12 }}>
          {t('schedule.capacity', { kind: resource.kind, capacity: resource.capacity })}
        </div>
      </div>
      <div
        style={{
          position: 'relative',
          flex: 1,
          minHeight: 'calc(var(--touch) + 8px)',
          background: '#f7f7f7',
          borderRadius: 4,
        }}
      >
        <div
          aria-hidden
          style={{
            position: 'absolute',
            left: props.nowAt,
            top: 0,
            bottom: 0,
            width: 2,
            background: '#c00',
          }}
        />
        {bookings.map((b) => {
          const style: CSSProperties = {
            position: 'absolute',
            left: at(b.startsAt),
            width: `max(var(--touch), calc(${at(b.endsAt)} - ${at(b.startsAt)}))`,
            top: 4,
            minHeight: 'var(--touch)',
            background: stateColour[b.state],
            border: b.id === selectedId ? '2px solid #000' : '1px solid #888',
            padding: '0 4px',
            overflow: 'hidden',
            whiteSpace: 'nowrap',
            fontSize: 13,
          };
          return (
            <button
              key={b.id}
              type="button"
              style={style}
              aria-pressed={b.id === selectedId}
              aria-label={t('schedule.bookingAt', {
                plate: b.plate,
                time: clock.format(b.startsAt),
                state: t(bookingStateKey(b.state)),
              })}
              onClick={() => select(b.id)}
            >
              {b.flagged ? '⚑ ' : ''}
              {b.plate} {t(bookingStateKey(b.state))}
            </button>
          );
        })}
      </div>
    </div>
  );
}
