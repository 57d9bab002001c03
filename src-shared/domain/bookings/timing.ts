import {
  DAY,
  MINUTE,
  endsAt,
  type Booking,
  type BookingRules,
  type BookingStatus,
  type CheckInVia,
} from './types';

/** Which status may follow which; everything else is refused. */
export const TRANSITIONS: Readonly<Record<BookingStatus, readonly BookingStatus[]>> = {
  booked: ['checked-in', 'cancelled', 'no-show', 'expired'],
  'checked-in': ['in-service', 'completed', 'cancelled'],
  'in-service': ['completed'],
  // A no-show whose customer turns up late is served as a walk-in (expired); one the operator
  // says is running late, before anyone else took the slot, is booked again.
  'no-show': ['expired', 'booked'],
  completed: [],
  cancelled: [],
  expired: [],
};

export const canTransition = (from: BookingStatus, to: BookingStatus): boolean =>
  TRANSITIONS[from].includes(to);

/** Statuses whose booking still counts against its resource's capacity. */
export const HOLDS_CAPACITY: ReadonlySet<BookingStatus> = new Set([
  'booked',
  'checked-in',
  'in-service',
]);

/** Statuses that are over: nothing changes them again. */
export const FINAL: ReadonlySet<BookingStatus> = new Set(['completed', 'cancelled', 'expired']);

export interface CheckInWindow {
  opensAt: number;
  /** The late grace after the start, or the operator's running-late time if later. */
  closesAt: number;
}

/** When the customer may check in: from the early grace before the start to the late grace after it. */
export function checkInWindow(
  b: Pick<Booking, 'startsAt' | 'lateUntil'>,
  rules: BookingRules,
): CheckInWindow {
  const closesByRule = b.startsAt + rules.lateGraceMinutes * MINUTE;
  return {
    opensAt: b.startsAt - rules.earlyGraceMinutes * MINUTE,
    closesAt: Math.max(closesByRule, b.lateUntil ?? closesByRule),
  };
}

/** When a booking nobody checked in becomes a no-show, freeing its slot. */
export const noShowAt = (b: Pick<Booking, 'startsAt' | 'lateUntil'>, rules: BookingRules) =>
  checkInWindow(b, rules).closesAt + rules.noShowAfterMinutes * MINUTE;

export type Arrival = 'too-early' | 'on-time' | 'late';

/** An arrival at `at` against the booking's check-in window. */
export function arrival(
  b: Pick<Booking, 'startsAt' | 'lateUntil'>,
  rules: BookingRules,
  at: number,
): Arrival {
  const w = checkInWindow(b, rules);
  if (at < w.opensAt) return 'too-early';
  return at < w.closesAt ? 'on-time' : 'late';
}

/**
 * The interval a booking holds its resource for: the booked window, stretched to the end of
 * check-in when that is later (a late customer still gets served); null once it holds nothing.
 */
export function heldInterval(
  b: Pick<Booking, 'startsAt' | 'durationMinutes' | 'lateUntil' | 'status'>,
  rules: BookingRules,
): { from: number; to: number } | null {
  if (!HOLDS_CAPACITY.has(b.status)) return null;
  return { from: b.startsAt, to: Math.max(endsAt(b), checkInWindow(b, rules).closesAt) };
}

/**
 * Where a booking stands on today's schedule: upcoming (check-in not open yet), due (open,
 * before its start), late (past its start, check-in still open), overdue (check-in closed, the
 * no-show not recorded yet), or its status once it is past booked.
 */
export type ScheduleState =
  'upcoming' | 'due' | 'late' | 'overdue' | Exclude<BookingStatus, 'booked'>;

export function scheduleState(
  b: Pick<Booking, 'startsAt' | 'lateUntil' | 'status'>,
  rules: BookingRules,
  now: number,
): ScheduleState {
  if (b.status !== 'booked') return b.status;
  const w = checkInWindow(b, rules);
  if (now < w.opensAt) return 'upcoming';
  if (now <= b.startsAt) return 'due';
  return now < w.closesAt ? 'late' : 'overdue';
}

/** Why a booking can't change as asked; `message` is for the cashier. */
export interface Refusal {
  code: 'too-early' | 'expired' | 'not-bookable' | 'not-late';
  message: string;
}

export type Outcome = { ok: true; booking: Booking } | { ok: false; refusal: Refusal };

/** Formats a time for the cashier (the caller knows the site's time zone). */
export type TimeLabel = (at: number) => string;

const refuse = (code: Refusal['code'], message: string): Outcome => ({
  ok: false,
  refusal: { code, message },
});

