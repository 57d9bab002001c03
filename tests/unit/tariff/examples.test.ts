import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  computeFee,
  computeFeeDetail,
  defaultTariff,
  lostTicketFee,
  tariffSchema,
  type Tariff,
} from '../../../src-shared/domain/tariff';

// June 2026: Europe/Bucharest is UTC+3 (EEST), so local times are written with +03:00.
const at = (local: string): number => Date.parse(`2026-06-${local}:00+03:00`);
const fee = (t: Tariff, from: string, to: string) => computeFee(t, at(from), at(to));
const total = (t: Tariff, from: string, to: string): number => fee(t, from, to).totalMinor;
const with_ = (over: Partial<Tariff>): Tariff => ({ ...defaultTariff, ...over });
const dayOnly = with_({ night: null, dailyCap: null });

describe('default tariff', () => {
  it('is schema-valid', () => {
    assert.deepEqual(tariffSchema.parse(defaultTariff), defaultTariff);
  });
});

describe('free minutes', () => {
  it('exactly 15 min is free, with one free line', () => {
    assert.deepEqual(fee(defaultTariff, '10T10:00', '10T10:15'), {
      totalMinor: 0,
      durationMinutes: 15,
      lines: [{ kind: 'free', label: 'Free 15 min (up to 15 min)', amountMinor: 0 }],
    });
  });
  it('16 min bills the whole stay from minute 0', () => {
    assert.deepEqual(fee(defaultTariff, '10T10:00', '10T10:16'), {
      totalMinor: 500,
      durationMinutes: 16,
      lines: [{ kind: 'day', label: 'Day rate 16 min', amountMinor: 500 }],
    });
  });
  it('rounds a started minute up (15 min + 1 ms is 16 min)', () => {
    const q = computeFee(defaultTariff, at('10T10:00'), at('10T10:15') + 1);
    assert.equal(q.durationMinutes, 16);
    assert.equal(q.totalMinor, 500);
  });
  it('a zero-length stay is free even with freeMinutes 0', () => {
    const q = computeFee(with_({ freeMinutes: 0 }), at('10T10:00'), at('10T10:00'));
    assert.equal(q.totalMinor, 0);
    assert.equal(q.lines[0]?.kind, 'free');
  });
});

describe('day-rate step ladder', () => {
  it('first hour 500, then 200 per started 30 min', () => {
    assert.equal(total(dayOnly, '10T10:00', '10T11:00'), 500);
    assert.equal(total(dayOnly, '10T10:00', '10T11:01'), 700);
    assert.equal(total(dayOnly, '10T10:00', '10T11:30'), 700);
    assert.equal(total(dayOnly, '10T10:00', '10T11:31'), 900);
    assert.deepEqual(fee(dayOnly, '10T10:00', '10T12:15').lines, [
      { kind: 'day', label: 'Day rate 2 h 15 min', amountMinor: 1100 },
    ]);
  });
  it("counts a step's blocks from its fromMinute; a block cut short by the next step bills in full", () => {
    const t = with_({
      ...dayOnly,
      freeMinutes: 0,
      steps: [
        { fromMinute: 0, incrementMinutes: 45, pricePerIncrementMinor: 300 },
        { fromMinute: 60, incrementMinutes: 30, pricePerIncrementMinor: 200 },
      ],
    });
    assert.equal(total(t, '10T10:00', '10T10:45'), 300);
    assert.equal(total(t, '10T10:00', '10T10:46'), 600); // minutes 45-59: a 15 min block
    assert.equal(total(t, '10T10:00', '10T11:00'), 600);
    assert.equal(total(t, '10T10:00', '10T11:01'), 800);
  });
  it('orders steps by fromMinute; on a tie the later step wins', () => {
    const unsorted = with_({ ...dayOnly, steps: [...defaultTariff.steps].reverse() });
    assert.equal(total(unsorted, '10T10:00', '10T12:15'), 1100);
    const tie = with_({
      ...dayOnly,
      steps: [
        { fromMinute: 0, incrementMinutes: 60, pricePerIncrementMinor: 500 },
        { fromMinute: 0, incrementMinutes: 30, pricePerIncrementMinor: 100 },
      ],
    });
    assert.equal(total(tie, '10T10:00', '10T11:00'), 200);
  });
  it('minutes before the first step are not billed', () => {
    const t = with_({
      ...dayOnly,
      freeMinutes: 0,
      steps: [{ fromMinute: 30, incrementMinutes: 10, pricePerIncrementMinor: 100 }],
    });
    assert.equal(total(t, '10T10:00', '10T10:30'), 0);
    assert.equal(total(t, '10T10:00', '10T10:31'), 100);
    assert.equal(total(t, '10T10:00', '10T10:41'), 200);
  });
});

