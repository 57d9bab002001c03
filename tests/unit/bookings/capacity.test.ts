/**
 * Capacity per slot and resource, with walk-in capacity kept free by rule, under random
 * booking streams: every booking the booth accepts fits every limit in force, every one it
 * refuses would have broken one, and with only the booth booking no slot is ever over a limit.
 * The model below counts independently (its own slots and Intl for local time).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  bookingRules,
  checkCapacity,
  freeInSlot,
  heldInterval,
  ruleApplies,
  type Booking,
  type ResourceConfig,
  type WalkInRule,
} from '../../../src-shared/domain/bookings';
import { zoneClock } from '../../../src-shared/domain/tariff/zone-clock';

const MIN = 60_000;
const TZ = 'Europe/Bucharest';
// A Friday in winter (UTC+2) and one across the spring clock change.
const DAYS = [Date.parse('2026-01-16T00:00:00+02:00'), Date.parse('2026-03-29T00:00:00+02:00')];
const rules = bookingRules.parse({ slotMinutes: 15, lateGraceMinutes: 10 });
const resources: ResourceConfig[] = [
  { id: 'pump-1', kind: 'pump', name: 'CNG pump 1', capacity: 1, laneIds: [] },
  { id: 'pump-2', kind: 'pump', name: 'CNG pump 2', capacity: 1, laneIds: [] },
  { id: 'pump-3', kind: 'pump', name: 'Twin pump 3', capacity: 2, laneIds: [] },
  { id: 'bay-A', kind: 'bay', name: 'Bays A', capacity: 4, laneIds: [] },
];
const walkIn: WalkInRule[] = [
  // One pump's worth always free for walk-ins; two at the evening peak on weekdays.
  { kind: 'pump', keepFree: 1 },
  { kind: 'pump', keepFree: 2, from: '17:00', to: '19:00', days: [1, 2, 3, 4, 5] },
  // Half the bays overnight, across midnight.
  { resourceIds: ['bay-A'], keepFree: 2, from: '22:00', to: '06:00' },
];
const clock = zoneClock(TZ);
const site = { resources, walkIn, rules, wallAt: (t: number) => clock.wallAt(t) };
const label = (t: number) => new Date(t).toISOString();

// ---- the independent model ------------------------------------------------------------------
const local = new Intl.DateTimeFormat('en-GB', {
  timeZone: TZ,
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
function inForce(rule: WalkInRule, t: number): boolean {
  const parts = Object.fromEntries(local.formatToParts(t).map((p) => [p.type, p.value]));
  if (rule.days && !rule.days.includes(WEEKDAYS.indexOf(parts.weekday!))) return false;
  if (!rule.from || !rule.to) return true;
  const hm = `${parts.hour}:${parts.minute}`;
  return rule.from < rule.to ? hm >= rule.from && hm < rule.to : hm >= rule.from || hm < rule.to;
}
const SLOT = rules.slotMinutes * MIN;
function heldSlots(b: Booking): number[] {
  const end = Math.max(
    b.startsAt + b.durationMinutes * MIN,
    b.startsAt + rules.lateGraceMinutes * MIN,
    b.lateUntil ?? 0,
  );
  const out = [];
  for (let s = b.startsAt - (((b.startsAt % SLOT) + SLOT) % SLOT); s < end; s += SLOT) out.push(s);
  return out;
}
const holding = (b: Booking) => ['booked', 'checked-in', 'in-service'].includes(b.status);
/** The limits `b` would break beside `others`, as readable strings (none: it fits). */
function broken(b: Booking, others: Booking[]): string[] {
  const out: string[] = [];
  const live = others.filter(holding);
  for (const s of heldSlots(b)) {
    const inSlot = live.filter((o) => heldSlots(o).includes(s));
    const own = resources.find((r) => r.id === b.resource.id)!;
    if (inSlot.filter((o) => o.resource.id === own.id).length + 1 > own.capacity) {
      out.push(`${own.id}@${s}`);
    }
    for (const rule of walkIn) {
      const ids = resources
        .filter((r) => (rule.kind ? r.kind === rule.kind : rule.resourceIds!.includes(r.id)))
        .map((r) => r.id);
      if (!ids.includes(own.id) || !inForce(rule, s)) continue;
      const cap = resources.filter((r) => ids.includes(r.id)).reduce((n, r) => n + r.capacity, 0);
      if (inSlot.filter((o) => ids.includes(o.resource.id)).length + 1 > cap - rule.keepFree) {
        out.push(`rule ${JSON.stringify(rule)}@${s}`);
      }
    }
  }
  return out;
}

