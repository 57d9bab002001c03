/**
 * Migration 25 on a file at version 24: the hourly pump and resource rollups the forecasts of
 * fuel sales and bookings learn from are filled from the journal events the chart consumer had
 * applied (a reschedule counted where it moved the booking), nothing after its cursor; the
 * consumer then carries on from there, and a rebuild from the journal gives the same counts.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ChartRollups } from '../../../src-main/charts/chart-rollups';
import { RollupStore } from '../../../src-main/charts/rollup-store';
import { openDatabase, type Db } from '../../../src-main/db/database';
import { Journal } from '../../../src-main/journal/journal';
import type { JournalDraft } from '../../../src-shared';
import { fileAtVersion } from '../../support/migration-file';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-02T08:00:00Z');
const KEY = randomBytes(32);

const sale = (id: string, pump: number): JournalDraft => ({
  type: 'fuelSale.recorded',
  aggregateId: id,
  actor: 'station',
  payload: {
    laneId: 'pumps',
    controllerId: 'pc',
    deliveryId: id,
    pump,
    nozzle: 1,
    gradeId: 'DSL',
    gradeName: 'Diesel',
    millilitres: 20_000,
    unitPrice: 7_000_000,
    amountMinor: 14_000,
    currency: 'RON',
    authId: `a-${id}`,
    presetMinor: null,
    endReason: 'hung-up',
    plate: null,
  },
});
const resource = { kind: 'pump' as const, id: 'pump-1' };
const booked = (id: string, startsAt: number): JournalDraft => ({
  type: 'booking.created',
  aggregateId: id,
  actor: 'station',
  payload: {
    source: 'app',
    resource,
    startsAt,
    durationMinutes: 30,
    plate: 'CT01BKG',
    etokenId: null,
    hasContact: false,
    noShows: 0,
    flagged: false,
  },
});

/** The rows with something in them (a moved booking leaves a 0 where it was). */
const counted = (db: Db) => ({
  pumps: db
    .prepare('SELECT pump, hour_start, sales FROM rollup_pump_hours WHERE sales > 0 ORDER BY 1, 2')
    .all(),
  resources: db
    .prepare(
      `SELECT resource_kind, resource_id, hour_start, bookings FROM rollup_resource_hours
       WHERE bookings > 0 ORDER BY 1, 2, 3`,
    )
    .all(),
});

describe('migration 25 on a file at version 24', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schema-v25-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('fills the hourly pump and resource rollups up to the consumer’s cursor', () => {
    const file = join(dir, 'station.db');
    const v24 = fileAtVersion(file, 24);
    const journal = new Journal(v24, KEY, 'station-1');
    // Each in a transaction, as the services write them.
    const append = (draft: JournalDraft, at: number) =>
      v24.transaction(() => journal.append(draft, at))();
    append(sale('F1', 3), T0 + 20 * 60_000);
    append(sale('F2', 3), T0 + 40 * 60_000);
    append(booked('B1', T0 + 4 * HOUR + 15 * 60_000), T0 + HOUR);
    append(
      {
        type: 'booking.rescheduled',
        aggregateId: 'B1',
        actor: 'operator',
        payload: {
          resource,
          startsAt: T0 + 6 * HOUR + 30 * 60_000,
          durationMinutes: 30,
          plate: 'CT01BKG',
        },
      },
      T0 + HOUR + 60_000,
    );
    append(booked('B2', T0 + 5 * HOUR), T0 + 2 * HOUR);
    const cursor = v24.prepare('SELECT MAX(seq) FROM journal').pluck().get() as number;
    // Journaled after the consumer last ran: the consumer applies it, not the migration.
    append(sale('F3', 1), T0 + 3 * HOUR);
    v24.prepare(`INSERT INTO rollup_cursors (consumer, seq) VALUES ('charts', ?)`).run(cursor);
    v24.close();

    const db = openDatabase(file);
    try {
      assert.deepEqual(counted(db), {
        pumps: [{ pump: 3, hour_start: T0, sales: 2 }],
        resources: [
          { resource_kind: 'pump', resource_id: 'pump-1', hour_start: T0 + 5 * HOUR, bookings: 1 },
          { resource_kind: 'pump', resource_id: 'pump-1', hour_start: T0 + 6 * HOUR, bookings: 1 },
        ],
      });
      const rollups = new ChartRollups({
        journal: new Journal(db, KEY, 'station-1'),
        store: new RollupStore(db),
        transact: <T>(fn: () => T) => db.transaction(fn)(),
        timeZone: 'Europe/Bucharest',
      });
      rollups.catchUp();
      const followed = counted(db);
      assert.deepEqual(followed.pumps, [
        { pump: 1, hour_start: T0 + 3 * HOUR, sales: 1 },
        { pump: 3, hour_start: T0, sales: 2 },
      ]);
      rollups.rebuild();
      assert.deepEqual(counted(db), followed, 'a rebuild from the journal gives the same counts');
    } finally {
      db.close();
    }
  });
});
