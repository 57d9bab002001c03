import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParkingSession } from '../../src-shared';
import { changeFor, quoteSession, reentryBasis } from '../../src-shared';
import { computeFee, defaultTariff } from '../../src-shared/domain/tariff';

const MIN = 60_000;
const T = Date.parse('2026-06-10T08:00:00Z');
const base: ParkingSession = {
  id: 'S1',
  plate: 'B123ABC',
  zoneId: 'main',
  tariffId: defaultTariff.id,
  entryLaneId: 'entry-1',
  entryAt: T,
  entryPhotoId: null,
  state: 'open',
  paidMinor: 0,
  exitBy: null,
  exitAt: null,
  exitLaneId: null,
  exitPhotoId: null,
  lostTicket: false,
  continuesSessionId: null,
};

describe('session rules', () => {
  it('an unpaid session owes the full fee so far', () => {
    const q = quoteSession(base, defaultTariff, T + 130 * MIN);
    assert.equal(q.dueMinor, computeFee(defaultTariff, T, T + 130 * MIN).totalMinor);
    assert.equal(q.exitByIfPaidNow, T + (130 + defaultTariff.exitGraceMinutes) * MIN);
  });

  it('a paid session owes nothing inside its exit window', () => {
    const paid = { ...base, state: 'paid' as const, paidMinor: 700, exitBy: T + 145 * MIN };
    assert.equal(quoteSession(paid, defaultTariff, T + 145 * MIN).dueMinor, 0);
  });

  it('after the window the fee resumes from its end: only the difference is due', () => {
    const exitBy = T + 145 * MIN;
    const paid = { ...base, state: 'paid' as const, paidMinor: 700, exitBy };
    const at = T + 200 * MIN;
    const expected =
      computeFee(defaultTariff, T, at).totalMinor - computeFee(defaultTariff, T, exitBy).totalMinor;
    assert.ok(expected > 0);
    assert.equal(quoteSession(paid, defaultTariff, at).dueMinor, expected);
  });

  it('a lost ticket owes the flat fee', () => {
    const lost = { ...base, lostTicket: true };
    assert.equal(
      quoteSession(lost, defaultTariff, T + 5 * MIN).dueMinor,
      defaultTariff.lostTicketFeeMinor,
    );
  });

  it('re-entry within the window keeps the original entry time and what was settled', () => {
    const prev = {
      ...base,
      state: 'closed' as const,
      exitAt: T + 60 * MIN,
      exitBy: T + 70 * MIN,
      paidMinor: 500,
    };
    const inside = reentryBasis(
      prev,
      defaultTariff,
      T + 60 * MIN + defaultTariff.reentryMinutes * MIN,
    );
    assert.deepEqual(inside, {
      entryAt: T,
      exitBy: T + 70 * MIN,
      paidMinor: 500,
      continuesSessionId: 'S1',
    });
    assert.equal(
      reentryBasis(prev, defaultTariff, T + 61 * MIN + defaultTariff.reentryMinutes * MIN),
      null,
    );
    assert.equal(reentryBasis({ ...prev, state: 'open' }, defaultTariff, T + 61 * MIN), null);
  });

  it('change is integer and never negative', () => {
    assert.equal(changeFor(1250, 2000), 750);
    assert.throws(() => changeFor(1250, 1000), RangeError);
    assert.throws(() => changeFor(12.5, 20), RangeError);
  });
});