// ---- random streams -------------------------------------------------------------------------
type Step =
  | { op: 'book'; resource: number; slot: number; offset: number; duration: number; late: number }
  | { op: 'cancel' | 'no-show' | 'complete'; which: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('book' as const),
      resource: fc.nat({ max: resources.length - 1 }),
      // Any 15-minute slot of the day (sometimes off the grid), crowding in the morning, at
      // the evening peak and overnight so that limits are reached.
      slot: fc.oneof(
        fc.nat({ max: 95 }),
        { weight: 2, arbitrary: fc.integer({ min: 40, max: 43 }) },
        { weight: 2, arbitrary: fc.integer({ min: 68, max: 75 }) },
        { weight: 2, arbitrary: fc.integer({ min: 88, max: 95 }) },
      ),
      offset: fc.constantFrom(0, 0, 0, 5, 10),
      duration: fc.constantFrom(5, 10, 15, 20, 30, 45, 60, 120),
      late: fc.constantFrom(0, 0, 0, 20, 45),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom('cancel' as const, 'no-show' as const, 'complete' as const),
      which: fc.nat(),
    }),
  },
);

function play(day: number, steps: Step[], operatorFirst: Booking[] = []) {
  const all: Booking[] = [...operatorFirst];
  let n = 0;
  for (const s of steps) {
    if (s.op !== 'book') {
      const live = all.filter((b) => b.status === 'booked');
      const b = live[s.which % Math.max(1, live.length)];
      if (b)
        b.status = s.op === 'cancel' ? 'cancelled' : s.op === 'no-show' ? 'no-show' : 'completed';
      continue;
    }
    const r = resources[s.resource]!;
    const candidate: Booking = {
      id: `b${n++}`,
      source: 'phone',
      resource: { kind: r.kind, id: r.id },
      startsAt: day + s.slot * SLOT + s.offset * MIN,
      durationMinutes: s.duration,
      plate: 'B1ABC',
      contact: null,
      status: 'booked',
      lateUntil: s.late ? day + s.slot * SLOT + s.late * MIN : null,
      etokenId: null,
      createdAt: day,
      checkedInAt: null,
      checkedInVia: null,
      serviceStartedAt: null,
      closedAt: null,
      walkIn: false,
    };
    const check = checkCapacity(candidate, all, site, label);
    const model = broken(candidate, all);
    if (check.ok) {
      assert.deepEqual(model, [], `accepted ${candidate.id} though it breaks ${model[0]}`);
      all.push(candidate);
    } else {
      assert.equal(check.reason, 'full');
      assert.ok(model.length > 0, `refused ${candidate.id} (${check.message}) though it fits`);
    }
  }
  return all;
}

