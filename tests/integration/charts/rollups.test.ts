/**
 * The chart rollups as a journal consumer, on a real SQLite file and a real journal: rebuilding
 * them from seq 0 gives exactly the rows that updating them batch by batch gave, and each kind
 * of rollup holds the figures a small known stream says it should.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JournalDraft } from '../../../src-shared';
import { DWELL_BUCKETS, dwellBucket } from '../../../src-shared/domain/charts';
import { ChartRollups, CHART_ROLLUPS } from '../../../src-main/charts/chart-rollups';
import { RollupStore } from '../../../src-main/charts/rollup-store';
import { openDatabase, type Db } from '../../../src-main/db/database';
import { Journal } from '../../../src-main/journal/journal';
import { demandStream } from '../../../src-main/demo/demand-stream';
import { prng } from '../../support/random';
import { until } from '../../support/station-harness';

interface Rig {
  db: Db;
  journal: Journal;
  store: RollupStore;
  rollups: ChartRollups;
  append(draft: JournalDraft, at: number): void;
  close(): void;
}

function openRig(): Rig {
  const dir = mkdtempSync(join(tmpdir(), 'rollups-'));
  const db = openDatabase(join(dir, 'station.db'));
  const journal = new Journal(db, randomBytes(32), 'station-1');
  const store = new RollupStore(db);
  const transact = <T>(fn: () => T): T => db.transaction(fn)();
  const rollups = new ChartRollups({ journal, store, transact, timeZone: 'Europe/Bucharest' });
  return {
    db,
    journal,
    store,
    rollups,
    append: (draft, at) => transact(() => journal.append(draft, at)),
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const FROM = Date.parse('2026-03-23T00:00:00Z');

describe('chart rollups: a rebuild from the journal equals incremental updating', () => {
  let rig: Rig;
  before(() => (rig = openRig()));
  after(() => rig.close());

  it('gives the same rows after a generated fortnight applied in random batches', () => {
    const rnd = prng(11);
    const stream = demandStream({
      seed: 11,
      from: FROM,
      // Across the spring clock change (29 March in Bucharest).
      hours: 14 * 24,
      arrivalsPerHour: 6,
      zones: ['main', 'upper'],
      fuelSalesPerHour: 2,
      bookingsPerDay: 10,
    });
    const events = [...stream];
    let i = 0;
    while (i < events.length) {
      const batch = events.slice(i, i + 1 + Math.floor(rnd() * 40));
      rig.db.transaction(() => {
        for (const e of batch) rig.journal.append(e.draft, e.at);
      })();
      i += batch.length;
      // Sometimes several batches land before the consumer runs.
      if (rnd() < 0.6) rig.rollups.catchUp();
    }
    rig.rollups.catchUp();
    assert.equal(rig.store.cursor(CHART_ROLLUPS), events.length, 'the cursor is at the head');
    const incremental = rig.store.snapshot();

    assert.equal(rig.rollups.rebuild(), events.length);
    const rebuilt = rig.store.snapshot();
    assert.deepEqual(rebuilt, incremental);

    // Not a comparison of two empty sets: every kind of rollup has rows.
    for (const [table, rows] of Object.entries(incremental)) {
      assert.ok(rows.length > 0, `${table} has rows`);
    }
    const opened = events.filter((e) => e.draft.type === 'session.opened').length;
    const arrivals = rig.db.prepare('SELECT SUM(arrivals) FROM rollup_zone_hours').pluck().get();
    assert.equal(arrivals, opened);
  });
});

describe('chart rollups follow the journal by themselves', () => {
  let rig: Rig;
  before(() => (rig = openRig()));
  after(() => {
    rig.rollups.stop();
    rig.close();
  });

  it('catch up a backlog a batch at a time, yielding between batches, then keep up', async () => {
    const events = [
      ...demandStream({ seed: 3, from: FROM, hours: 200, arrivalsPerHour: 10, zones: ['main'] }),
    ];
    assert.ok(events.length > 4000, `${events.length} events, over two batches`);
    rig.db.transaction(() => events.forEach((e) => rig.journal.append(e.draft, e.at)))();
    rig.rollups.start(20, (err) => assert.fail(String(err)));
    // Scheduled after start(): it runs between two batches, before the backlog is done.
    const between = await new Promise<number>((r) =>
      setImmediate(() => r(rig.store.cursor(CHART_ROLLUPS))),
    );
    assert.ok(between > 0 && between < events.length, `ran at cursor ${between}`);
    await until(() => rig.store.cursor(CHART_ROLLUPS) === events.length, 'the backlog applied');
    rig.append(
      {
        type: 'session.deleted',
        aggregateId: 'S-unknown',
        actor: 'manager',
        payload: { reason: 'a record the rollups never saw open' },
      },
      events.at(-1)!.at,
    );
    await until(
      () => rig.store.cursor(CHART_ROLLUPS) === events.length + 1,
      'the next event applied on the timer',
    );
  });
});

describe('chart rollups: known figures per rollup', () => {
  let rig: Rig;
  before(() => (rig = openRig()));
  after(() => rig.close());
  const at = (iso: string) => Date.parse(iso);
  const opened = (id: string, zoneId: string, entryAt: number): JournalDraft => ({
    type: 'session.opened',
    aggregateId: id,
    actor: 'station',
    payload: {
      plate: 'B1ABC',
      zoneId,
      laneId: 'entry-1',
      entryAt,
      photoId: null,
      continuesSessionId: null,
      lostTicket: false,
      coveredBy: null,
    },
  });
  const closed = (id: string, exitAt: number): JournalDraft => ({
    type: 'session.closed',
    aggregateId: id,
    actor: 'station',
    payload: { laneId: 'exit-1', exitAt, photoId: null, cause: 'paid' },
  });
  const tender = (t: 'cash' | 'card', amountMinor: number) => ({
    tender: t,
    amountMinor,
    tenderedMinor: amountMinor,
    changeMinor: 0,
    cardReference: t === 'card' ? 'ref' : null,
  });
  const paid = (
    id: string,
    method: 'cash' | 'card' | 'split',
    tenders: ReturnType<typeof tender>[],
  ): JournalDraft => {
    const amountMinor = tenders.reduce((s, t) => s + t.amountMinor, 0);
    return {
      type: 'payment.taken',
      aggregateId: id,
      actor: 'cashier',
      payload: {
        sessionId: 'S1',
        kind: 'parking',
        method,
        tenders,
        amountMinor,
        tenderedMinor: amountMinor,
        changeMinor: 0,
        currency: 'RON',
        receiptId: `R-${id}`,
        receiptSeq: 1,
        receiptNumber: `ST1-${id}`,
        alertId: null,
        shiftId: 'shift-1',
      },
    };
  };

  before(() => {
    // Two stays in 'main' entering 09:10 and 09:50 local (07:xx UTC in winter, +02:00).
    rig.append(opened('S1', 'main', at('2026-01-12T07:10:00Z')), at('2026-01-12T07:10:00Z'));
    rig.append(opened('S2', 'main', at('2026-01-12T07:50:00Z')), at('2026-01-12T07:50:00Z'));
    rig.append(opened('S3', 'upper', at('2026-01-12T08:05:00Z')), at('2026-01-12T08:05:00Z'));
    // S1 stays 20 minutes, S2 three hours; S3 is struck out.
    rig.append(closed('S1', at('2026-01-12T07:30:00Z')), at('2026-01-12T07:30:00Z'));
    rig.append(closed('S2', at('2026-01-12T10:50:00Z')), at('2026-01-12T10:50:00Z'));
    rig.append(
      { type: 'session.deleted', aggregateId: 'S3', actor: 'manager', payload: { reason: 'gone' } },
      at('2026-01-12T12:00:00Z'),
    );
    // Cash 500, split 300 cash + 700 card, card 900 partly refunded (400), and an app payment.
    const day = at('2026-01-12T09:00:00Z');
    rig.append(paid('P1', 'cash', [tender('cash', 500)]), day);
    rig.append(paid('P2', 'split', [tender('cash', 300), tender('card', 700)]), day);
    rig.append(paid('P3', 'card', [tender('card', 900)]), day);
    rig.append(
      {
        type: 'payment.refunded',
        aggregateId: 'P3',
        actor: 'manager',
        payload: {
          sessionId: 'S1',
          tender: 'card',
          amountMinor: 400,
          currency: 'RON',
          receiptNumber: 'ST1-P3',
          shiftId: 'shift-1',
          reason: 'overcharged',
        },
      },
      day,
    );
    rig.append(
      {
        type: 'payment.fromApp',
        aggregateId: 'A1',
        actor: 'station',
        payload: {
          sessionId: 'S2',
          appPaymentId: 'AP1',
          reference: 'R1',
          amountMinor: 250,
          appAmountMinor: 250,
          currency: 'RON',
        },
      },
      day,
    );
    // 30 l and 12.5 l of diesel at pump 2.
    for (const [id, ml] of [
      ['F1', 30_000],
      ['F2', 12_500],
    ] as const) {
      rig.append(
        {
          type: 'fuelSale.recorded',
          aggregateId: id,
          actor: 'station',
          payload: {
            laneId: 'pump-lane',
            controllerId: 'pc',
            deliveryId: id,
            pump: 2,
            nozzle: 1,
            gradeId: 'DSL',
            gradeName: 'Diesel',
            millilitres: ml,
            unitPrice: 7_000_000,
            amountMinor: ml * 0.7,
            currency: 'RON',
            authId: `a-${id}`,
            presetMinor: null,
            endReason: 'hung-up',
            plate: null,
          },
        },
        day,
      );
    }
    // F1 paid at the booth, 100 lei cash and the rest on a card; F2 in the operator's app.
    rig.append(
      {
        type: 'fuelPayment.taken',
        aggregateId: 'FP1',
        actor: 'cashier',
        payload: {
          fuelSaleId: 'F1',
          method: 'split',
          tenders: [
            { tender: 'cash', amountMinor: 10_000, tenderedMinor: 10_000, changeMinor: 0 },
            { tender: 'card', amountMinor: 11_000, tenderedMinor: 11_000, changeMinor: 0 },
          ],
          amountMinor: 21_000,
          tenderedMinor: 21_000,
          changeMinor: 0,
          currency: 'RON',
          receiptId: 'R-FP1',
          receiptSeq: 9,
          receiptNumber: 'ST1-9',
          shiftId: 'shift-1',
        },
      },
      day,
    );
    rig.append(
      {
        type: 'fuelPayment.fromApp',
        aggregateId: 'FP2',
        actor: 'station',
        payload: {
          fuelSaleId: 'F2',
          appPaymentId: 'AP2',
          reference: 'R2',
          amountMinor: 8_750,
          appAmountMinor: 10_000,
          currency: 'RON',
        },
      },
      day,
    );
    // Four bookings of pump-1 for 12 January: one checked in, two no-shows, one cancelled.
    const starts = at('2026-01-12T10:00:00Z');
    ['K1', 'K2', 'K3', 'K4'].forEach((id) =>
      rig.append(
        {
          type: 'booking.created',
          aggregateId: id,
          actor: 'station',
          payload: {
            source: id === 'K4' ? 'walk-in' : 'app',
            resource: { kind: 'pump', id: 'pump-1' },
            startsAt: starts,
            durationMinutes: 15,
            plate: 'B2XYZ',
            etokenId: null,
            hasContact: false,
            noShows: 0,
            flagged: false,
          },
        },
        day,
      ),
    );
    rig.append(
      {
        type: 'booking.checkedIn',
        aggregateId: 'K1',
        actor: 'cashier',
        payload: { via: 'pick', laneId: null, tokenId: null, lateByMs: 0 },
      },
      starts,
    );
    for (const id of ['K2', 'K3']) {
      rig.append(
        {
          type: 'booking.noShow',
          aggregateId: id,
          actor: 'station',
          payload: { plate: 'B2XYZ', closedAt: starts + 900_000, noShows: 1, flagged: false },
        },
        starts + 900_000,
      );
    }
    rig.append(
      {
        type: 'booking.cancelled',
        aggregateId: 'K4',
        actor: 'cashier',
        payload: { by: 'booth', reason: 'phoned' },
      },
      starts,
    );
    rig.rollups.catchUp();
  });

  const rows = (sql: string) => rig.db.prepare(sql).all();

  it('counts arrivals, exits and struck-out stays per zone and hour, on the local clock', () => {
    assert.deepEqual(
      rows(`SELECT zone_id, local_date, weekday, hour, arrivals, exits, removed
        FROM rollup_zone_hours ORDER BY zone_id, hour_start`),
      [
        {
          zone_id: 'main',
          local_date: '2026-01-12',
          weekday: 0,
          hour: 9,
          arrivals: 2,
          exits: 1,
          removed: 0,
        },
        {
          zone_id: 'main',
          local_date: '2026-01-12',
          weekday: 0,
          hour: 12,
          arrivals: 0,
          exits: 1,
          removed: 0,
        },
        {
          zone_id: 'upper',
          local_date: '2026-01-12',
          weekday: 0,
          hour: 10,
          arrivals: 1,
          exits: 0,
          removed: 0,
        },
        {
          zone_id: 'upper',
          local_date: '2026-01-12',
          weekday: 0,
          hour: 14,
          arrivals: 0,
          exits: 0,
          removed: 1,
        },
      ],
    );
    assert.deepEqual(rows('SELECT session_id FROM rollup_open_stays'), []);
    // The day's peak per zone as the events came: two cars in 'main' at once, one in 'upper'.
    assert.deepEqual(
      rows('SELECT zone_id, local_date, peak, last_level FROM rollup_zone_days ORDER BY zone_id'),
      [
        { zone_id: 'main', local_date: '2026-01-12', peak: 2, last_level: 0 },
        { zone_id: 'upper', local_date: '2026-01-12', peak: 1, last_level: 0 },
      ],
    );
  });

  it('files each closed stay under its dwell bucket', () => {
    assert.equal(DWELL_BUCKETS, 8);
    assert.deepEqual(
      rows('SELECT zone_id, local_date, bucket, stays FROM rollup_dwell_days ORDER BY bucket'),
      [
        { zone_id: 'main', local_date: '2026-01-12', bucket: dwellBucket(20 * 60_000), stays: 1 },
        { zone_id: 'main', local_date: '2026-01-12', bucket: dwellBucket(180 * 60_000), stays: 1 },
      ],
    );
    assert.deepEqual([dwellBucket(20 * 60_000), dwellBucket(180 * 60_000)], [1, 4]);
  });

  it('adds revenue (parking and fuel) per day and tender, and takes reversals off their tender', () => {
    assert.deepEqual(
      rows(`SELECT tender, taken_minor, reversed_minor, payments, reversals
        FROM rollup_revenue_days WHERE local_date = '2026-01-12' ORDER BY tender`),
      [
        // Fuel counts with parking: FP1's two tenders and FP2 from the app.
        { tender: 'app', taken_minor: 9000, reversed_minor: 0, payments: 2, reversals: 0 },
        { tender: 'card', taken_minor: 12600, reversed_minor: 400, payments: 3, reversals: 1 },
        { tender: 'cash', taken_minor: 10800, reversed_minor: 0, payments: 3, reversals: 0 },
      ],
    );
  });

  it('adds fuel volume per day, pump and grade', () => {
    assert.deepEqual(rows('SELECT * FROM rollup_fuel_days'), [
      {
        local_date: '2026-01-12',
        pump: 2,
        grade_id: 'DSL',
        grade_name: 'Diesel',
        millilitres: 42_500,
        amount_minor: 29_750,
        sales: 2,
      },
    ]);
  });

  it("counts bookings and their outcomes on the booking's day", () => {
    assert.deepEqual(rows('SELECT * FROM rollup_booking_days'), [
      {
        local_date: '2026-01-12',
        resource_kind: 'pump',
        resource_id: 'pump-1',
        booked: 4,
        checked_in: 1,
        no_shows: 2,
        cancelled: 1,
        expired: 0,
        walk_ins: 1,
      },
    ]);
  });

  it('keeps its cursor at the last event it applied, and applies nothing twice', () => {
    const head = rig.journal.since(0, 1000).at(-1)!.seq;
    assert.equal(rig.store.cursor(CHART_ROLLUPS), head);
    assert.equal(rig.rollups.catchUp(), 0);
  });
});
