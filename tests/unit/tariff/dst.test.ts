import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  computeFee,
  computeFeeDetail,
  defaultTariff,
  type Tariff,
} from '../../../src-shared/domain/tariff';

// Europe/Bucharest 2026: spring forward 29 Mar 03:00 EET -> 04:00 EEST (01:00Z);
// fall back 25 Oct 04:00 EEST -> 03:00 EET (01:00Z). Instants carry explicit offsets.
const t = Date.parse;
const H = 60; // minutes

const dayOnly: Tariff = { ...defaultTariff, night: null, dailyCap: null };
/** 1 minor unit per minute: amounts read directly as minutes. */
const perMinute = (over: Partial<Tariff> = {}): Tariff => ({
  ...defaultTariff,
  freeMinutes: 0,
  steps: [{ fromMinute: 0, incrementMinutes: 1, pricePerIncrementMinor: 1 }],
  night: null,
  dailyCap: { amountMinor: 1_000_000, mode: 'calendar' },
  ...over,
});
const nightPerMinute = perMinute({
  steps: [{ fromMinute: 0, incrementMinutes: 1, pricePerIncrementMinor: 0 }],
  night: {
    start: '22:00',
    end: '07:00',
    incrementMinutes: 1,
    pricePerIncrementMinor: 1,
    maxPerNightMinor: null,
  },
});
const minutesOf = (p: { startAt: number; endAt: number }): number => (p.endAt - p.startAt) / 60_000;

describe('DST: billed time is real elapsed time', () => {
  it('spring forward: 02:30 EET -> 05:30 EEST is 2 h', () => {
    const [a, b] = [t('2026-03-29T02:30:00+02:00'), t('2026-03-29T05:30:00+03:00')];
    assert.deepEqual(computeFee(dayOnly, a, b), {
      totalMinor: 900,
      durationMinutes: 2 * H,
      lines: [{ kind: 'day', label: 'Day rate 2 h', amountMinor: 900 }],
    });
    // With the default tariff the whole stay is night: 2 x 300.
    assert.equal(computeFee(defaultTariff, a, b).totalMinor, 600);
  });
  it('fall back: 02:30 EEST -> 03:30 EET is 2 h; 03:30 EEST -> 03:30 EET is 1 h', () => {
    const q = computeFee(dayOnly, t('2026-10-25T02:30:00+03:00'), t('2026-10-25T03:30:00+02:00'));
    assert.equal(q.durationMinutes, 2 * H);
    assert.equal(q.totalMinor, 900);
    const r = computeFee(dayOnly, t('2026-10-25T03:30:00+03:00'), t('2026-10-25T03:30:00+02:00'));
    assert.equal(r.durationMinutes, H);
    assert.equal(r.totalMinor, 500);
  });
});