describe('booking capacity', () => {
  it('accepts exactly the bookings that fit, under random streams', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DAYS), fc.array(step, { maxLength: 60 }), (day, steps) => {
        const all = play(day, steps);
        // Nothing the booth booked breaks a limit, in any slot, at the end either.
        for (const b of all.filter(holding)) {
          assert.deepEqual(
            broken(
              b,
              all.filter((o) => o !== b),
            ),
            [],
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it("the operator's bookings count against the booth's, and are never refused here", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DAYS),
        fc.array(fc.nat({ max: 95 }), { maxLength: 8 }),
        fc.array(step, { maxLength: 40 }),
        (day, operatorSlots, steps) => {
          const fromApp = operatorSlots.map((slot, i): Booking => ({
            id: `app${i}`,
            source: 'app',
            resource: { kind: 'pump', id: 'pump-1' },
            startsAt: day + slot * SLOT,
            durationMinutes: 15,
            plate: 'B2APP',
            contact: null,
            status: 'booked',
            lateUntil: null,
            etokenId: null,
            createdAt: day,
            checkedInAt: null,
            checkedInVia: null,
            serviceStartedAt: null,
            closedAt: null,
            walkIn: false,
          }));
          play(day, steps, fromApp);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps walk-in capacity free by rule, and says so when it refuses', () => {
    const day = DAYS[0]!; // a Friday
    const at = (hhmm: string) => Date.parse(`2026-01-16T${hhmm}:00+02:00`);
    const b = (id: string, resource: string, start: number): Booking => ({
      id,
      source: 'phone',
      resource: { kind: 'pump', id: resource },
      startsAt: start,
      durationMinutes: 15,
      plate: 'B1ABC',
      contact: null,
      status: 'booked',
      lateUntil: null,
      etokenId: null,
      createdAt: day,
      checkedInAt: null,
      checkedInVia: null,
      serviceStartedAt: null,
      closedAt: null,
      walkIn: false,
    });
    // Four pump places, one kept free: three bookings at 10:00, not four.
    const morning = [
      b('a', 'pump-1', at('10:00')),
      b('b', 'pump-2', at('10:00')),
      b('c', 'pump-3', at('10:00')),
    ];
    assert.ok(checkCapacity(morning[2]!, morning.slice(0, 2), site, label).ok);
    const fourth = checkCapacity(b('d', 'pump-3', at('10:00')), morning, site, label);
    assert.equal(fourth.ok, false);
    assert.match(!fourth.ok ? fourth.message : '', /3 of 3 bookable .* 1 kept free for walk-ins/);
    assert.equal(freeInSlot({ kind: 'pump', id: 'pump-3' }, at('10:00'), morning, site), 0);
    // The evening peak keeps two: the third booking at 17:30 is refused.
    const evening = [b('e', 'pump-1', at('17:30')), b('f', 'pump-2', at('17:30'))];
    assert.equal(checkCapacity(b('g', 'pump-3', at('17:30')), evening, site, label).ok, false);
    assert.ok(checkCapacity(b('g', 'pump-3', at('19:00')), evening, site, label).ok);
    // A pump's own capacity: pump-1 takes one car at a time.
    const own = checkCapacity(b('h', 'pump-1', at('10:05')), [morning[0]!], site, label);
    assert.match(!own.ok ? own.message : '', /CNG pump 1 is fully booked/);
    // Unknown resources are refused as such.
    const unknown = checkCapacity(b('i', 'pump-9', at('10:00')), [], site, label);
    assert.equal(!unknown.ok && unknown.reason, 'unknown-resource');
  });

  it('rules follow the local wall clock, across midnight and clock changes', () => {
    const overnight = walkIn[2]!;
    assert.ok(ruleApplies(overnight, Date.parse('2026-01-16T23:30:00+02:00'), site.wallAt));
    assert.ok(ruleApplies(overnight, Date.parse('2026-01-17T05:45:00+02:00'), site.wallAt));
    assert.ok(!ruleApplies(overnight, Date.parse('2026-01-17T06:00:00+02:00'), site.wallAt));
    // After the spring change Bucharest is UTC+3: 17:00 local is 14:00 UTC.
    const peak = walkIn[1]!;
    assert.ok(ruleApplies(peak, Date.parse('2026-03-30T14:00:00Z'), site.wallAt));
    assert.ok(!ruleApplies(peak, Date.parse('2026-03-30T16:00:00Z'), site.wallAt));
    assert.ok(!ruleApplies(peak, Date.parse('2026-03-29T14:00:00Z'), site.wallAt), 'a Sunday');
  });

  it('a booking holds its window, stretched to the end of check-in', () => {
    const start = DAYS[0]! + 10 * 60 * MIN;
    const held = heldInterval(
      { startsAt: start, durationMinutes: 5, lateUntil: start + 40 * MIN, status: 'booked' },
      rules,
    );
    assert.deepEqual(held, { from: start, to: start + 40 * MIN });
  });
});
