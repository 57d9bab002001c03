import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ZoneClock, zoneClock } from '../../../src-shared/domain/tariff/zone-clock';
import { localWall } from './reference';

const DAY = 86_400_000;
const refOffset = (zone: string, t: number): number => localWall(zone, t) - t;

// Zones with odd offsets, DST at local midnight, changes exactly at 00:00Z (Casablanca 2010,
// Baghdad, Windhoek) and a skipped calendar day (Apia, 30 Dec 2011).
const zones = [
  'Europe/Bucharest',
  'Australia/Lord_Howe',
  'America/Santiago',
  'America/St_Johns',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Africa/Casablanca',
  'Asia/Baghdad',
  'Africa/Windhoek',
  'Pacific/Apia',
  'Asia/Tehran',
];
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) });

describe('ZoneClock', () => {
  it('agrees with a direct Intl lookup at random instants', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), instant, (zone, t) => {
        assert.equal(zoneClock(zone).offsetAt(t), refOffset(zone, t));
      }),
      { numRuns: 400, seed: 7 },
    );
  });

  it('splits a range into maximal constant-offset pieces with exact edges', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        instant,
        fc.integer({ min: 1, max: 40 * DAY }),
        (zone, from, len) => {
          const pieces = new ZoneClock(zone).pieces(from, from + len);
          assert.equal(pieces[0]?.from, from);
          assert.equal(pieces.at(-1)?.to, from + len);
          pieces.forEach((p, i) => {
            assert.ok(p.to > p.from);
            assert.equal(p.offsetMs, refOffset(zone, p.from));
            assert.equal(p.offsetMs, refOffset(zone, p.to - 1));
            const next = pieces[i + 1];
            if (next) {
              assert.equal(next.from, p.to);
              assert.notEqual(next.offsetMs, p.offsetMs);
            }
          });
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });

  it('finds a change exactly at 00:00Z and a skipped local day', () => {
    const casablanca = zoneClock('Africa/Casablanca').pieces(
      Date.parse('2010-05-01T12:00Z'),
      Date.parse('2010-05-02T12:00Z'),
    );
    assert.deepEqual(
      casablanca.map((p) => [p.to, p.offsetMs / 60_000]),
      [
        [Date.parse('2010-05-02T00:00Z'), 0],
        [Date.parse('2010-05-02T12:00Z'), 60],
      ],
    );
    const apia = zoneClock('Pacific/Apia').pieces(
      Date.parse('2011-12-29T00:00Z'),
      Date.parse('2011-12-31T00:00Z'),
    );
    assert.deepEqual(
      apia.map((p) => p.offsetMs / 3_600_000),
      [-10, 14],
    );
  });

  it('rejects an unknown zone with RangeError', () => {
    assert.throws(() => new ZoneClock('Not/AZone'), RangeError);
  });
});
