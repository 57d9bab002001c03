import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HOUR_MS,
  forecastAhead,
  localHour,
  trainForecaster,
  type HourlyCount,
} from '../../../src-shared/domain/forecast';
import { hourContexts } from '../../../src-shared/domain/forecast/hour-context';

const BUCHAREST = 'Europe/Bucharest';
const site = { timeZone: BUCHAREST, calendar: [] };

/** Every day: 100 arrivals at 08:00 local, 10 at every other hour; no noise. */
function rushAtEight(from: number, hours: number): HourlyCount[] {
  return Array.from({ length: hours }, (_, i) => {
    const hourStart = from + i * HOUR_MS;
    return { hourStart, count: localHour(BUCHAREST, hourStart).hour === 8 ? 100 : 10 };
  });
}

const localHoursOf = (date: string, from: number): number[] =>
  hourContexts(
    site,
    Array.from({ length: 72 }, (_, i) => from + i * HOUR_MS),
  )
    .filter((h) => h.date === date)
    .map((h) => h.hour);

describe('forecast across clock changes (Europe/Bucharest)', () => {
  it('29 March 2026 has 23 local hours (no 03:00), 25 October 2026 has 25 (03:00 twice)', () => {
    const spring = localHoursOf('2026-03-29', Date.parse('2026-03-28T00:00:00Z'));
    assert.equal(spring.length, 23);
    assert.ok(!spring.includes(3));
    const autumn = localHoursOf('2026-10-25', Date.parse('2026-10-24T00:00:00Z'));
    assert.equal(autumn.length, 25);
    assert.deepEqual(
      autumn.filter((h) => h === 3),
      [3, 3],
    );
  });

  for (const [label, lastHistoryHour] of [
    ['spring-forward', '2026-03-26T21:00:00Z'],
    ['fall-back', '2026-10-22T20:00:00Z'],
  ] as const) {
    it(`keeps the rush at 08:00 local through the ${label} week`, () => {
      const end = Date.parse(lastHistoryHour) + HOUR_MS;
      const series = rushAtEight(end - 10 * 168 * HOUR_MS, 10 * 168);
      const model = trainForecaster(series, site);
      const week = forecastAhead(model, site);
      assert.equal(week.length, 168);
      const rushes = week.filter((f) => localHour(BUCHAREST, f.hourStart).hour === 8);
      assert.equal(rushes.length, 7, 'one 08:00 a day, whatever the day length');
      for (const f of week) {
        const want = localHour(BUCHAREST, f.hourStart).hour === 8 ? 100 : 10;
        assert.ok(Math.abs(f.expected - want) < 1e-6, `${new Date(f.hourStart).toISOString()}`);
      }
      // In UTC the rush moved: 05:00Z in summer time, 06:00Z in winter time.
      const utcHours = new Set(rushes.map((f) => new Date(f.hourStart).getUTCHours()));
      assert.deepEqual(
        [...utcHours].sort((a, b) => a - b),
        [5, 6],
      );
    });
  }
});
