import type { JournalDraft, JournalEntryView } from '../../src-shared';
import { journalEventTypes } from '../../src-shared/journal/event-types';
import { SeededRandom } from '../forecast/seeded-random';

/**
 * A generated, reproducible stream of the journal events the chart rollups read: stays opening
 * and closing in zones (a few struck out), payments by cash, card and split with some voided or
 * refunded, app payments, fuel sales per pump and grade, and bookings that are checked in, no-shows,
 * cancelled, rescheduled or lapse into walk-ins. Events come out in time order; the rollup tests
 * append them to a real journal, the charts bench feeds them to the consumer in bulk, and the
 * demo station's charts start from a year of them (./demo-charts.ts).
 */
export interface TimedDraft {
  draft: JournalDraft;
  at: number;
}

export interface DemandStreamOptions {
  seed: number;
  /** UTC ms, a whole hour. */
  from: number;
  hours: number;
  arrivalsPerHour: number;
  zones: readonly string[];
  fuelSalesPerHour?: number;
  bookingsPerDay?: number;
  /** Arrivals per hour start instead of the stream's own daily curve (a generated site's). */
  arrivalCounts?: ReadonlyMap<number, number>;
}

const HOUR = 3_600_000;
const MIN = 60_000;
const GRADES = [
  { id: 'CNG', name: 'CNG' },
  { id: 'DSL', name: 'Diesel' },
  { id: 'B95', name: 'Benzina 95' },
];

