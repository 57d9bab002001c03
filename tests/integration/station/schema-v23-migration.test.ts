/**
 * Migration 23 on a file at version 22 (the last release before fuel sales were paid at the
 * booth): the stays' payments, their receipts, print jobs and tenders come through unchanged
 * and still joined, the reversal trigger still guards them, and the rebuilt payments table
 * takes a fuel sale's payment once, never one that pays both a stay and a sale, or neither.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../../../src-main/db/database';
import { fileAtVersion } from '../../support/migration-file';

describe('migration 23 on a file at version 22', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schema-v23-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the payments and what refers to them; a fuel sale is paid once', () => {
    const file = join(dir, 'station.db');
    const v22 = fileAtVersion(file, 22);
    v22.exec(`
      INSERT INTO tariffs (id, rules_json, updated_at) VALUES ('t', '{}', 0);
      INSERT INTO zones (id, name, capacity, tariff_id) VALUES ('main', 'Main', 5, 't');
      INSERT INTO sessions (id, plate, plate_canon, zone_id, tariff_id, entry_at, state,
        paid_minor, updated_at) VALUES ('S1', 'B1ABC', 'B1ABC', 'main', 't', 0, 'paid', 900, 0);
      INSERT INTO payments (id, session_id, kind, method, amount_minor, tendered_minor,
        change_minor, currency, at, operator) VALUES
        ('Y1', 'S1', 'parking', 'cash', 900, 1000, 100, 'RON', 5, 'cashier');
      INSERT INTO receipts (id, payment_id, body_json, created_at) VALUES ('R1', 'Y1', '{}', 5);
      INSERT INTO receipt_numbers (number, receipt_id, prefix, at) VALUES (1, 'R1', 'R-', 5);
      INSERT INTO print_jobs (receipt_id, state, created_at, updated_at)
        VALUES ('R1', 'printed', 5, 6);
      INSERT INTO payment_tenders (payment_id, tender, amount_minor, tendered_minor, change_minor)
        VALUES ('Y1', 'cash', 900, 1000, 100);
      INSERT INTO fuel_sales (id, controller_id, delivery_id, lane_id, pump, nozzle, grade_id,
        grade_name, millilitres, unit_price, amount_minor, currency, auth_id, end_reason, plate,
        delivered_at) VALUES ('F1', 'fc', 'd1', 'pumps-a', 1, 1, 'e95', 'Benzina 95', 5000,
        678900, 3395, 'RON', 'a1', 'hung-up', 'BR07AAC', 7);
    `);
    v22.close();

    // The station opens it as it would after an update: migration 23 runs.
    const db = openDatabase(file);
    try {
      assert.deepEqual(
        db
          .prepare(
            `SELECT p.id, p.session_id AS sessionId, p.fuel_sale_id AS fuelSaleId, p.kind,
              p.amount_minor AS amount, r.id AS receipt, n.number, j.state, t.tender
            FROM payments p JOIN receipts r ON r.payment_id = p.id
            JOIN receipt_numbers n ON n.receipt_id = r.id JOIN print_jobs j ON j.receipt_id = r.id
            JOIN payment_tenders t ON t.payment_id = p.id`,
          )
          .all(),
        [
          {
            id: 'Y1',
            sessionId: 'S1',
            fuelSaleId: null,
            kind: 'parking',
            amount: 900,
            receipt: 'R1',
            number: 1,
            state: 'printed',
            tender: 'cash',
          },
        ],
      );
      assert.deepEqual(db.pragma('foreign_key_check'), []);
      // The reversal trigger was made again on the rebuilt table: no more back than was paid.
      assert.throws(
        () =>
          db.exec(`INSERT INTO payment_reversals (id, payment_id, kind, tender, amount_minor,
            reason, approved_by, shift_id, at) VALUES ('V1', 'Y1', 'refund', 'cash', 901,
            'too much', 'manager', NULL, 8)`),
        /more would go back than was paid/,
      );

      const pay = (id: string, sessionId: string | null, fuelSaleId: string | null, kind: string) =>
        db
          .prepare(
            `INSERT INTO payments (id, session_id, fuel_sale_id, kind, method, amount_minor,
              tendered_minor, change_minor, currency, at, operator)
              VALUES (?, ?, ?, ?, 'cash', 3395, 5000, 1605, 'RON', 9, 'cashier')`,
          )
          .run(id, sessionId, fuelSaleId, kind);
      assert.throws(() => pay('Y2', 'S1', 'F1', 'fuel'), /CHECK/, 'a stay and a sale at once');
      assert.throws(() => pay('Y3', null, null, 'fuel'), /CHECK/, 'nothing paid');
      assert.throws(() => pay('Y4', null, 'F1', 'parking'), /CHECK/, 'a sale as parking');
      assert.throws(() => pay('Y5', null, 'F9', 'fuel'), /FOREIGN KEY/, 'no such sale');
      pay('Y6', null, 'F1', 'fuel');
      assert.throws(() => pay('Y7', null, 'F1', 'fuel'), /UNIQUE/, 'a sale is paid once');
    } finally {
      db.close();
    }
  });
});
