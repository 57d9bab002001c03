/** The demo-mode wiring: the station drivers work against startSimulatedDevices' paths. */
import assert from 'node:assert/strict';
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { ModbusGateController } from '../../../src-main/devices/gate/modbus-gate';
import { SerialEscPosPrinter } from '../../../src-main/devices/printer/receipt-printer';
import { startSimulatedDevices } from '../../../src-main/devices/simulated-devices';
import { Cleanup, tempDir } from './device-test-helpers';
import { sampleReceipt } from './sample-receipt';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

describe('startSimulatedDevices', { timeout: 30_000 }, () => {
  it('serves two gates and a printer, and removes the links on stop', async () => {
    const dir = await tempDir(cleanup, 'demo');
    const devices = await startSimulatedDevices({
      dir: join(dir, 'dev'),
      gates: ['entry', 'exit'],
      printerOutDir: join(dir, 'receipts'),
      gate: { travelTimeMs: 200, holdOpenMs: 0 },
    });
    cleanup.add(() => devices.stop());

    for (const id of ['entry', 'exit']) {
      const gate = new ModbusGateController({ id, path: devices.gatePaths[id]! });
      cleanup.add(() => gate.dispose());
      assert.equal((await gate.openBarrier()).state, 'open');
      assert.equal(devices.gateSimulators[id]?.position, 100);
    }
    const printer = new SerialEscPosPrinter({ id: 'printer', path: devices.printerPath });
    cleanup.add(() => printer.dispose());
    const printed = await printer.print(sampleReceipt);
    assert.equal(printed.ok, true, printed.detail);

    await cleanup.run(); // drivers, then devices.stop(), then the temp dir
    await assert.rejects(access(devices.printerPath));
    await assert.rejects(readdir(dir));
  });
});