export function* demandStream(o: DemandStreamOptions): Generator<TimedDraft> {
  const random = new SeededRandom(o.seed);
  const rnd = () => random.uniform();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const count = (mean: number) => Math.floor(mean * (0.5 + rnd()));
  const later = new Map<number, TimedDraft[]>();
  const schedule = (at: number, draft: JournalDraft) => {
    const h = Math.floor((at - o.from) / HOUR);
    let bucket = later.get(h);
    if (!bucket) later.set(h, (bucket = []));
    bucket.push({ at, draft });
  };
  let n = 0;
  for (let h = 0; h < o.hours; h++) {
    const hourStart = o.from + h * HOUR;
    // A weekday-and-hour shape, so the heatmap has one.
    const shape = 0.3 + Math.sin((((hourStart / HOUR) % 24) / 24) * Math.PI) ** 2;
    const arrivals = o.arrivalCounts?.get(hourStart) ?? count(o.arrivalsPerHour * shape);
    for (let i = arrivals; i > 0; i--) stay(hourStart + rnd() * HOUR);
    // Fuel follows the same day: few at night, most by day.
    for (let i = count((o.fuelSalesPerHour ?? 0) * shape); i > 0; i--) {
      fuel(hourStart + rnd() * HOUR);
    }
    if (h % 24 === 0) {
      for (let i = count(o.bookingsPerDay ?? 0); i > 0; i--) booking(hourStart + rnd() * 20 * HOUR);
    }
    const due = later.get(h) ?? [];
    later.delete(h);
    due.sort((a, b) => a.at - b.at);
    yield* due;
  }

  function stay(entryAt: number): void {
    const at = Math.floor(entryAt);
    const id = `S${++n}`;
    const zoneId = pick(o.zones);
    const plate = `B${n % 1000}XYZ`;
    schedule(at, {
      type: 'session.opened',
      aggregateId: id,
      actor: 'station',
      payload: {
        plate,
        zoneId,
        laneId: 'entry-1',
        entryAt: at,
        photoId: null,
        continuesSessionId: null,
        lostTicket: false,
        coveredBy: null,
      },
    });
    const dwell = Math.floor(MIN * 5 + -Math.log(1 - rnd()) * 90 * MIN);
    const exitAt = at + dwell;
    if (rnd() < 0.02) {
      schedule(exitAt, {
        type: 'session.deleted',
        aggregateId: id,
        actor: 'manager',
        payload: { reason: 'left without an exit read' },
      });
      return;
    }
    const amount = 100 * (1 + Math.floor(dwell / HOUR));
    if (rnd() < 0.9) pay(id, exitAt - MIN, amount);
    else if (rnd() < 0.5) {
      schedule(exitAt - MIN, {
        type: 'payment.fromApp',
        aggregateId: `A${n}`,
        actor: 'station',
        payload: {
          sessionId: id,
          appPaymentId: `AP${n}`,
          reference: `R${n}`,
          amountMinor: amount,
          appAmountMinor: amount,
          currency: 'RON',
        },
      });
    }
    schedule(exitAt, {
      type: 'session.closed',
      aggregateId: id,
      actor: 'station',
      payload: { laneId: 'exit-1', exitAt, photoId: null, cause: 'paid' },
    });
  }

  function pay(sessionId: string, at: number, amount: number): void {
    const id = `P${n}`;
    const r = rnd();
    const method = r < 0.5 ? 'cash' : r < 0.85 ? 'card' : 'split';
    const cashPart = method === 'split' ? Math.floor(amount / 2) : method === 'cash' ? amount : 0;
    const tenders = [
      ...(cashPart > 0 ? [{ tender: 'cash' as const, amountMinor: cashPart }] : []),
      ...(amount - cashPart > 0
        ? [{ tender: 'card' as const, amountMinor: amount - cashPart }]
        : []),
    ].map((t) => ({
      ...t,
      tenderedMinor: t.amountMinor,
      changeMinor: 0,
      cardReference: t.tender === 'card' ? `C${n}` : null,
    }));
    schedule(at, {
      type: 'payment.taken',
      aggregateId: id,
      actor: 'cashier',
      payload: {
        sessionId,
        kind: 'parking',
        method,
        tenders,
        amountMinor: amount,
        tenderedMinor: amount,
        changeMinor: 0,
        currency: 'RON',
        receiptId: `R${n}`,
        receiptSeq: n,
        receiptNumber: `ST1-${n}`,
        alertId: null,
        shiftId: 'shift-1',
      },
    });
    if (rnd() < 0.04) {
      const back = rnd() < 0.5 ? amount : Math.ceil(amount / 2);
      schedule(at + 10 * MIN, {
        type: rnd() < 0.5 ? 'payment.voided' : 'payment.refunded',
        aggregateId: id,
        actor: 'manager',
        payload: {
          sessionId,
          tender: tenders[0]!.tender,
          amountMinor: Math.min(back, tenders[0]!.amountMinor),
          currency: 'RON',
          receiptNumber: `ST1-${n}`,
          shiftId: 'shift-1',
          reason: 'customer asked',
        },
      });
    }
  }

  function fuel(at: number): void {
    const id = `F${++n}`;
    const grade = pick(GRADES);
    const millilitres = 5000 + Math.floor(rnd() * 45_000);
    schedule(Math.floor(at), {
      type: 'fuelSale.recorded',
      aggregateId: id,
      actor: 'station',
      payload: {
        laneId: 'pump-lane-1',
        controllerId: 'pc-1',
        deliveryId: id,
        pump: 1 + Math.floor(rnd() * 4),
        nozzle: 1,
        gradeId: grade.id,
        gradeName: grade.name,
        millilitres,
        unitPrice: 7000_000,
        amountMinor: Math.round((millilitres * 700) / 1000),
        currency: 'RON',
        authId: `auth-${id}`,
        presetMinor: null,
        endReason: 'hung-up',
        plate: null,
      },
    });
  }

  function booking(createdAt: number): void {
    const at = Math.floor(createdAt);
    const id = `BK${++n}`;
    const plate = `CT${n % 100}BKG`;
    const resource =
      rnd() < 0.5 ? { kind: 'pump' as const, id: 'pump-1' } : { kind: 'bay' as const, id: 'bays' };
    const startsAt = at + 2 * HOUR + Math.floor(rnd() * 10) * 15 * MIN;
    const r = rnd();
    schedule(at, {
      type: 'booking.created',
      aggregateId: id,
      actor: 'station',
      payload: {
        source: r < 0.1 ? 'walk-in' : 'app',
        resource,
        startsAt,
        durationMinutes: 30,
        plate,
        etokenId: null,
        hasContact: false,
        noShows: 0,
        flagged: false,
      },
    });
    let start = startsAt;
    if (rnd() < 0.1) {
      start = startsAt + 24 * HOUR;
      schedule(at + MIN, {
        type: 'booking.rescheduled',
        aggregateId: id,
        actor: 'operator',
        payload: { resource, startsAt: start, durationMinutes: 30, plate },
      });
    }
    const outcome = rnd();
    const end = start + 20 * MIN;
    if (outcome < 0.7) {
      schedule(start, {
        type: 'booking.checkedIn',
        aggregateId: id,
        actor: 'cashier',
        payload: { via: 'pick', laneId: null, tokenId: null, lateByMs: 0 },
      });
    } else if (outcome < 0.85) {
      schedule(end, {
        type: 'booking.noShow',
        aggregateId: id,
        actor: 'station',
        payload: { plate, closedAt: end, noShows: 1, flagged: false },
      });
    } else if (outcome < 0.93) {
      schedule(at + 2 * MIN, {
        type: 'booking.cancelled',
        aggregateId: id,
        actor: 'cashier',
        payload: { by: 'booth', reason: 'customer phoned' },
      });
    } else {
      schedule(end + MIN, {
        type: 'booking.expired',
        aggregateId: id,
        actor: 'cashier',
        payload: { walkIn: true, lateByMs: 21 * MIN, reason: 'came late' },
      });
    }
  }
}

/** A generated draft as the journal would read it back (seq in commit order). */
export function asJournalEntry(e: TimedDraft, seq: number, stationId: string): JournalEntryView {
  const d: JournalDraft = e.draft;
  return {
    seq,
    id: `${stationId}-${seq}`,
    stationId,
    aggregateType: journalEventTypes[d.type].aggregate,
    aggregateId: d.aggregateId,
    aggregateSeq: 1,
    type: d.type,
    version: journalEventTypes[d.type].version,
    payload: d.payload,
    actor: d.actor,
    at: e.at,
  };
}
