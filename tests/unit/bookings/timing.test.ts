import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  advance,
  arrival,
  bookingRules,
  canTransition,
  checkIn,
  checkInWindow,
  convertToWalkIn,
  dueNoShows,
  extendLate,
  FINAL,
  heldInterval,
  markNoShow,
  noShowAt,
  repeatNoShows,
  scheduleState,
  TRANSITIONS,
  type Booking,
  type BookingStatus,
} from '../../../src-shared/domain/bookings';

const MIN = 60_000;
const DAY = 86_400_000;
const T = Date.parse('2026-06-10T10:00:00Z');
const rules = bookingRules.parse({ earlyGraceMinutes: 15, lateGraceMinutes: 10 });
const label = (t: number) => new Date(t).toISOString().slice(11, 16);

const booking = (over: Partial<Booking> = {}): Booking => ({
  id: 'BK1',
  source: 'phone',
  resource: { kind: 'pump', id: 'pump-1' },
  startsAt: T,
  durationMinutes: 15,
  plate: 'B123ABC',
  contact: null,
  status: 'booked',
  lateUntil: null,
  etokenId: null,
  createdAt: T - DAY,
  checkedInAt: null,
  checkedInVia: null,
  serviceStartedAt: null,
  closedAt: null,
  walkIn: false,
  ...over,
});

