/**
 * A fuel sale recorded waiting for the cashier's plate (a doubtful read at the pump lane), on
 * a real SQLite file and journal: the cashier's plate is kept beside the sale and journaled in
 * one transaction; a second answer, a bad plate and an unknown sale are clear refusals; and
 * loyalty credits the settled sale to the member of the plate the cashier gave. (The settle
 * event stands in for the payment layer's fuel path, not built yet: see loyalty-earning.test.)
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { StationError, translator } from '../../../src-shared';
import { fuelAmount } from '../../../src-shared/domain/fuel';
import { createLoyalty } from '../../../src-main/app/loyalty';
import { openDatabase } from '../../../src-main/db/database';
import { FuelPlateCheckRepository } from '../../../src-main/db/repositories/fuel-plate-check-repository';
import { FuelSaleRepository } from '../../../src-main/db/repositories/fuel-sale-repository';
import { Journal } from '../../../src-main/journal/journal';
import { createLogger } from '../../../src-main/platform/logger';
import { loyaltySchema } from '../../../src-main/platform/loyalty-config';
import { stationConfigSchema } from '../../../src-main/platform/station-config';
import { FuelPlateChecks } from '../../../src-main/services/fuel-plate-checks';
import { FuelSaleService } from '../../../src-main/services/fuel-sale-service';
import { Cleanup, tempDir } from '../devices/device-test-helpers';
import { testForecourt } from '../../support/forecourt';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const forecourt = stationConfigSchema.shape.forecourt.parse(testForecourt());

describe('a fuel sale waiting for the cashier’s plate', { timeout: 60_000 }, () => {
  it('takes the plate once, journaled, and loyalty follows it', async () => {
    const dir = await tempDir(cleanup, 'fuel-plates');
    const db = openDatabase(join(dir, 'station.db'));
    cleanup.add(() => db.close());
    const journal = new Journal(db, randomBytes(32), 'station-1');
    const transact = <T>(fn: () => T): T => db.transaction(fn)();
    let now = Date.parse('2026-11-20T09:00:00Z');
    const clock = () => now++;
    const checksRepo = new FuelPlateCheckRepository(db);
    const sales = new FuelSaleService({
      sales: new FuelSaleRepository(db),
      plateChecks: checksRepo,
      journal,
      transact,
      clock,
      forecourt,
      currency: 'RON',
    });
    const checks = new FuelPlateChecks({ checks: checksRepo, journal, transact, clock });
    const loyalty = createLoyalty({
      db,
      journal,
      transact,
      clock,
      connectivity: () => ({ offline: () => false }),
      words: () => translator('en'),
      rules: loyaltySchema.parse({}),
      locale: 'ro-RO',
      log: createLogger('test', true),
    });
    transact(() => {
      loyalty.members.member({ id: 'm-ana', name: 'Ana', tier: 'gold', smsOptIn: false }, now);
      loyalty.members.vehicle({ plate: 'B123ABC', memberId: 'm-ana', label: null });
    });

    const outcome = sales.record({
      controllerId: 'pumps',
      delivery: {
        pump: 1,
        deliveryId: 'D-1',
        authId: 'A-1',
        nozzle: 1,
        grade: 'e95',
        millilitres: 30_500,
        unitPrice: 678_900,
        amountMinor: fuelAmount(30_500, 678_900),
        presetMinor: null,
        reason: 'hung-up',
      },
      plate: { toConfirm: true, readPlate: 'B123A8C', confidence: 0.55 },
    });
    assert.equal(outcome.kind, 'recorded');
    const saleId = outcome.kind === 'recorded' ? outcome.sale.id : '';
    assert.deepEqual(
      checks.waiting().map((c) => [c.saleId, c.readPlate, c.confidence]),
      [[saleId, 'B123A8C', 0.55]],
    );

    const refused = (fn: () => unknown, code: string) =>
      assert.throws(fn, (e: unknown) => e instanceof StationError && e.code === code);
    refused(() => checks.confirm(saleId, '!!', { name: 'cashier' }), 'INVALID_PAYLOAD');
    refused(() => checks.confirm('F-NONE', 'B123ABC', { name: 'cashier' }), 'NOT_FOUND');
    const done = checks.confirm(saleId, 'b 123 abc', { name: 'cashier' });
    assert.equal(done.plate, 'B123ABC');
    refused(() => checks.confirm(saleId, 'B999XYZ', { name: 'cashier' }), 'CONFLICT');
    assert.deepEqual(checks.waiting(), []);
    const events = db
      .prepare(`SELECT type, actor FROM journal WHERE aggregate_id = ? ORDER BY seq`)
      .all(saleId);
    assert.deepEqual(events, [
      { type: 'fuelSale.recorded', actor: 'station' },
      { type: 'fuelSale.plateToConfirm', actor: 'station' },
      { type: 'fuelSale.plateConfirmed', actor: 'cashier' },
    ]);

    transact(() =>
      journal.append(
        {
          type: 'fuelSale.settled',
          aggregateId: saleId,
          actor: 'cashier',
          payload: { via: 'booth', paymentId: null },
        },
        clock(),
      ),
    );
    loyalty.earning.catchUp();
    assert.equal(loyalty.ledger.balance('m-ana'), 30, '1 point a litre, 30.5 l rounded down');
  });
});