const STATUS_WORDS: Record<BookingStatus, string> = {
  booked: 'booked',
  'checked-in': 'checked in already',
  'in-service': 'in service already',
  completed: 'completed',
  cancelled: 'cancelled',
  'no-show': 'a no-show (check-in closed)',
  expired: 'expired',
};

export const describeStatus = (s: BookingStatus) => STATUS_WORDS[s];

/** A check-in at `at` (by token, by the cashier's pick, or by a plate read within the window). */
export function checkIn(
  b: Booking,
  rules: BookingRules,
  at: number,
  via: CheckInVia,
  label: TimeLabel,
): Outcome {
  if (b.status !== 'booked') {
    return refuse('not-bookable', `Booking ${b.id} is ${describeStatus(b.status)}.`);
  }
  const w = checkInWindow(b, rules);
  const when = arrival(b, rules, at);
  if (when === 'too-early') {
    return refuse('too-early', `Too early: check-in for ${b.plate} opens at ${label(w.opensAt)}.`);
  }
  if (when === 'late') {
    return refuse(
      'expired',
      `Check-in for ${b.plate} closed at ${label(w.closesAt)}: the booking has lapsed. Serve the customer as a walk-in.`,
    );
  }
  return { ok: true, booking: { ...b, status: 'checked-in', checkedInAt: at, checkedInVia: via } };
}

/** Moves a booking on (service started, completed, cancelled) if its status allows. */
export function advance(
  b: Booking,
  to: 'in-service' | 'completed' | 'cancelled',
  at: number,
): Outcome {
  if (!canTransition(b.status, to)) {
    const verb = { 'in-service': 'start service for', completed: 'complete', cancelled: 'cancel' }[
      to
    ];
    return refuse(
      'not-bookable',
      `Can't ${verb} booking ${b.id}: it is ${describeStatus(b.status)}.`,
    );
  }
  if (to === 'in-service') return { ok: true, booking: { ...b, status: to, serviceStartedAt: at } };
  return { ok: true, booking: { ...b, status: to, closedAt: at } };
}

/** Bookings nobody checked in whose check-in has closed (plus the no-show margin) by `now`. */
export function dueNoShows<B extends Booking>(
  bookings: readonly B[],
  rules: BookingRules,
  now: number,
): B[] {
  return bookings.filter((b) => b.status === 'booked' && now >= noShowAt(b, rules));
}

export const markNoShow = (b: Booking, at: number): Booking => ({
  ...b,
  status: 'no-show',
  closedAt: at,
});

/**
 * A customer who came after check-in closed: the booking lapses (expired) and the customer is
 * served as a walk-in, on the capacity kept free for walk-ins. Not a no-show: they came.
 */
export function convertToWalkIn(
  b: Booking,
  rules: BookingRules,
  at: number,
  label: TimeLabel,
): Outcome {
  const lateBooked = b.status === 'booked' && arrival(b, rules, at) === 'late';
  if (b.status === 'booked' && !lateBooked) {
    return refuse(
      'not-late',
      arrival(b, rules, at) === 'on-time'
        ? `${b.plate} is within the check-in window: check the booking in instead.`
        : `Check-in for ${b.plate} opens at ${label(checkInWindow(b, rules).opensAt)}; it isn't late.`,
    );
  }
  if (!lateBooked && b.status !== 'no-show') {
    return refuse('not-bookable', `Booking ${b.id} is ${describeStatus(b.status)}.`);
  }
  return { ok: true, booking: { ...b, status: 'expired', closedAt: at, walkIn: true } };
}

/**
 * The operator says the customer is running late: check-in stays open until `lateUntil` (never
 * shortened). A no-show whose new window is still open at `now` is booked again.
 */
export function extendLate(
  b: Booking,
  lateUntil: number,
  rules: BookingRules,
  now: number,
): Booking {
  const extended = { ...b, lateUntil: Math.max(lateUntil, b.lateUntil ?? lateUntil) };
  if (b.status === 'no-show' && now < noShowAt(extended, rules)) {
    return { ...extended, status: 'booked', closedAt: null };
  }
  return extended;
}

/** A plate's no-shows within the rule's look-back, and whether that flags it. */
export function repeatNoShows(
  history: readonly Pick<Booking, 'status' | 'closedAt'>[],
  rules: BookingRules,
  now: number,
): { count: number; flagged: boolean } {
  const since = now - rules.repeatNoShow.withinDays * DAY;
  const count = history.filter(
    (b) => b.status === 'no-show' && b.closedAt !== null && b.closedAt >= since,
  ).length;
  return { count, flagged: count >= rules.repeatNoShow.count };
}
