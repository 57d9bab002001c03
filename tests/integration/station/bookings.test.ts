/**
 * Bookings made at the booth, on a whole station (real SQLite file, the sample lanes, the
 * simulated gates): capacity per slot with walk-in capacity kept free, check-in by the
 * cashier's pick and by a plate read at the lane within the window, no-shows that free the slot
 * and flag repeat offenders, service, cancellation and a late arrival served as a walk-in.
 * The demo's set-up: two CNG pumps (one always kept for walk-ins) and 8 bays (2 kept).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BookingView } from '../../../src-shared/contract/bookings';
import { queryFile, startHarness, type Harness } from '../../support/station-harness';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const MINUTE = 60_000;
const pump = (id: string) => ({ kind: 'pump' as const, id });
const bays = { kind: 'bay' as const, id: 'bays' };

describe('bookings at the booth', { timeout: 120_000 }, () => {
  let h: Harness;
  const manager = 'manager-console';
  before(async () => {
    h = await startHarness();
    await h.signIn('cashier');
    await h.signIn('manager', manager);
  });
  after(() => h?.stop());

  const book = (
    plate: string,
    startsInMinutes: number,
    resource: { kind: 'pump' | 'bay'; id: string } = pump('pump-1'),
    durationMinutes = 15,
  ) =>
    h.raw('bookings:create', {
      resource,
      startsAt: h.clock.now + startsInMinutes * MINUTE,
      durationMinutes,
      plate,
      contact: '+40 700 000 000',
      source: 'phone',
    });
  async function booked(
    plate: string,
    startsIn: number,
    resource: { kind: 'pump' | 'bay'; id: string } = pump('pump-1'),
  ) {
    const r = await book(plate, startsIn, resource);
    assert.ok(r.ok, JSON.stringify(r));
    return r.value as BookingView;
  }
  const events = (aggregateId: string) =>
    h.call('journal:list', { aggregateId, limit: 20 }, manager);

  it('books a slot, and refuses the one kept for walk-ins, saying so', async () => {
    const first = await booked('B101CAP', 60);
    assert.deepEqual(
      [first.status, first.state, first.source, first.resourceName, first.contact],
      ['booked', 'upcoming', 'phone', 'CNG pump 1', '+40 700 000 000'],
    );
    const [created] = await events(first.id);
    assert.equal(created?.type, 'booking.created');
    assert.equal((created?.payload as { hasContact: boolean }).hasContact, true);
    assert.ok(!JSON.stringify(created?.payload).includes('700'), 'no phone number in the journal');
    // Two pumps, one kept for walk-ins: the other pump in the same slot is refused.
    const second = await book('B102CAP', 60, pump('pump-2'));
    assert.equal(!second.ok && second.error.code, 'CONFLICT');
    assert.match(
      !second.ok ? second.error.message : '',
      /1 of 1 bookable .* 1 kept free for walk-ins/,
    );
    // The same pump right after the first booking's slot and grace is free.
    await booked('B103CAP', 90, pump('pump-2'));
    // Bays: 8, two kept; six fit in one slot, the seventh doesn't.
    for (let i = 0; i < 6; i++) await booked(`B11${i}BAY`, 120, bays);
    const seventh = await book('B117BAY', 120, bays);
    assert.equal(!seventh.ok && seventh.error.code, 'CONFLICT');
    const unknown = await book('B118BAY', 120, { kind: 'bay', id: 'nowhere' });
    assert.equal(!unknown.ok && unknown.error.code, 'NOT_FOUND');
    const badPlate = await book('!!', 120, bays);
    assert.equal(!badPlate.ok && badPlate.error.code, 'INVALID_PAYLOAD');
    const past = await book('B119OLD', -60);
    assert.equal(!past.ok && past.error.code, 'INVALID_PAYLOAD');
  });

  it("checks in by the cashier's pick inside the window, not before it; then service", async () => {
    const b = await booked('B201PCK', 200, pump('pump-1'));
    const early = await h.raw('bookings:checkIn', { bookingId: b.id });
    assert.equal(!early.ok && early.error.code, 'CONFLICT');
    assert.match(
      !early.ok ? early.error.message : '',
      /Too early: check-in for B201PCK opens at \d\d:\d\d/,
    );
    h.clock.advanceMinutes(190); // 10 minutes before the start: inside the 15 of early grace
    const inn = await h.call('bookings:checkIn', { bookingId: b.id });
    assert.deepEqual([inn.status, inn.checkedInVia], ['checked-in', 'pick']);
    const started = await h.call('bookings:startService', { bookingId: b.id });
    assert.equal(started.state, 'in-service');
    const done = await h.call('bookings:complete', { bookingId: b.id });
    assert.equal(done.status, 'completed');
    const again = await h.raw('bookings:cancel', { bookingId: b.id, reason: 'changed mind' });
    assert.equal(!again.ok && again.error.code, 'CONFLICT');
    assert.deepEqual((await events(b.id)).map((e) => e.type).reverse(), [
      'booking.created',
      'booking.checkedIn',
      'booking.serviceStarted',
      'booking.completed',
    ]);
  });

  it('checks a bay booking in when its plate is read at the entry lane within the window', async () => {
    const b = await booked('B301PLT', 5, bays);
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'B301PLT' });
    assert.equal(entered.kind, 'entered', 'the car enters as usual');
    const day = await h.call('bookings:list', {});
    const now = day.bookings.find((x) => x.id === b.id)!;
    assert.deepEqual([now.status, now.checkedInVia], ['checked-in', 'plate']);
    const checkIn = (await events(b.id)).find((e) => e.type === 'booking.checkedIn');
    assert.deepEqual(checkIn?.payload, {
      via: 'plate',
      laneId: 'entry-1',
      tokenId: null,
      lateByMs: -5 * MINUTE,
    });
    // A plate read far outside its window checks nothing in.
    const later = await booked('B302PLT', 300, bays);
    await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'B302PLT' });
    const still = (await h.call('bookings:list', {})).bookings.find((x) => x.id === later.id)!;
    assert.equal(still.status, 'booked');
  });

  it('a no-show frees its slot, and repeat no-shows flag the plate', async () => {
    const first = await booked('B401NSH', 30, pump('pump-1'));
    assert.equal((await book('B402NSH', 30, pump('pump-2'))).ok, false, 'the slot is taken');
    h.clock.advanceMinutes(30 + 15); // check-in closed: 15 minutes of late grace
    const day = await h.call('bookings:list', {});
    const gone = day.bookings.find((x) => x.id === first.id)!;
    assert.deepEqual([gone.status, gone.noShows, gone.flagged], ['no-show', 1, false]);
    const [noShow] = await events(first.id);
    assert.equal(noShow?.type, 'booking.noShow');
    const rows = queryFile<{ status: string }>(
      join(h.dataDir, 'station.db'),
      'SELECT status FROM bookings WHERE id = ?',
      first.id,
    );
    assert.deepEqual(rows, [{ status: 'no-show' }]);
    // The slot is free again: the walk-in lane's neighbour can be booked for the rest of it.
    await booked('B403NSH', 1, pump('pump-2'));

    // A second no-show within the look-back: the plate is flagged on its next booking.
    const second = await booked('B401NSH', 240, pump('pump-1'));
    h.clock.advanceMinutes(240 + 15);
    await h.call('bookings:list', {});
    const third = await booked('B401NSH', 60, pump('pump-1'));
    assert.deepEqual([third.noShows, third.flagged], [2, true]);
    const [created] = await events(third.id);
    assert.equal((created?.payload as { flagged: boolean }).flagged, true);
    assert.ok(second.id !== third.id);
  });

  it('a late arrival is served as a walk-in; one on time is checked in instead', async () => {
    const b = await booked('B501LAT', 10, pump('pump-1'));
    const onTime = await h.raw('bookings:convertToWalkIn', { bookingId: b.id, reason: 'late' });
    assert.equal(!onTime.ok && onTime.error.code, 'CONFLICT');
    h.clock.advanceMinutes(10 + 20);
    const late = await h.call('bookings:convertToWalkIn', { bookingId: b.id, reason: 'came late' });
    assert.deepEqual([late.status, late.walkIn, late.noShows], ['expired', true, 0]);
    const [expired] = await events(b.id);
    assert.equal(expired?.type, 'booking.expired');
    // Cancelled by the booth: journaled with the reason, the slot free.
    const c = await booked('B502CAN', 60, pump('pump-1'));
    const cancelled = await h.call('bookings:cancel', {
      bookingId: c.id,
      reason: 'phoned to cancel',
    });
    assert.equal(cancelled.status, 'cancelled');
    await booked('B503CAN', 60, pump('pump-2'));
  });

  it('the database itself keeps a final status final, and a token single-use', () => {
    const db = new Database(join(h.dataDir, 'station.db'));
    try {
      const done = db.prepare(`SELECT id FROM bookings WHERE status = 'completed'`).pluck().get();
      assert.ok(done, 'a completed booking from the tests above');
      assert.throws(
        () => db.prepare(`UPDATE bookings SET status = 'booked' WHERE id = ?`).run(done),
        /a completed, cancelled or expired booking stays so/,
      );
      assert.throws(
        () => db.prepare('DELETE FROM bookings WHERE id = ?').run(done),
        /never deleted/,
      );
      const use = db.prepare(
        'INSERT INTO etoken_uses (token_id, booking_id, used_at) VALUES (?, ?, 0)',
      );
      use.run('et-test', done);
      assert.throws(
        () => use.run('et-test', done),
        /UNIQUE constraint failed: etoken_uses.token_id/,
      );
    } finally {
      db.close();
    }
  });
});
