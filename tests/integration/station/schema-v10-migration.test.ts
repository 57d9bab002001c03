/**
 * Migration 10 on a file written by the old code, where a print job still queued means the
 * station stopped while printing it: such a job counts as started, so the next start interrupts
 * it for the cashier instead of printing it a second time. A job queued after the migration has
 * not started, and waits for the printer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { canonicalPlate } from '../../../src-shared/domain/plate';
import { openDatabase } from '../../../src-main/db/database';
import { PrintJobRepository } from '../../../src-main/db/repositories/print-job-repository';
import { schemaV1 } from '../../../src-main/db/schema-v1';
import { schemaV2 } from '../../../src-main/db/schema-v2';
import { schemaV3 } from '../../../src-main/db/schema-v3';
import { schemaV4 } from '../../../src-main/db/schema-v4';
import { schemaV5 } from '../../../src-main/db/schema-v5';
import { schemaV6 } from '../../../src-main/db/schema-v6';
import { schemaV7 } from '../../../src-main/db/schema-v7';
import { schemaV8 } from '../../../src-main/db/schema-v8';
import { schemaV9 } from '../../../src-main/db/schema-v9';

describe('migration 10 on a file the old code wrote', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schema-v10-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a job left queued by the old code counts as started; a new one waits', () => {
    const file = join(dir, 'station.db');
    const v9 = new Database(file);
    v9.pragma('journal_mode = WAL');
    v9.function('canonical_plate', { deterministic: true }, (p: unknown) =>
      canonicalPlate(String(p)),
    );
    v9.exec(`CREATE TABLE schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
    const schemas = [
      schemaV1,
      schemaV2,
      schemaV3,
      schemaV4,
      schemaV5,
      schemaV6,
      schemaV7,
      schemaV8,
      schemaV9,
    ];
    for (const [i, sql] of schemas.entries()) {
      v9.exec(sql);
      v9.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(i + 1, `v${i + 1}`);
    }
    v9.pragma('foreign_keys = ON');
    v9.exec(`
      INSERT INTO tariffs (id, rules_json, updated_at) VALUES ('t', '{}', 0);
      INSERT INTO zones (id, name, capacity, tariff_id) VALUES ('main', 'Main', 5, 't');
      INSERT INTO sessions (id, plate, plate_canon, zone_id, tariff_id, entry_at, state,
        paid_minor, updated_at) VALUES ('S1', 'B1ABC', 'B1ABC', 'main', 't', 0, 'paid', 0, 0);
    `);
    for (const [n, id] of ['a', 'b'].entries()) {
      v9.prepare(
        `INSERT INTO payments (id, session_id, kind, method, amount_minor, tendered_minor,
          change_minor, currency, at, operator) VALUES (?, 'S1', 'parking', 'cash', 100, 100, 0,
          'RON', ?, 'cashier')`,
      ).run(`Y-${id}`, n);
      v9.prepare(
        'INSERT INTO receipts (id, payment_id, body_json, created_at) VALUES (?, ?, ?, ?)',
      ).run(`R-${id}`, `Y-${id}`, '{}', n);
      v9.prepare(
        'INSERT INTO receipt_numbers (number, receipt_id, prefix, at) VALUES (?, ?, ?, ?)',
      ).run(n + 1, `R-${id}`, 'R-', n);
    }
    v9.exec(`
      INSERT INTO print_jobs (receipt_id, copy, state, created_at, updated_at)
        VALUES ('R-a', 0, 'printed', 0, 5);
      INSERT INTO print_jobs (receipt_id, copy, state, created_at, updated_at)
        VALUES ('R-b', 0, 'queued', 1, 7);
    `);
    v9.close();

    const migrated = openDatabase(file);
    try {
      const rows = migrated
        .prepare(
          `SELECT receipt_id AS receiptId, state, started_at AS startedAt, attempts
           FROM print_jobs ORDER BY id`,
        )
        .all();
      assert.deepEqual(rows, [
        { receiptId: 'R-a', state: 'printed', startedAt: null, attempts: 0 },
        { receiptId: 'R-b', state: 'queued', startedAt: 7, attempts: 0 },
      ]);
      const jobs = new PrintJobRepository(migrated);
      assert.deepEqual(jobs.waiting(), [], 'the old queued job is not printed again');
      const cut = jobs.interruptStarted(10);
      assert.deepEqual(
        cut.map((j) => j.receiptId),
        ['R-b'],
      );
      assert.equal(jobs.job(cut[0]!.jobId)?.state, 'interrupted');

      const copy = jobs.queueCopy('R-b', 'cashier', 'cut off by the upgrade', 11);
      assert.deepEqual(
        jobs.waiting().map((j) => [j.jobId, j.copy, j.receiptNumber]),
        [[copy, true, 'R-2']],
        'a job queued now waits, not started',
      );
    } finally {
      migrated.close();
    }
  });
});
