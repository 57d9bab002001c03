/** ModbusGateController against the gate simulator on real socat ptys. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { DeviceStatus } from '../../../src-shared/domain/types';
import {
  GateSimulator,
  type GateSimulatorOptions,
} from '../../../src-main/devices/gate/gate-simulator';
import {
  ModbusGateController,
  type ModbusGateOptions,
} from '../../../src-main/devices/gate/modbus-gate';
import { openPtyPair } from '../../../src-main/devices/serial/pty-pair';
import { Cleanup, tempDir, waitFor } from './device-test-helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function setup(
  simulatorOptions: Omit<GateSimulatorOptions, 'path'> | null,
  gateOptions: Partial<ModbusGateOptions> = {},
) {
  const dir = await tempDir(cleanup, 'gate');
  const pair = await openPtyPair(dir, 'gate');
  cleanup.add(() => pair.close());
  let simulator: GateSimulator | null = null;
  if (simulatorOptions) {
    simulator = await GateSimulator.start({ ...simulatorOptions, path: pair.devicePath });
    cleanup.add(() => simulator?.stop());
  }
  const gate = new ModbusGateController({ id: 'entry-1', path: pair.stationPath, ...gateOptions });
  cleanup.add(() => gate.dispose());
  const statuses: DeviceStatus[] = [];
  gate.onStatus((status) => statuses.push(status));
  return { gate, simulator, statuses, dir };
}

describe('ModbusGateController', { timeout: 30_000 }, () => {
  it('opens, reads the position back as 100, then closes', async () => {
    const { gate, simulator, statuses } = await setup({ travelTimeMs: 300, holdOpenMs: 0 });

    const opened = await gate.openBarrier();
    assert.equal(opened.state, 'open');
    assert.equal(opened.position, 100);
    assert.equal(simulator?.position, 100);
    assert.deepEqual(await gate.readState(), { state: 'open', position: 100 });
    assert.equal(statuses.at(-1)?.health, 'ok');
    assert.equal(statuses.at(-1)?.kind, 'gate');

    const closed = await gate.closeBarrier();
    assert.deepEqual([closed.state, closed.position], ['closed', 0]);
    assert.deepEqual(await gate.readState(), { state: 'closed', position: 0 });
  });

  it('reports a jammed barrier as a fault, never as open', async () => {
    const { gate, simulator, statuses } = await setup(
      { travelTimeMs: 300, holdOpenMs: 0 },
      { moveTimeoutMs: 1500 },
    );
    simulator?.jam(true);

    const result = await gate.openBarrier();
    assert.equal(result.state, 'fault');
    assert.notEqual(result.position, 100);
    assert.match(result.detail, /stalled/);
    assert.equal(statuses.at(-1)?.health, 'fault');
    assert.equal((await gate.readState()).state, 'fault');

    simulator?.jam(false); // cleared: the next command works again
    assert.equal((await gate.openBarrier()).state, 'open');
    assert.equal(statuses.at(-1)?.health, 'ok');
  });

  it('reports a barrier that does not reach the top in time as a fault', async () => {
    const { gate } = await setup({ travelTimeMs: 60_000, holdOpenMs: 0 }, { moveTimeoutMs: 800 });
    const result = await gate.openBarrier();
    assert.equal(result.state, 'fault');
    assert.match(result.detail, /did not reach open/);
    assert.ok(result.position !== null && result.position < 100);
    // The controller still answers, but the failed move keeps the gate's health at 'fault'.
    assert.equal((await gate.readState()).state, 'opening');
    assert.equal(gate.status.health, 'fault');
  });

  it('recovers after the serial device disappears and comes back', async () => {
    const dir = await tempDir(cleanup, 'gate-replug');
    const startDevice = async () => {
      const pair = await openPtyPair(dir, 'gate');
      const simulator = await GateSimulator.start({ path: pair.devicePath, holdOpenMs: 0 });
      return async () => {
        await simulator.stop();
        await pair.close();
      };
    };
    let stopDevice = await startDevice();
    cleanup.add(() => stopDevice());
    const gate = new ModbusGateController({
      id: 'entry-2',
      path: join(dir, 'gate-a'),
      responseTimeoutMs: 1000,
    });
    cleanup.add(() => gate.dispose());
    assert.equal((await gate.readState()).state, 'closed');

    await stopDevice(); // unplugged: socat and its links are gone
    assert.deepEqual(await gate.readState(), { state: 'unknown', position: null });
    assert.equal(gate.status.health, 'offline');

    stopDevice = await startDevice(); // plugged back in at the same path
    const state = await waitFor(async () => {
      const read = await gate.readState();
      return read.state === 'closed' ? read : null;
    }, 'the gate to come back');
    assert.equal(state.position, 0);
    assert.equal(gate.status.health, 'ok');
  });

  it('reports a controller that does not answer as offline', async () => {
    const { gate, statuses } = await setup(null, { moveTimeoutMs: 1000, responseTimeoutMs: 200 });
    const result = await gate.openBarrier();
    assert.equal(result.state, 'fault');
    assert.equal(result.position, null);
    assert.equal(statuses.at(-1)?.health, 'offline');
    assert.deepEqual(await gate.readState(), { state: 'unknown', position: null });
  });

  it('reports a missing serial device as offline', async () => {
    const dir = await tempDir(cleanup, 'gate-missing');
    const gate = new ModbusGateController({ id: 'exit-1', path: join(dir, 'no-such-tty') });
    cleanup.add(() => gate.dispose());
    assert.equal((await gate.openBarrier()).state, 'fault');
    assert.equal(gate.status.health, 'offline');
    assert.match(gate.status.detail, /no-such-tty/);
  });

  it('reads the vehicle loop and auto-closes once the loop is clear', async () => {
    const { gate, simulator } = await setup({ travelTimeMs: 200, holdOpenMs: 300 });
    simulator?.setLoop(true);
    assert.equal(await gate.readVehicleLoop(), true);
    assert.equal((await gate.openBarrier()).state, 'open');
    simulator?.setLoop(false);
    assert.equal(await gate.readVehicleLoop(), false);
    await waitFor(async () => (await gate.readState()).state === 'closed', 'auto-close');
  });
});
