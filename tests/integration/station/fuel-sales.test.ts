/**
 * Fuel sales: a delivery the pump controller reports becomes one due sale (pump, grade,
 * millilitres, unit price, amount by the one rule, plate) with its journal event in the same
 * transaction; a repeat is recognised, a delivery the forecourt can't account for is refused
 * and written nowhere, and the facts of a sale never change. Then the whole loop on a real
 * line: the simulated controller reports, the sale commits, the delivery is cleared, and a
 * delivery the console missed is caught up exactly once.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import { join } from 'node:path';
import { StationError } from '../../../src-shared';
import { fuelAmount } from '../../../src-shared/domain/fuel';
import { openDatabase, type Db } from '../../../src-main/db/database';
import { FuelSaleRepository } from '../../../src-main/db/repositories/fuel-sale-repository';
import { FclPumpController } from '../../../src-main/devices/pump/fcl-pump-controller';
import type { DeliveryEnd } from '../../../src-main/devices/pump/pump-controller';
import { PumpControllerSimulator } from '../../../src-main/devices/pump/pump-controller-simulator';
import { openPtyPair } from '../../../src-main/devices/serial/pty-pair';
import { Journal, type JournalWriter } from '../../../src-main/journal/journal';
import { verifyJournal } from '../../../src-main/journal/verify';
import { stationConfigSchema } from '../../../src-main/platform/station-config';
import { FuelSaleService } from '../../../src-main/services/fuel-sale-service';
import { Cleanup, tempDir, waitFor } from '../devices/device-test-helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const forecourt = stationConfigSchema.shape.forecourt.parse({
  controller: { kind: 'simulated' },
  grades: [
    { id: 'e95', name: 'Benzina 95', unitPrice: '6.789' },
    { id: 'diesel', name: 'Motorina', unitPrice: '7.129' },
  ],
  lanes: [
    {
      id: 'pumps-a',
      name: 'Pumps 1-2',
      kind: 'pump',
      pumps: [
        {
          pump: 1,
          nozzles: [
            { nozzle: 1, grade: 'e95' },
            { nozzle: 2, grade: 'diesel' },
          ],
        },
        { pump: 2, nozzles: [{ nozzle: 1, grade: 'diesel' }] },
      ],
    },
  ],
});

async function station(journalOverride?: JournalWriter) {
  const dir = await tempDir(cleanup, 'fuel');
  const db: Db = openDatabase(join(dir, 'station.db'));
  cleanup.add(() => db.close());
  const key = randomBytes(32);
  const journal = new Journal(db, key, 'station-1');
  const repo = new FuelSaleRepository(db);
  let now = 1_750_000_000_000;
  const service = new FuelSaleService({
    sales: repo,
    journal: journalOverride ?? journal,
    transact: (fn) => db.transaction(fn)(),
    clock: () => now++,
    forecourt,
    currency: 'RON',
  });
  return { dir, db, key, journal, repo, service };
}

const delivery = (over: Partial<DeliveryEnd> = {}): DeliveryEnd => {
  const d: DeliveryEnd = {
    pump: 1,
    deliveryId: 'D-1',
    authId: 'A-1',
    nozzle: 1,
    grade: 'e95',
    millilitres: 40_123,
    unitPrice: 678_900,
    amountMinor: 0,
    presetMinor: null,
    reason: 'hung-up',
    ...over,
  };
  return { ...d, amountMinor: over.amountMinor ?? fuelAmount(d.millilitres, d.unitPrice) };
};

const count = (db: Db, sql: string) => db.prepare(sql).pluck().get() as number;

describe('fuel sales', { timeout: 60_000 }, () => {
  it('the forecourt config: grades priced to the thousandth, pumps on lanes, checked', () => {
    assert.deepEqual(
      forecourt.grades.map((g) => [g.id, g.unitPrice]),
      [
        ['e95', 678_900],
        ['diesel', 712_900],
      ],
    );
    const parse = (value: unknown) => stationConfigSchema.shape.forecourt.safeParse(value);
    assert.deepEqual(parse(undefined).data, {
      controller: { kind: 'none' },
      grades: [],
      lanes: [],
    });
    const problems = (value: unknown) =>
      parse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    assert.match(
      problems({ grades: [{ id: 'e95', name: 'E', unitPrice: '6.7891234' }] })[0]!,
      /at most 5 decimals/,
    );
    assert.deepEqual(
      problems({
        grades: [{ id: 'e95', name: 'E', unitPrice: '6.789' }],
        lanes: [
          {
            id: 'a',
            name: 'A',
            kind: 'pump',
            pumps: [{ pump: 1, nozzles: [{ nozzle: 1, grade: 'lpg' }] }],
          },
          {
            id: 'b',
            name: 'B',
            kind: 'pump',
            pumps: [{ pump: 1, nozzles: [{ nozzle: 1, grade: 'e95' }] }],
          },
        ],
      }),
      [
        'controller: pump lanes need a pump controller',
        'lanes.0.pumps.0.nozzles.0.grade: no grade lpg is configured',
        'lanes.1.pumps.0: pump 1 is on two lanes',
      ],
    );
  });

  it('a delivery becomes one due sale, with its journal event in the same transaction', async () => {
    const { db, key, journal, repo, service } = await station();
    const outcome = service.record({
      controllerId: 'pumps',
      delivery: delivery(),
      plate: 'b 123 abc',
    });
    assert.equal(outcome.kind, 'recorded');
    const sale = outcome.kind === 'recorded' ? outcome.sale : null!;
    assert.deepEqual(
      { ...sale, id: 'x', deliveredAt: 0 },
      {
        id: 'x',
        controllerId: 'pumps',
        deliveryId: 'D-1',
        laneId: 'pumps-a',
        pump: 1,
        nozzle: 1,
        gradeId: 'e95',
        gradeName: 'Benzina 95',
        millilitres: 40_123,
        unitPrice: 678_900,
        amountMinor: 27_240, // 40.123 l × 6.789 = 272.395… → 272.40 RON
        currency: 'RON',
        authId: 'A-1',
        presetMinor: null,
        endReason: 'hung-up',
        plate: 'B123ABC',
        state: 'due',
        deliveredAt: 0,
      },
    );
    assert.deepEqual(repo.get(sale.id), sale);
    assert.deepEqual(repo.due(), [sale]);
    const events = journal.since(0, 10);
    assert.deepEqual(
      events.map((e) => [e.type, e.aggregateType, e.aggregateId, e.actor]),
      [['fuelSale.recorded', 'fuelSale', sale.id, 'station']],
    );
    assert.deepEqual(events[0]!.payload, {
      laneId: 'pumps-a',
      controllerId: 'pumps',
      deliveryId: 'D-1',
      pump: 1,
      nozzle: 1,
      gradeId: 'e95',
      gradeName: 'Benzina 95',
      millilitres: 40_123,
      unitPrice: 678_900,
      amountMinor: 27_240,
      currency: 'RON',
      authId: 'A-1',
      presetMinor: null,
      endReason: 'hung-up',
      plate: 'B123ABC',
    });

    // The controller reports it again until it is cleared: the same sale, nothing new.
    assert.deepEqual(service.record({ controllerId: 'pumps', delivery: delivery(), plate: null }), {
      kind: 'repeat',
      sale,
    });
    // The same id from another controller is another delivery.
    assert.equal(
      service.record({
        controllerId: 'pumps-2',
        delivery: delivery({ pump: 2, nozzle: 1, grade: 'diesel', unitPrice: 712_900 }),
        plate: null,
      }).kind,
      'recorded',
    );
    assert.equal(count(db, 'SELECT COUNT(*) FROM fuel_sales'), 2);
    assert.equal(count(db, 'SELECT COUNT(*) FROM journal'), 2);
    assert.ok(verifyJournal(db, key).ok);
  });

  it('refuses what the forecourt cannot account for, and writes nothing', async () => {
    const { db, service } = await station();
    const refused = (
      d: DeliveryEnd,
      pattern: RegExp,
      plate: string | null = null,
      code = 'CONFLICT',
    ) =>
      assert.throws(
        () => service.record({ controllerId: 'pumps', delivery: d, plate }),
        (e: unknown) => e instanceof StationError && e.code === code && pattern.test(e.message),
      );
    refused(delivery({ pump: 7 }), /pump 7 is on no pump lane/);
    refused(delivery({ nozzle: 3 }), /pump 1 has no nozzle 3 here/);
    refused(delivery({ grade: 'diesel' }), /nozzle 1 is e95 here, the controller says diesel/);
    refused(
      delivery({ amountMinor: 27_239 }),
      /says 27239 for 40.123 l at 678900, but the rule gives 27240/,
    );
    refused(delivery({ presetMinor: 10_000 }), /delivered 27240, over its preset of 10000/);
    refused(delivery(), /plate/, 'B-!', 'INVALID_PAYLOAD');
    assert.equal(
      service.record({ controllerId: 'pumps', delivery: delivery({ millilitres: 0 }), plate: null })
        .kind,
      'empty',
    );
    assert.equal(count(db, 'SELECT COUNT(*) FROM fuel_sales'), 0);
    assert.equal(count(db, 'SELECT COUNT(*) FROM journal'), 0);

    // A delivery id reported again with other facts is not the same delivery.
    service.record({ controllerId: 'pumps', delivery: delivery(), plate: null });
    refused(delivery({ millilitres: 40_124 }), /reported delivery D-1 again with other facts/);
    assert.equal(count(db, 'SELECT COUNT(*) FROM fuel_sales'), 1);
  });

  it('a journal that cannot write leaves no sale behind', async () => {
    const failing: JournalWriter = {
      append() {
        throw new Error('disk full');
      },
    };
    const { db, service } = await station(failing);
    assert.throws(
      () => service.record({ controllerId: 'pumps', delivery: delivery(), plate: null }),
      /disk full/,
    );
    assert.equal(count(db, 'SELECT COUNT(*) FROM fuel_sales'), 0);
  });

  it('a sale’s facts never change and no sale is deleted; only its state moves', async () => {
    const { db, service } = await station();
    const outcome = service.record({ controllerId: 'pumps', delivery: delivery(), plate: null });
    const id = outcome.kind === 'recorded' ? outcome.sale.id : '';
    assert.throws(
      () => db.prepare('UPDATE fuel_sales SET amount_minor = 1 WHERE id = ?').run(id),
      /delivery facts never change/,
    );
    assert.throws(
      () => db.prepare('UPDATE fuel_sales SET plate = ? WHERE id = ?').run('X1', id),
      /never change/,
    );
    assert.throws(() => db.prepare('DELETE FROM fuel_sales WHERE id = ?').run(id), /never deleted/);
    db.prepare(`UPDATE fuel_sales SET state = 'paid' WHERE id = ?`).run(id);
    assert.throws(
      () =>
        db
          .prepare(
            `INSERT INTO fuel_sales SELECT 'F2', controller_id, 'D-2', lane_id, pump, nozzle,
          grade_id, grade_name, millilitres, unit_price, amount_minor, currency, auth_id, 100,
          end_reason, plate, 'due', delivered_at FROM fuel_sales`,
          )
          .run(),
      /CHECK constraint failed/,
      'an amount over its preset is refused by the schema too',
    );
  });

  it('on a real line: reported, recorded, cleared; a missed delivery caught up exactly once', async () => {
    const { dir, db, service, repo } = await station();
    const pair = await openPtyPair(dir, 'pumps');
    cleanup.add(() => pair.close());
    const simulator = await PumpControllerSimulator.start({
      path: pair.devicePath,
      pumps: [
        {
          pump: 1,
          nozzles: [
            { nozzle: 1, grade: 'e95' },
            { nozzle: 2, grade: 'diesel' },
          ],
        },
        { pump: 2, nozzles: [{ nozzle: 1, grade: 'diesel' }] },
      ],
      grades: forecourt.grades,
      flow: { mlPerTick: 250, tickMs: 10 },
    });
    cleanup.add(() => simulator.stop());
    const controller = new FclPumpController({
      id: 'pumps',
      path: pair.stationPath,
      keepAliveMs: 0,
    });
    cleanup.add(() => controller.dispose());

    const intakes: Array<Promise<unknown>> = [];
    let listening = true;
    controller.onEvent((e) => {
      if (e.kind === 'delivery-end' && listening) {
        intakes.push(service.intake(controller, e.delivery, 'CJ 01 ABC'));
      }
    });
    assert.ok((await controller.authorise({ pump: 1, authId: 'A-1' })).ok);
    simulator.liftNozzle(1, 1, { hangUpAtMl: 30_000 });
    await waitFor(() => intakes.length === 1, 'the delivery reported');
    const first = (await intakes[0]) as {
      kind: string;
      cleared: boolean;
      sale: { amountMinor: number; plate: string };
    };
    assert.equal(first.kind, 'recorded');
    assert.equal(first.cleared, true);
    assert.equal(first.sale.amountMinor, fuelAmount(30_000, 678_900)); // 203.67 RON
    assert.equal(first.sale.plate, 'CJ01ABC');
    assert.deepEqual(simulator.unclearedDeliveries, [], 'cleared once the sale committed');

    // The console misses the next one (it was not listening: a restart, a lost line).
    listening = false;
    assert.ok((await controller.authorise({ pump: 2, authId: 'A-2', presetMinor: 5000 })).ok);
    simulator.liftNozzle(2, 1);
    await waitFor(() => simulator.unclearedDeliveries.length === 1, 'a delivery nobody took');
    const report = await service.catchUp(controller, () => null);
    assert.ok('recorded' in report);
    assert.equal(report.recorded.length, 1);
    assert.equal(report.recorded[0]!.amountMinor, 5000, 'the prepaid 50.00');
    assert.equal(report.recorded[0]!.endReason, 'preset');
    assert.deepEqual(simulator.unclearedDeliveries, []);
    const again = await service.catchUp(controller, () => null);
    assert.deepEqual(again, { recorded: [], repeats: 0, empty: 0, refused: [], uncleared: [] });
    assert.equal(repo.due().length, 2);
    assert.equal(count(db, `SELECT COUNT(*) FROM journal WHERE type = 'fuelSale.recorded'`), 2);
  });
});
