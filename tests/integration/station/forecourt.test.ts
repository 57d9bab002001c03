/**
 * The forecourt wired into a whole station (issue 10): the simulated pump controller on a socat
 * pty pair, a pump lane whose camera (the bundled frames of one car) reads the plate when a
 * nozzle is lifted, the controller's health on the status strip, and the station authorising
 * the pump, recording the delivery as a sale with its journal event, and clearing it. A
 * doubtful read (the gates' rule, the same threshold) leaves the sale waiting for the
 * cashier's plate. Then the attendant alone on a real line: deliveries the controller kept
 * while no station listened become sales exactly once at the first contact.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { fuelAmount } from '../../../src-shared/domain/fuel';
import { openDatabase } from '../../../src-main/db/database';
import { FuelPlateCheckRepository } from '../../../src-main/db/repositories/fuel-plate-check-repository';
import { FuelSaleRepository } from '../../../src-main/db/repositories/fuel-sale-repository';
import { FclPumpController } from '../../../src-main/devices/pump/fcl-pump-controller';
import { PumpControllerSimulator } from '../../../src-main/devices/pump/pump-controller-simulator';
import { openPtyPair } from '../../../src-main/devices/serial/pty-pair';
import { Journal } from '../../../src-main/journal/journal';
import { createLogger } from '../../../src-main/platform/logger';
import { stationConfigSchema } from '../../../src-main/platform/station-config';
import { ForecourtAttendant } from '../../../src-main/services/forecourt-attendant';
import { FuelSaleService } from '../../../src-main/services/fuel-sale-service';
import { PumpLanePlates } from '../../../src-main/services/pump-lane-plates';
import { singleCarResources } from '../../support/sample-lanes';
import { queryFile, startHarness, until, type Harness } from '../../support/station-harness';
import { Cleanup, tempDir } from '../devices/device-test-helpers';

const forecourt = {
  controller: { kind: 'simulated' as const },
  grades: [
    { id: 'e95', name: 'Benzina 95', unitPrice: '6.789' },
    { id: 'diesel', name: 'Motorina', unitPrice: '7.129' },
  ],
  lanes: [
    {
      id: 'pumps-a',
      name: 'Pumps 1-2',
      kind: 'pump' as const,
      camera: { kind: 'folder' as const, uri: 'sample-lanes/entry', holdSeconds: 60 },
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
};

interface SaleRow {
  id: string;
  laneId: string;
  pump: number;
  gradeId: string;
  millilitres: number;
  unitPrice: number;
  amountMinor: number;
  plate: string | null;
  state: string;
}
interface EventRow {
  type: string;
  aggregateId: string;
  payload: string;
}

const salesOf = (h: Harness) =>
  queryFile<SaleRow>(
    join(h.dataDir, 'station.db'),
    `SELECT id, lane_id AS laneId, pump, grade_id AS gradeId, millilitres,
      unit_price AS unitPrice, amount_minor AS amountMinor, plate, state FROM fuel_sales`,
  );
const eventsOf = (h: Harness, aggregateId: string) =>
  queryFile<EventRow>(
    join(h.dataDir, 'station.db'),
    `SELECT type, aggregate_id AS aggregateId, payload_json AS payload FROM journal
     WHERE aggregate_id = ?
     ORDER BY seq`,
    aggregateId,
  );

/** Starts a station with the forecourt, and waits for its pump lane's camera and controller. */
async function forecourtStation(minReadConfidence?: number) {
  const resourcesDir = singleCarResources('BR07AAC');
  const h = await startHarness(
    {
      forecourt,
      plateReader: { kind: 'sample-labels', labelsCsv: 'sample-lanes/labels.csv' },
      ...(minReadConfidence === undefined ? {} : { minReadConfidence }),
    },
    { resourcesDir },
  );
  await h.signIn('cashier');
  const healthOf = async (id: string) =>
    (await h.call('station:status', {})).devices.find((d) => d.id === id)?.health;
  // Bounded waits for the station's own start-up, not timing assertions.
  for (const id of ['camera-pumps-a', 'pump-controller']) {
    const deadline = Date.now() + 15_000;
    while ((await healthOf(id)) !== 'ok') {
      if (Date.now() > deadline) throw new Error(`${id} never came up`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    h,
    simulator: h.station.devices.simulated!.pumpControllerSimulator!,
    async stop() {
      await h.stop();
      rmSync(resourcesDir, { recursive: true, force: true });
    },
  };
}

describe('the forecourt in the station', { timeout: 90_000 }, () => {
  let s: Awaited<ReturnType<typeof forecourtStation>>;
  before(async () => {
    s = await forecourtStation();
  });
  after(() => s.stop());

  it('nozzle up → authorised → delivery → one sale with the plate, journaled, cleared', async () => {
    const { h, simulator } = s;
    const status = await h.call('station:status', {});
    const controller = status.devices.find((d) => d.id === 'pump-controller')!;
    assert.equal(controller.kind, 'pump-controller', 'the controller is on the status strip');

    simulator.liftNozzle(1, 1, { hangUpAtMl: 1_400 });
    const [sale] = await until(() => {
      const rows = salesOf(h);
      return rows.length > 0 ? rows : null;
    }, 'the delivery recorded as a sale');
    const made = simulator.deliveriesMade;
    assert.equal(made.length, 1);
    assert.deepEqual(
      {
        laneId: sale!.laneId,
        pump: sale!.pump,
        gradeId: sale!.gradeId,
        millilitres: sale!.millilitres,
        unitPrice: sale!.unitPrice,
        amountMinor: sale!.amountMinor,
        plate: sale!.plate,
        state: sale!.state,
      },
      {
        laneId: 'pumps-a',
        pump: 1,
        gradeId: 'e95',
        millilitres: 1_400,
        unitPrice: 678_900,
        amountMinor: fuelAmount(1_400, 678_900),
        plate: 'BR07AAC',
        state: 'due',
      },
    );
    const events = eventsOf(h, sale!.id);
    assert.deepEqual(
      events.map((e) => e.type),
      ['fuelSale.recorded'],
    );
    const payload = JSON.parse(events[0]!.payload) as Record<string, unknown>;
    assert.equal(payload['plate'], 'BR07AAC');
    assert.equal(payload['millilitres'], 1_400);
    assert.equal(payload['deliveryId'], made[0]!.deliveryId);
    await until(() => simulator.unclearedDeliveries.length === 0, 'the delivery cleared');
  });
});

describe('a doubtful read at the pump lane', { timeout: 90_000 }, () => {
  let s: Awaited<ReturnType<typeof forecourtStation>>;
  // Every read counts as doubtful: the sample reader's 0.99 is below this threshold.
  before(async () => {
    s = await forecourtStation(1);
  });
  after(() => s.stop());

  it('records the sale without a plate, waiting for the cashier', async () => {
    const { h, simulator } = s;
    simulator.liftNozzle(2, 1, { hangUpAtMl: 700 });
    const [sale] = await until(() => {
      const rows = salesOf(h);
      return rows.length > 0 ? rows : null;
    }, 'the delivery recorded as a sale');
    assert.equal(sale!.plate, null, 'a doubtful read attaches nothing by itself');
    assert.equal(sale!.gradeId, 'diesel');
    const events = eventsOf(h, sale!.id);
    assert.deepEqual(
      events.map((e) => e.type),
      ['fuelSale.recorded', 'fuelSale.plateToConfirm'],
    );
    assert.deepEqual(JSON.parse(events[1]!.payload), {
      laneId: 'pumps-a',
      readPlate: 'BR07AAC',
      confidence: 0.99,
    });
    const checks = queryFile<{ saleId: string; plate: string | null }>(
      join(h.dataDir, 'station.db'),
      'SELECT sale_id AS saleId, plate FROM fuel_sale_plate_checks',
    );
    assert.deepEqual(checks, [{ saleId: sale!.id, plate: null }]);

    // The booth lists it as waiting for the plate, with what the camera made of it; the
    // cashier gives the plate (a malformed one is refused), and it is journaled.
    const [listed] = await h.call('fuel:sales', {});
    assert.deepEqual(listed!.plateCheck, { readPlate: 'BR07AAC', confidence: 0.99 });
    assert.equal(listed!.plate, null);
    await assert.rejects(h.call('fuel:confirmPlate', { saleId: sale!.id, plate: '!!' }));
    const confirmed = await h.call('fuel:confirmPlate', { saleId: sale!.id, plate: 'br 07 aac' });
    assert.deepEqual(
      { plate: confirmed.plate, plateCheck: confirmed.plateCheck },
      { plate: 'BR07AAC', plateCheck: null },
    );
    assert.deepEqual(
      eventsOf(h, sale!.id).map((e) => e.type),
      ['fuelSale.recorded', 'fuelSale.plateToConfirm', 'fuelSale.plateConfirmed'],
    );
    await assert.rejects(
      h.call('fuel:confirmPlate', { saleId: sale!.id, plate: 'B123ABC' }),
      /already has the plate BR07AAC/,
    );
  });
});

describe('the forecourt attendant on a real line', { timeout: 60_000 }, () => {
  const cleanup = new Cleanup();
  afterEach(() => cleanup.run());

  it('catches up, once, the deliveries the controller kept while no station listened', async () => {
    const dir = await tempDir(cleanup, 'forecourt');
    const config = stationConfigSchema.shape.forecourt.parse({ ...forecourt, lanes: [] });
    const lanes = stationConfigSchema.shape.forecourt.parse(forecourt).lanes;
    const pair = await openPtyPair(dir, 'pumps');
    cleanup.add(() => pair.close());
    const simulator = await PumpControllerSimulator.start({
      path: pair.devicePath,
      pumps: lanes[0]!.pumps,
      grades: config.grades,
      flow: { mlPerTick: 250, tickMs: 10 },
    });
    cleanup.add(() => simulator.stop());

    // Another console (then gone) authorised two deliveries and never cleared them.
    const before = new FclPumpController({ id: 'pumps', path: pair.stationPath, keepAliveMs: 0 });
    assert.equal((await before.authorise({ pump: 1, authId: 'A-1' })).ok, true);
    simulator.liftNozzle(1, 2, { hangUpAtMl: 5_000 });
    assert.equal((await before.authorise({ pump: 2, authId: 'A-2' })).ok, true);
    simulator.liftNozzle(2, 1, { hangUpAtMl: 2_500 });
    await until(() => simulator.unclearedDeliveries.length === 2, 'two deliveries kept');
    await before.dispose();

    const db = openDatabase(join(dir, 'station.db'));
    cleanup.add(() => db.close());
    const repo = new FuelSaleRepository(db);
    let now = 1_750_000_000_000;
    const sales = new FuelSaleService({
      sales: repo,
      plateChecks: new FuelPlateCheckRepository(db),
      journal: new Journal(db, randomBytes(32), 'station-1'),
      transact: (fn) => db.transaction(fn)(),
      clock: () => now++,
      forecourt: { grades: config.grades, lanes },
      currency: 'RON',
    });
    const controller = new FclPumpController({
      id: 'pumps',
      path: pair.stationPath,
      keepAliveMs: 0,
    });
    cleanup.add(() => controller.dispose());
    const recorded: string[] = [];
    const attendant = new ForecourtAttendant({
      controller,
      sales,
      plates: new PumpLanePlates(lanes, 0.8),
      clock: () => now,
      log: createLogger('test', true),
      recorded: (o) => o.kind === 'recorded' && recorded.push(o.sale.deliveryId),
    });
    attendant.start();
    cleanup.add(() => attendant.stop());
    await controller.checkStatus();
    await until(() => recorded.length === 2, 'both kept deliveries recorded');
    await attendant.idle();
    assert.equal(simulator.unclearedDeliveries.length, 0);
    // Heard again after a silence: a second catch-up finds nothing new.
    await controller.checkStatus();
    await attendant.idle();
    const rows = db.prepare('SELECT delivery_id, plate FROM fuel_sales ORDER BY pump').all();
    assert.deepEqual(
      rows.map((r) => (r as { delivery_id: string }).delivery_id).sort(),
      simulator.deliveriesMade.map((d) => d.deliveryId).sort(),
    );
    // The lane has a camera but the attendant had no read: both wait for the cashier's plate.
    assert.equal(new FuelPlateCheckRepository(db).waiting().length, 2);
  });
});