describe('night rate', () => {
  it('bills the window across midnight, capped per night', () => {
    assert.deepEqual(fee(defaultTariff, '10T21:00', '11T08:00'), {
      totalMinor: 1900,
      durationMinutes: 660,
      lines: [
        { kind: 'day', label: 'Day rate 2 h', amountMinor: 900 }, // 21-22 and 07-08 cumulate
        { kind: 'night', label: 'Night 22:00-07:00 (1)', amountMinor: 1000 }, // 9 x 300 capped
      ],
    });
    const uncapped = with_({ night: { ...defaultTariff.night!, maxPerNightMinor: null } });
    assert.equal(total(uncapped, '10T21:00', '11T08:00'), 900 + 2700);
  });
  it('a partial night bills started increments', () => {
    assert.deepEqual(fee(defaultTariff, '10T22:30', '10T23:40').lines, [
      { kind: 'night', label: 'Night 22:00-07:00 (1)', amountMinor: 600 },
    ]);
  });
  it('a stay that starts inside the window bills the rest of it', () => {
    assert.equal(total(defaultTariff, '10T23:00', '11T01:00'), 600);
    const d = computeFeeDetail(defaultTariff, at('11T01:00'), at('11T09:00'));
    assert.equal(d.nightMinutes, 360);
    assert.equal(d.quote.totalMinor, 1000 + 900);
    assert.equal(d.nights[0]?.periodIndex, 0);
  });
  it('numbers each night and keeps day minutes cumulative across them', () => {
    const t = with_({ dailyCap: null });
    assert.deepEqual(fee(t, '10T21:00', '12T08:00').lines, [
      { kind: 'day', label: 'Day rate 17 h', amountMinor: 500 + 32 * 200 },
      { kind: 'night', label: 'Night 22:00-07:00 (1)', amountMinor: 1000 },
      { kind: 'night', label: 'Night 22:00-07:00 (2)', amountMinor: 1000 },
    ]);
  });
  it('supports a window that does not wrap midnight; start === end means no window', () => {
    const lunch = with_({
      dailyCap: null,
      night: { ...defaultTariff.night!, start: '12:00', end: '14:00' },
    });
    assert.equal(total(lunch, '10T11:00', '10T15:00'), 900 + 600);
    const none = with_({ night: { ...defaultTariff.night!, start: '22:00', end: '22:00' } });
    assert.equal(computeFeeDetail(none, at('10T21:00'), at('11T08:00')).nightMinutes, 0);
  });
});

describe('daily cap', () => {
  it('calendar: caps each local day; night charges go to the day the night starts', () => {
    const d = computeFeeDetail(defaultTariff, at('10T21:00'), at('12T08:00'));
    assert.deepEqual(
      d.periods.map((p) => [p.name, p.dayChargeMinor, p.nightChargeMinor, p.billedMinor]),
      [
        ['10/06', 500, 1000, 1500],
        ['11/06', 6000, 1000, 5000],
        ['12/06', 400, 0, 400],
      ],
    );
    assert.equal(d.quote.totalMinor, 6900);
    assert.deepEqual(d.quote.lines.at(-1), {
      kind: 'cap',
      label: 'Daily cap 11/06',
      amountMinor: -2000,
    });
  });
  it('calendar vs rolling 24 h on the same 24 h stay', () => {
    const cal = with_({ night: null });
    const roll = with_({ night: null, dailyCap: { amountMinor: 5000, mode: 'rolling24h' } });
    // Uncapped: 500 + 46 x 200 = 9700. Calendar: 10/06 14-24 h = 4100, 11/06 = 5600 -> 5000.
    assert.deepEqual(fee(cal, '10T14:00', '11T14:00').lines, [
      { kind: 'day', label: 'Day rate 24 h', amountMinor: 9700 },
      { kind: 'cap', label: 'Daily cap 11/06', amountMinor: -600 },
    ]);
    assert.deepEqual(fee(roll, '10T14:00', '11T14:00').lines, [
      { kind: 'day', label: 'Day rate 24 h', amountMinor: 9700 },
      { kind: 'cap', label: 'Daily cap 10/06 14:00', amountMinor: -4700 },
    ]);
    // One more minute opens a second rolling period; calendar day 11/06 is already capped.
    assert.equal(total(roll, '10T14:00', '11T14:01'), 5200);
    assert.equal(total(cal, '10T14:00', '11T14:01'), 9100);
  });
  it('summarises long runs of capped days on one line', () => {
    const q = fee(with_({ night: null }), '01T00:00', '11T00:00');
    assert.equal(q.totalMinor, 10 * 5000);
    assert.equal(q.lines.at(-1)?.label, 'Daily cap 01/06 - 10/06 (10 periods)');
  });
});

describe('lost ticket and input checks', () => {
  it('lost ticket is one flat line', () => {
    assert.deepEqual(lostTicketFee(defaultTariff), {
      totalMinor: 10000,
      durationMinutes: 0,
      lines: [{ kind: 'lost-ticket', label: 'Lost ticket', amountMinor: 10000 }],
    });
  });
  it('rejects exit before entry, non-finite instants and invalid tariffs', () => {
    assert.throws(() => computeFee(defaultTariff, at('10T10:00'), at('10T09:59')), RangeError);
    assert.throws(() => computeFee(defaultTariff, Number.NaN, at('10T10:00')), RangeError);
    assert.throws(
      () => computeFee(with_({ steps: [] }), at('10T10:00'), at('10T11:00')),
      RangeError,
    );
    assert.throws(
      () => computeFee(with_({ timeZone: 'Mars/Olympus' }), at('10T10:00'), at('10T11:00')),
      RangeError,
    );
  });
});
