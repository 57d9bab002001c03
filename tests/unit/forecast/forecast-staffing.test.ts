import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoursToMark, staffingHints } from '../../../src-shared/domain/forecast';

const hour = (i: number, expected: number, upper: number) => ({
  hourStart: i * 3_600_000,
  expected,
  lower: 0,
  upper,
});
const week = [hour(0, 10, 14), hour(1, 30, 45), hour(2, 50, 70), hour(3, 61, 80)];

describe('staffing hints', () => {
  it('marks hours whose forecast passes capacity or the rostered cashiers’ load', () => {
    const hints = staffingHints(week, {
      capacityPerHour: 60,
      cashierLoadPerHour: 20,
      cashiers: 2,
      basis: 'expected',
    });
    assert.deepEqual(
      hints.map((h) => [h.overCapacity, h.overCashierLoad, h.cashiersNeeded]),
      [
        [false, false, 1],
        [false, false, 2],
        [false, true, 3],
        [true, true, 4],
      ],
    );
    assert.deepEqual(
      hoursToMark(hints).map((h) => h.hourStart),
      [2 * 3_600_000, 3 * 3_600_000],
    );
  });

  it('plans on the upper bound when asked, and marks nothing it was not given a limit for', () => {
    const upper = staffingHints(week, {
      capacityPerHour: 60,
      cashierLoadPerHour: null,
      cashiers: 0,
      basis: 'upper',
    });
    assert.deepEqual(
      upper.map((h) => h.overCapacity),
      [false, false, true, true],
    );
    assert.ok(upper.every((h) => !h.overCashierLoad && h.cashiersNeeded === null));
  });
});
