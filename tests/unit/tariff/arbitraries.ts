/** fast-check generators for schema-valid tariffs and stays that cluster around DST changes. */
import fc from 'fast-check';
import { tariffSchema, type Tariff } from '../../../src-shared/domain/tariff';
import { localWall } from './reference';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Zones with 1 h, 30 min and midnight DST changes, and fractional offsets. */
export const zones = [
  'Europe/Bucharest',
  'UTC',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'America/Santiago',
  'America/Havana',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Chatham',
] as const;

const hhmm = fc
  .oneof(
    fc.integer({ min: 0, max: 23 }).map((h) => h * 60),
    fc.constantFrom(0, 60, 120, 180, 240, 1380), // edges that DST changes love
    fc.integer({ min: 0, max: 1439 }),
  )
  .map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);

const price = fc.integer({ min: 0, max: 1000 });

const step = fc.record({
  fromMinute: fc.integer({ min: 0, max: 1500 }),
  incrementMinutes: fc.oneof(fc.constantFrom(1, 15, 30, 60), fc.integer({ min: 1, max: 120 })),
  pricePerIncrementMinor: price,
});

const steps = fc
  .tuple(
    step.map((s) => ({ ...s, fromMinute: s.fromMinute % 2 === 0 ? 0 : s.fromMinute % 120 })),
    fc.array(step, { maxLength: 3 }),
  )
  .map(([first, rest]) => [first, ...rest]);

const night = fc.record({
  start: hhmm,
  end: hhmm,
  incrementMinutes: fc.oneof(fc.constantFrom(1, 30, 60), fc.integer({ min: 1, max: 120 })),
  pricePerIncrementMinor: price,
  maxPerNightMinor: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null }),
});

const dailyCap = fc.record({
  amountMinor: fc.integer({ min: 0, max: 10_000 }),
  mode: fc.constantFrom('calendar' as const, 'rolling24h' as const),
});

export function tariffArb(opts: { cap?: 'always' | 'maybe' } = {}): fc.Arbitrary<Tariff> {
  return fc
    .record({
      timeZone: fc.constantFrom(...zones),
      freeMinutes: fc.integer({ min: 0, max: 30 }),
      steps,
      dailyCap: opts.cap === 'always' ? dailyCap : fc.option(dailyCap, { nil: null }),
      night: fc.option(night, { nil: null }),
      lostTicketFeeMinor: fc.integer({ min: 0, max: 20_000 }),
    })
    .map((r) =>
      // Parsing proves the generator only yields schema-valid tariffs.
      tariffSchema.parse({
        id: 'gen',
        name: 'Generated',
        currency: 'RON',
        exitGraceMinutes: 15,
        reentryMinutes: 10,
        ...r,
      }),
    );
}

const YEAR_START = Date.parse('2026-01-01T00:00Z');
const transitionCache = new Map<string, number[]>();

/**
 * Offset changes of a zone during 2026, found with the reference's own Intl lookup (6 h samples,
 * bisected to the minute) so the engine's zone code is not used to test itself.
 */
export function transitionsIn2026(timeZone: string): number[] {
  const hit = transitionCache.get(timeZone);
  if (hit) return hit;
  const offset = (t: number): number => localWall(timeZone, t) - t;
  const found: number[] = [];
  for (let t = YEAR_START; t < YEAR_START + 365 * DAY; t += 6 * HOUR) {
    if (offset(t) === offset(t + 6 * HOUR)) continue;
    let lo = t;
    let hi = t + 6 * HOUR;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offset(mid) === offset(lo)) lo = mid;
      else hi = mid;
    }
    found.push(hi);
  }
  transitionCache.set(timeZone, found);
  return found;
}

/**
 * Entry instant for a zone: often just before one of its DST changes (so short stays cross it),
 * sometimes days around it, sometimes anywhere in 2026; at whole minutes or odd milliseconds.
 */
export function entryArb(timeZone: string): fc.Arbitrary<number> {
  const changes = transitionsIn2026(timeZone);
  const anywhere = fc.integer({ min: YEAR_START, max: YEAR_START + 364 * DAY });
  const base =
    changes.length === 0
      ? anywhere
      : fc.oneof(
          {
            weight: 3,
            arbitrary: fc
              .tuple(fc.constantFrom(...changes), fc.integer({ min: 0, max: 4 * HOUR }))
              .map(([c, before]) => c - before),
          },
          {
            weight: 1,
            arbitrary: fc
              .tuple(fc.constantFrom(...changes), fc.integer({ min: -3 * DAY, max: 3 * DAY }))
              .map(([c, off]) => c + off),
          },
          { weight: 1, arbitrary: anywhere },
        );
  return fc
    .tuple(base, fc.boolean())
    .map(([t, aligned]) => (aligned ? Math.round(t / 60_000) * 60_000 : t));
}

/** A random tariff together with an entry instant suited to its time zone. */
export function caseArb(opts: { cap?: 'always' | 'maybe' } = {}): fc.Arbitrary<[Tariff, number]> {
  return tariffArb(opts).chain((t) => entryArb(t.timeZone).map((e): [Tariff, number] => [t, e]));
}

/** Stay length in ms: mostly short, sometimes up to maxDays. */
export function stayArb(maxDays: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.integer({ min: 0, max: 3 * HOUR }),
    fc.integer({ min: 0, max: maxDays * DAY }),
  );
}
