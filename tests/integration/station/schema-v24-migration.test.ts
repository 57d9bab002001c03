/**
 * Migration 24 on a file at version 23 (the last release before fuel sales were paid by card):
 * a stay's card attempts come through unchanged, with the payment tenders and the card refund
 * that refer to them still joined, and the rebuilt table takes an attempt that pays a fuel
 * sale, never one that pays both a stay and a sale, or neither.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openDatabase } from '../../../src-main/db/database';
import { fileAtVersion } from '../../support/migration-file';

describe('migration 24 on a file at version 23', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schema-v24-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the card attempts and what refers to them; an attempt pays a stay or a sale', () => {
    const file = join(dir, 'station.db');
    const v23 = fileAtVersion(file, 23);
    v23.exec(`
      INSERT INTO tariffs (id, rules_json, updated_at) VALUES ('t', '{}', 0);
      INSERT INTO zones (id, name, capacity, tariff_id) VALUES ('main', 'Main', 5, 't');
      INSERT INTO sessions (id, plate, plate_canon, zone_id, tariff_id, entry_at, state,
        paid_minor, updated_at) VALUES ('S1', 'B1ABC', 'B1ABC', 'main', 't', 0, 'paid', 900, 0);
      INSERT INTO payments (id, session_id, kind, method, amount_minor, tendered_minor,
        change_minor, currency, at, operator) VALUES
        ('Y1', 'S1', 'parking', 'card', 900, 900, 0, 'RON', 5, 'cashier');
      INSERT INTO card_attempts (reference, session_id, card_minor, cash_minor,
        cash_tendered_minor, currency, operator, request_channel, request_key, request_hash,
        state, detail, auth_code, card_brand, masked_pan, payment_id, created_at, updated_at)
        VALUES ('C1', 'S1', 900, 0, 0, 'RON', 'cashier', 'payments:card', 'k1', 'h1',
        'approved', 'approved', 'A1', 'VISA', '4111', 'Y1', 4, 5);
      INSERT INTO payment_tenders (payment_id, tender, amount_minor, tendered_minor,
        change_minor, card_reference) VALUES ('Y1', 'card', 900, 900, 0, 'C1');
      INSERT INTO card_refund_attempts (reference, payment_id, kind, sale_reference, card_minor,
        cash_minor, currency, reason, approved_by, state, created_at, updated_at) VALUES
        ('K1', 'Y1', 'refund', 'C1', 900, 0, 'RON', 'wrong car', 'manager', 'declined', 6, 6);
      INSERT INTO fuel_sales (id, controller_id, delivery_id, lane_id, pump, nozzle, grade_id,
        grade_name, millilitres, unit_price, amount_minor, currency, auth_id, end_reason, plate,
        delivered_at) VALUES ('F1', 'fc', 'd1', 'pumps-a', 1, 1, 'e95', 'Benzina 95', 5000,
        678900, 3395, 'RON', 'a1', 'hung-up', 'BR07AAC', 7);
    `);
    v23.close();

    // The station opens it as it would after an update: migration 24 runs.
    const db = openDatabase(file);
    try {
      assert.deepEqual(
        db
          .prepare(
            `SELECT a.reference, a.session_id AS sessionId, a.fuel_sale_id AS fuelSaleId,
              a.state, a.auth_code AS auth, a.payment_id AS paymentId, t.tender,
              k.reference AS refund
            FROM card_attempts a JOIN payment_tenders t ON t.card_reference = a.reference
            JOIN card_refund_attempts k ON k.sale_reference = a.reference`,
          )
          .all(),
        [
          {
            reference: 'C1',
            sessionId: 'S1',
            fuelSaleId: null,
            state: 'approved',
            auth: 'A1',
            paymentId: 'Y1',
            tender: 'card',
            refund: 'K1',
          },
        ],
      );
      assert.deepEqual(db.pragma('foreign_key_check'), []);

      const attempt = (reference: string, sessionId: string | null, fuelSaleId: string | null) =>
        db
          .prepare(
            `INSERT INTO card_attempts (reference, session_id, fuel_sale_id, card_minor,
              cash_minor, cash_tendered_minor, currency, operator, request_channel, request_key,
              request_hash, state, created_at, updated_at) VALUES (?, ?, ?, 3395, 0, 0, 'RON',
              'cashier', 'fuel:payCard', ?, 'h', 'sending', 9, 9)`,
          )
          .run(reference, sessionId, fuelSaleId, `key-${reference}`);
      assert.throws(() => attempt('C2', 'S1', 'F1'), /CHECK/, 'a stay and a sale at once');
      assert.throws(() => attempt('C3', null, null), /CHECK/, 'nothing paid');
      assert.throws(() => attempt('C4', null, 'F9'), /FOREIGN KEY/, 'no such sale');
      attempt('C5', null, 'F1');
      assert.throws(
        () => attempt('C5', 'S1', null),
        /UNIQUE|PRIMARY KEY/,
        'one attempt a reference',
      );
    } finally {
      db.close();
    }
  });
});
