import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HOUR_MS,
  localHour,
  sameWallTimeWeekBefore,
  seasonalNaive,
} from '../../../src-shared/domain/forecast';

const BUCHAREST = 'Europe/Bucharest';

/** A series whose count is the hour's local hour of the week: a wall-clock fingerprint. */
function fingerprint(timeZone: string, from: number, hours: number): Map<number, number> {
  const m = new Map<number, number>();
  for (let i = 0; i < hours; i++) {
    const t = from + i * HOUR_MS;
    m.set(t, localHour(timeZone, t).hourOfWeek);
  }
  return m;
}

/** Sunday 5 April 2026 03:00 EEST: one week after the hour the spring change skipped. */
const SUNDAY_0300_AFTER_GAP = Date.parse('2026-04-05T00:00:00Z');

const hoursFrom = (origin: number, n = 168): number[] =>
  Array.from({ length: n }, (_, i) => origin + i * HOUR_MS);

describe('seasonal-naive baseline', () => {
  for (const zone of ['UTC', BUCHAREST]) {
    it(`equals the series shifted by one week (${zone}, no clock change)`, () => {
      const from = Date.parse('2026-05-04T00:00:00Z');
      const known = new Map<number, number>();
      for (let i = 0; i < 336; i++) known.set(from + i * HOUR_MS, (i * 37) % 101);
      const origin = from + 168 * HOUR_MS;
      const naive = seasonalNaive(zone, known, hoursFrom(origin), origin);
      naive.forEach((p) => assert.equal(p.count, known.get(p.hourStart - 168 * HOUR_MS)));
    });
  }

  it('follows the wall clock across the 23 h day (167 h back) and the 25 h day (169 h back)', () => {
    const afterSpring = Date.parse('2026-03-30T05:00:00Z'); // Monday 08:00 EEST
    assert.equal(afterSpring - sameWallTimeWeekBefore(BUCHAREST, afterSpring), 167 * HOUR_MS);
    const afterAutumn = Date.parse('2026-10-26T06:00:00Z'); // Monday 08:00 EET
    assert.equal(afterAutumn - sameWallTimeWeekBefore(BUCHAREST, afterAutumn), 169 * HOUR_MS);
  });

  for (const [label, originIso] of [
    ['spring-forward week', '2026-03-25T22:00:00Z'],
    ['week after spring forward', '2026-03-29T21:00:00Z'],
    ['fall-back week', '2026-10-21T21:00:00Z'],
    ['week after fall back', '2026-10-25T22:00:00Z'],
  ] as const) {
    it(`repeats the same local hour of the week in the ${label}`, () => {
      const origin = Date.parse(originIso);
      const known = fingerprint(BUCHAREST, origin - 3 * 168 * HOUR_MS, 4 * 168);
      const hours = hoursFrom(origin);
      const naive = seasonalNaive(BUCHAREST, known, hours, origin);
      naive.forEach((p) => {
        if (p.hourStart === SUNDAY_0300_AFTER_GAP) {
          // Its week-before, 29 March 03:00, never existed: the plain 168 h back (02:00 EET).
          assert.equal(p.count, known.get(p.hourStart - 168 * HOUR_MS));
          assert.equal(p.count, 6 * 24 + 2);
        } else {
          assert.equal(p.count, localHour(BUCHAREST, p.hourStart).hourOfWeek);
        }
      });
    });
  }
});
