/**
 * Migration 7 rebuilds payments and alerts (to widen their CHECKs) under tables that reference
 * them (receipts, idempotency keys, app payment uses). On a real v6 database file with money in
 * it: every row survives, the references still hold and are still enforced afterwards.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import Database from 'better-sqlite3';
import { canonicalPlate } from '../../../src-shared/domain/plate';
import { openDatabase } from '../../../src-main/db/database';
import { schemaV1 } from '../../../src-main/db/schema-v1';
import { schemaV2 } from '../../../src-main/db/schema-v2';
import { schemaV3 } from '../../../src-main/db/schema-v3';
import { schemaV4 } from '../../../src-main/db/schema-v4';
import { schemaV5 } from '../../../src-main/db/schema-v5';
import { schemaV6 } from '../../../src-main/db/schema-v6';

const dir = mkdtempSync(join(tmpdir(), 'schema-v7-'));
after(() => rmSync(dir, { recursive: true, force: true }));

it('keeps payments, receipts, keys and alerts, and their references, through migration 7', () => {
  const file = join(dir, 'station.db');
  const v6 = new Database(file);
  v6.pragma('journal_mode = WAL');
  v6.pragma('foreign_keys = ON');
  v6.function('canonical_plate', { deterministic: true }, (p: unknown) =>
    canonicalPlate(String(p)),
  );
  v6.exec(`CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  for (const [i, sql] of [schemaV1, schemaV2, schemaV3, schemaV4, schemaV5, schemaV6].entries()) {
    v6.exec(sql);
    v6.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(i + 1, `v${i + 1}`);
  }
  v6.exec(`
    INSERT INTO tariffs (id, rules_json, updated_at) VALUES ('t', '{}', 0);
    INSERT INTO zones (id, name, capacity, tariff_id) VALUES ('main', 'Main', 5, 't');
    INSERT INTO lanes (id, name, direction, zone_id, camera_kind, camera_uri, gate_device)
      VALUES ('exit-1', 'Exit', 'exit', 'main', 'folder', 'x', 'gate-exit-1');
    INSERT INTO sessions (id, plate, plate_canon, zone_id, tariff_id, entry_at, state,
      paid_minor, updated_at) VALUES ('S1', 'B1ABC', 'B1ABC', 'main', 't', 0, 'paid', 700, 0);
    INSERT INTO alerts (id, kind, lane_id, plate, confidence, at)
      VALUES ('A1', 'no-entry-record', 'exit-1', 'B1ABC', 1, 0);
    INSERT INTO payments (id, session_id, kind, method, amount_minor, tendered_minor,
      change_minor, currency, at, operator, alert_id)
      VALUES ('Y1', 'S1', 'lost-ticket', 'cash', 700, 1000, 300, 'RON', 0, 'cashier', 'A1');
    INSERT INTO receipts (id, payment_id, body_json, created_at) VALUES ('R1', 'Y1', '{}', 0);
    INSERT INTO idempotency_keys (key, channel, request_hash, payment_id, at)
      VALUES ('k-0000000000000001', 'payments:cash', 'h', 'Y1', 0);
  `);
  v6.close();

  const db = openDatabase(file);
  try {
    assert.ok(
      (db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number) >= 7,
    );
    assert.equal(db.pragma('foreign_keys', { simple: true }), 1, 'foreign keys back on');
    assert.deepEqual(db.pragma('foreign_key_check'), []);
    assert.deepEqual(
      db.prepare('SELECT id, method, amount_minor, change_minor, alert_id FROM payments').all(),
      [{ id: 'Y1', method: 'cash', amount_minor: 700, change_minor: 300, alert_id: 'A1' }],
    );
    assert.equal(db.prepare('SELECT payment_id FROM receipts').pluck().get(), 'Y1');
    assert.equal(db.prepare('SELECT kind FROM alerts').pluck().get(), 'no-entry-record');
    // The widened CHECKs, and the references and indexes that must still bite.
    db.prepare(
      `INSERT INTO payments (id, session_id, kind, method, amount_minor, tendered_minor,
      change_minor, currency, at, operator) VALUES ('Y2', 'S1', 'parking', 'app', 100, 100, 0,
      'RON', 1, 'station')`,
    ).run();
    db.prepare(
      `INSERT INTO alerts (id, kind, lane_id, plate, confidence, at)
      VALUES ('A2', 'entry-held-offline', 'exit-1', 'B2ABC', 1, 1)`,
    ).run();
    assert.throws(
      () => db.prepare(`INSERT INTO receipts VALUES ('R9', 'nope', '{}', 0)`).run(),
      /FOREIGN KEY/,
    );
    assert.throws(
      () =>
        db
          .prepare(
            `INSERT INTO payments (id, session_id, kind, method, amount_minor,
          tendered_minor, change_minor, currency, at, operator, alert_id) VALUES ('Y3', 'S1',
          'lost-ticket', 'cash', 1, 1, 0, 'RON', 2, 'c', 'A1')`,
          )
          .run(),
      /UNIQUE/,
    );
    const use = db.prepare(
      'INSERT INTO app_payment_uses (app_payment_id, payment_id, session_id, at) VALUES (?, ?, ?, ?)',
    );
    use.run('app-1', 'Y2', 'S1', 1);
    assert.throws(() => use.run('app-1', 'Y1', 'S1', 2), /UNIQUE|PRIMARY/);
  } finally {
    db.close();
  }
});
