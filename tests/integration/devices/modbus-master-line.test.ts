/**
 * The Modbus master on a real bus's terms, against the gate simulator on a socat pty pair: the
 * 3.5-character silence before each request, a write's reply that must echo the request, and
 * stray bytes in the reply stream that it reads past.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { GateSimulator } from '../../../src-main/devices/gate/gate-simulator';
import { ModbusGateController } from '../../../src-main/devices/gate/modbus-gate';
import { ModbusFrameError, ModbusRtuMaster } from '../../../src-main/devices/gate/modbus-rtu';
import {
  interFrameSilenceMs,
  modbusLine,
  type LineSettings,
} from '../../../src-main/devices/serial/line-settings';
import { openPtyPair } from '../../../src-main/devices/serial/pty-pair';
import { SerialLink } from '../../../src-main/devices/serial/serial-link';
import { Cleanup, tempDir } from './device-test-helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function bus(line: LineSettings = modbusLine()) {
  const dir = await tempDir(cleanup, 'modbus-line');
  const pair = await openPtyPair(dir, 'bus');
  cleanup.add(() => pair.close());
  const simulator = await GateSimulator.start({ path: pair.devicePath, line, holdOpenMs: 0 });
  cleanup.add(() => simulator.stop());
  const link = new SerialLink({ path: pair.stationPath, ...line });
  await link.open();
  cleanup.add(() => link.close());
  const master = new ModbusRtuMaster(link, { unitId: 1, line, responseTimeoutMs: 2000 });
  cleanup.add(() => master.dispose());
  return { pair, simulator, master };
}

describe('Modbus master on the line', { timeout: 30_000 }, () => {
  it('keeps 3.5 characters of silence before each request (1200 baud 8E1: 32 ms)', async () => {
    const line = modbusLine({ baudRate: 1200 });
    const { simulator, master } = await bus(line);
    const silence = interFrameSilenceMs(line);
    assert.ok(Math.abs(silence - 32.083) < 0.01);
    // Queued back to back: without the silence each would follow the last reply at once.
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        i % 2 ? master.readCoils(0, 1) : master.readHoldingRegisters(0, 2),
      ),
    );
    assert.equal(simulator.counters.answered, 6);
    const gaps = simulator.requestGapsMs;
    assert.equal(gaps.length, 5, 'a gap before every request after the first');
    for (const gap of gaps) assert.ok(gap >= silence, `gap ${gap} ms < ${silence} ms`);
  });

  it('the simulator runs on the line settings the station uses', async () => {
    const line = modbusLine({ baudRate: 19200, parity: 'none' });
    const { simulator, master } = await bus(line);
    assert.deepEqual(simulator.line, { ...line, stopBits: 2 });
    assert.equal(master.silenceMs, interFrameSilenceMs(line));
    assert.deepEqual(await master.readHoldingRegisters(0, 2), [0, 0]);
  });

  it('refuses a write whose reply does not echo the request, then carries on', async () => {
    const { simulator, master } = await bus();
    simulator.injectReplyFaults({ wrongEcho: true });
    await assert.rejects(master.writeSingleCoil(0, true), (error: unknown) => {
      assert.ok(error instanceof ModbusFrameError);
      assert.match(error.message, /does not echo the request/);
      return true;
    });
    simulator.injectReplyFaults({ wrongEcho: true });
    await assert.rejects(master.writeSingleRegister(1, 0), /does not echo the request/);
    // The bus is fine afterwards: an honest echo is taken.
    await master.writeSingleCoil(0, false);
    await master.writeSingleRegister(1, 0);
    assert.equal(simulator.counters.answered, 4);
  });

  it('reads past stray bytes before a reply instead of failing the exchange', async () => {
    const { simulator, master } = await bus();
    simulator.setLoop(true);
    // Noise, a byte that looks like our unit id, one that starts a whole false header, a break.
    const strays = [[0x00], [0x01], [0x01, 0x03], [0xff, 0x01, 0x05, 0x00], [0x01, 0x81]];
    for (const strayBytes of strays) {
      simulator.injectReplyFaults({ strayBytes });
      assert.deepEqual(await master.readHoldingRegisters(0, 2), [0, 0], `after ${strayBytes}`);
      simulator.injectReplyFaults({ strayBytes });
      await master.writeSingleCoil(0, false);
      simulator.injectReplyFaults({ strayBytes });
      assert.deepEqual(await master.readDiscreteInputs(0, 1), [true]);
    }
    const skipped = strays.reduce((n, s) => n + s.length, 0) * 3;
    assert.equal(master.counters.skippedBytes, skipped);
  });

  it('a gate whose controller puts a stray byte before a reply still opens', async () => {
    const dir = await tempDir(cleanup, 'modbus-gate-line');
    const pair = await openPtyPair(dir, 'gate');
    cleanup.add(() => pair.close());
    const line = modbusLine({ baudRate: 38400 });
    const simulator = await GateSimulator.start({
      path: pair.devicePath,
      line,
      holdOpenMs: 0,
      travelTimeMs: 100,
    });
    cleanup.add(() => simulator.stop());
    const gate = new ModbusGateController({ id: 'g', path: pair.stationPath, line });
    cleanup.add(() => gate.dispose());
    for (let i = 0; i < 4; i++) simulator.injectReplyFaults({ strayBytes: [0x00] });
    const moved = await gate.openBarrier();
    assert.equal(moved.state, 'open', moved.detail);
    assert.equal(gate.status.health, 'ok');
  });
});