describe('booking timing rules', () => {
  it('check-in opens at the early grace and closes at the late grace', () => {
    const b = booking();
    assert.deepEqual(checkInWindow(b, rules), { opensAt: T - 15 * MIN, closesAt: T + 10 * MIN });
    assert.equal(arrival(b, rules, T - 15 * MIN - 1), 'too-early');
    assert.equal(arrival(b, rules, T - 15 * MIN), 'on-time');
    assert.equal(arrival(b, rules, T + 10 * MIN - 1), 'on-time');
    assert.equal(arrival(b, rules, T + 10 * MIN), 'late');
  });

  it("the operator's running-late time extends check-in, and never shortens it", () => {
    assert.equal(checkInWindow(booking({ lateUntil: T + 40 * MIN }), rules).closesAt, T + 40 * MIN);
    assert.equal(checkInWindow(booking({ lateUntil: T + 2 * MIN }), rules).closesAt, T + 10 * MIN);
    const once = extendLate(booking(), T + 40 * MIN, rules, T);
    const again = extendLate(once, T + 20 * MIN, rules, T);
    assert.equal(again.lateUntil, T + 40 * MIN, 'a later message never takes time back');
    assert.equal(arrival(again, rules, T + 30 * MIN), 'on-time');
  });

  it('a check-in inside the window checks in; before or after it says why, with the time', () => {
    const ok = checkIn(booking(), rules, T + 5 * MIN, 'pick', label);
    assert.ok(ok.ok);
    assert.equal(ok.booking.status, 'checked-in');
    assert.equal(ok.booking.checkedInAt, T + 5 * MIN);
    assert.equal(ok.booking.checkedInVia, 'pick');
    const early = checkIn(booking(), rules, T - 20 * MIN, 'pick', label);
    assert.deepEqual(!early.ok && early.refusal, {
      code: 'too-early',
      message: 'Too early: check-in for B123ABC opens at 09:45.',
    });
    const late = checkIn(booking(), rules, T + 11 * MIN, 'plate', label);
    assert.equal(!late.ok && late.refusal.code, 'expired');
    assert.match(!late.ok ? late.refusal.message : '', /closed at 10:10.*walk-in/);
    const twice = checkIn(ok.booking, rules, T + 6 * MIN, 'pick', label);
    assert.equal(!twice.ok && twice.refusal.code, 'not-bookable');
  });

  it('a booking nobody checked in is a no-show once check-in closed (plus the margin)', () => {
    const strict = bookingRules.parse({ lateGraceMinutes: 10, noShowAfterMinutes: 5 });
    const b = booking();
    assert.equal(noShowAt(b, strict), T + 15 * MIN);
    assert.deepEqual(dueNoShows([b], strict, T + 15 * MIN - 1), []);
    assert.deepEqual(dueNoShows([b], strict, T + 15 * MIN), [b]);
    const checkedIn = booking({ status: 'checked-in' });
    assert.deepEqual(dueNoShows([checkedIn], strict, T + DAY), []);
    const late = booking({ lateUntil: T + 60 * MIN });
    assert.deepEqual(dueNoShows([late], strict, T + 30 * MIN), [], 'running late: not yet');
  });

  it('a no-show frees its slot; a late extension before anyone noticed books it again', () => {
    const b = booking();
    assert.ok(heldInterval(b, rules));
    const gone = markNoShow(b, T + 10 * MIN);
    assert.equal(gone.status, 'no-show');
    assert.equal(heldInterval(gone, rules), null, 'holds no capacity');
    const back = extendLate(gone, T + 30 * MIN, rules, T + 12 * MIN);
    assert.equal(back.status, 'booked');
    assert.equal(back.closedAt, null);
    const tooLate = extendLate(gone, T + 30 * MIN, rules, T + 31 * MIN);
    assert.equal(tooLate.status, 'no-show', 'its new window is over as well');
  });

  it('a late arrival converts to a walk-in; one on time or early does not', () => {
    const late = convertToWalkIn(booking(), rules, T + 12 * MIN, label);
    assert.ok(late.ok);
    assert.deepEqual(
      [late.booking.status, late.booking.walkIn, late.booking.closedAt],
      ['expired', true, T + 12 * MIN],
    );
    const afterNoShow = convertToWalkIn(
      markNoShow(booking(), T + 10 * MIN),
      rules,
      T + 40 * MIN,
      label,
    );
    assert.ok(afterNoShow.ok, 'a no-show who turns up is served as a walk-in, not counted');
    const onTime = convertToWalkIn(booking(), rules, T + 2 * MIN, label);
    assert.equal(!onTime.ok && onTime.refusal.code, 'not-late');
    const done = convertToWalkIn(booking({ status: 'completed' }), rules, T + 60 * MIN, label);
    assert.equal(!done.ok && done.refusal.code, 'not-bookable');
  });

  it('repeat no-shows within the look-back flag the plate', () => {
    const r = bookingRules.parse({ repeatNoShow: { count: 2, withinDays: 30 } });
    const now = T;
    const noShow = (daysAgo: number) => ({
      status: 'no-show' as const,
      closedAt: now - daysAgo * DAY,
    });
    assert.deepEqual(repeatNoShows([noShow(3)], r, now), { count: 1, flagged: false });
    assert.deepEqual(repeatNoShows([noShow(3), noShow(29)], r, now), { count: 2, flagged: true });
    assert.deepEqual(repeatNoShows([noShow(3), noShow(31)], r, now), { count: 1, flagged: false });
    const converted = { status: 'expired' as const, closedAt: now - DAY };
    assert.deepEqual(repeatNoShows([noShow(3), converted], r, now), { count: 1, flagged: false });
  });

  it('statuses move only forward; completed, cancelled and expired are final', () => {
    for (const s of FINAL) assert.deepEqual(TRANSITIONS[s], []);
    assert.ok(canTransition('booked', 'checked-in'));
    assert.ok(!canTransition('completed', 'booked'));
    assert.ok(!canTransition('in-service', 'cancelled'));
    const served = advance(booking({ status: 'checked-in' }), 'in-service', T);
    assert.ok(served.ok);
    assert.equal(served.booking.serviceStartedAt, T);
    const done = advance(served.booking, 'completed', T + 9 * MIN);
    assert.ok(done.ok);
    assert.equal(done.booking.closedAt, T + 9 * MIN);
    const again = advance(done.booking, 'cancelled', T + 10 * MIN);
    assert.match(
      !again.ok ? again.refusal.message : '',
      /Can't cancel booking BK1: it is completed/,
    );
    const all: BookingStatus[] = Object.keys(TRANSITIONS) as BookingStatus[];
    for (const from of all) for (const to of TRANSITIONS[from]) assert.ok(all.includes(to));
  });

  it("today's schedule says upcoming, due, late or overdue for a booked customer", () => {
    const b = booking();
    assert.equal(scheduleState(b, rules, T - 16 * MIN), 'upcoming');
    assert.equal(scheduleState(b, rules, T - 5 * MIN), 'due');
    assert.equal(scheduleState(b, rules, T + 5 * MIN), 'late');
    assert.equal(scheduleState(b, rules, T + 10 * MIN), 'overdue');
    assert.equal(scheduleState(booking({ status: 'in-service' }), rules, T), 'in-service');
  });
});