describe('DST: calendar-day cap periods', () => {
  it('29 Mar 2026 is a 23 h period, bounded by local midnights', () => {
    const d = computeFeeDetail(
      perMinute(),
      t('2026-03-28T12:00:00+02:00'),
      t('2026-03-30T12:00:00+03:00'),
    );
    assert.deepEqual(
      d.periods.map((p) => [p.name, minutesOf(p), p.chargeMinor]),
      [
        ['28/03', 12 * H, 12 * H],
        ['29/03', 23 * H, 23 * H],
        ['30/03', 12 * H, 12 * H],
      ],
    );
    assert.equal(d.periods[1]?.startAt, t('2026-03-29T00:00:00+02:00'));
    assert.equal(d.periods[1]?.endAt, t('2026-03-30T00:00:00+03:00'));
    assert.equal(d.quote.totalMinor, 47 * H);
  });
  it('25 Oct 2026 is a 25 h period, so a 24 h-sized cap bites only there', () => {
    const tariff = perMinute({ dailyCap: { amountMinor: 24 * H, mode: 'calendar' } });
    const d = computeFeeDetail(
      tariff,
      t('2026-10-24T12:00:00+03:00'),
      t('2026-10-26T12:00:00+02:00'),
    );
    assert.deepEqual(
      d.periods.map((p) => [p.name, minutesOf(p), p.chargeMinor, p.billedMinor]),
      [
        ['24/10', 12 * H, 12 * H, 12 * H],
        ['25/10', 25 * H, 25 * H, 24 * H],
        ['26/10', 12 * H, 12 * H, 12 * H],
      ],
    );
    assert.deepEqual(d.quote.lines.at(-1), {
      kind: 'cap',
      label: 'Daily cap 25/10',
      amountMinor: -H,
    });
  });
  it('rolling periods stay 24 h of real time across the change', () => {
    const d = computeFeeDetail(
      perMinute({ dailyCap: { amountMinor: 1_000_000, mode: 'rolling24h' } }),
      t('2026-03-28T12:00:00+02:00'),
      t('2026-03-30T12:00:00+03:00'),
    );
    assert.deepEqual(
      d.periods.map((p) => [p.name, minutesOf(p)]),
      [
        ['28/03 12:00', 24 * H],
        ['29/03 13:00', 23 * H], // 24 h after 12:00 EET is 13:00 EEST
      ],
    );
  });
  it('periods split at local midnight, not UTC midnight', () => {
    const d = computeFeeDetail(
      perMinute(),
      t('2026-06-10T23:30:00+03:00'),
      t('2026-06-11T03:30:00+03:00'),
    );
    assert.deepEqual(
      d.periods.map((p) => [p.name, minutesOf(p)]),
      [
        ['10/06', 30],
        ['11/06', 210],
      ],
    );
  });
  it('a zone whose midnight is skipped (Santiago, 6 Sep 2026) starts the day at 01:00', () => {
    const d = computeFeeDetail(
      perMinute({ timeZone: 'America/Santiago' }),
      t('2026-09-05T22:00:00-04:00'),
      t('2026-09-06T03:00:00-03:00'),
    );
    assert.deepEqual(
      d.periods.map((p) => [p.name, minutesOf(p)]),
      [
        ['05/09', 2 * H],
        ['06/09', 2 * H],
      ],
    );
    assert.equal(d.periods[1]?.startAt, t('2026-09-06T01:00:00-03:00'));
  });
});

describe('DST: night windows', () => {
  it('the spring-forward night 22:00-07:00 is 8 h long', () => {
    const [a, b] = [t('2026-03-28T21:00:00+02:00'), t('2026-03-29T08:00:00+03:00')];
    const d = computeFeeDetail(nightPerMinute, a, b);
    assert.equal(d.quote.durationMinutes, 10 * H);
    assert.equal(d.nightMinutes, 8 * H);
    assert.deepEqual(
      d.quote.lines.filter((l) => l.kind === 'night'),
      [{ kind: 'night', label: 'Night 22:00-07:00 (1)', amountMinor: 8 * H }],
    );
    assert.equal(computeFee(defaultTariff, a, b).totalMinor, 900 + 1000);
  });
  it('the fall-back night 22:00-07:00 is 10 h long', () => {
    const d = computeFeeDetail(
      nightPerMinute,
      t('2026-10-24T21:00:00+03:00'),
      t('2026-10-25T08:00:00+02:00'),
    );
    assert.equal(d.quote.durationMinutes, 12 * H);
    assert.equal(d.nightMinutes, 10 * H);
    assert.equal(d.nights.length, 1);
  });
  it('a window inside the skipped hour never happens; in the repeated hour it happens twice', () => {
    const gap = { ...nightPerMinute.night!, start: '03:00', end: '04:00' };
    const spring = computeFeeDetail(
      { ...nightPerMinute, night: gap },
      t('2026-03-29T00:00:00+02:00'),
      t('2026-03-29T06:00:00+03:00'),
    );
    assert.equal(spring.nightMinutes, 0);
    const fall = computeFeeDetail(
      { ...nightPerMinute, night: gap },
      t('2026-10-25T00:00:00+03:00'),
      t('2026-10-25T06:00:00+02:00'),
    );
    assert.equal(fall.nightMinutes, 2 * H);
    // Both passes through 03:00-04:00 belong to the same night: one line, one per-night cap.
    assert.deepEqual(
      fall.nights.map((n) => [n.label, n.minutes]),
      [['Night 03:00-04:00 (1)', 2 * H]],
    );
  });
});
