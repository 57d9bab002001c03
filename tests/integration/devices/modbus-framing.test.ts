/** Modbus RTU framing over real socat ptys: corrupted frames, exceptions, unit ids. */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { GateSimulator } from '../../../src-main/devices/gate/gate-simulator';
import { buildRequest, withCrc } from '../../../src-main/devices/gate/modbus-frame';
import {
  ModbusCrcError,
  ModbusExceptionError,
  ModbusRtuMaster,
  ModbusTimeoutError,
} from '../../../src-main/devices/gate/modbus-rtu';
import { openPtyPair } from '../../../src-main/devices/serial/pty-pair';
import { SerialLink } from '../../../src-main/devices/serial/serial-link';
import { Cleanup, tempDir, waitFor } from './device-test-helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function openPair() {
  const dir = await tempDir(cleanup, 'modbus');
  const pair = await openPtyPair(dir, 'bus');
  cleanup.add(() => pair.close());
  return pair;
}

async function openLink(path: string): Promise<SerialLink> {
  const link = new SerialLink({ path, baudRate: 9600 });
  await link.open();
  cleanup.add(() => link.close());
  return link;
}

function master(link: SerialLink, unitId = 1): ModbusRtuMaster {
  const m = new ModbusRtuMaster(link, { unitId, responseTimeoutMs: 1000 });
  cleanup.add(() => m.dispose());
  return m;
}

async function startSimulator(path: string): Promise<GateSimulator> {
  const simulator = await GateSimulator.start({ path, holdOpenMs: 0 });
  cleanup.add(() => simulator.stop());
  return simulator;
}

describe('Modbus RTU over a pty pair', { timeout: 20_000 }, () => {
  it('the slave drops a corrupted request and still answers the next good one', async () => {
    const pair = await openPair();
    const simulator = await startSimulator(pair.devicePath);
    const link = await openLink(pair.stationPath);
    const replies: number[] = [];
    link.onData((chunk) => replies.push(...chunk));

    const corrupted = buildRequest(1, 0x03, 0, 2);
    corrupted[3]! ^= 0x01; // one flipped bit in the address
    await link.write(corrupted);
    await waitFor(() => simulator.counters.crcErrors === 1, 'the slave to reject the frame');
    assert.deepEqual(replies, [], 'a corrupted request must get no answer');

    const registers = await master(link).readHoldingRegisters(0, 2);
    assert.deepEqual(registers, [0, 0]);
    assert.equal(simulator.counters.answered, 1);
  });

  it('the master rejects a response with a bad CRC', async () => {
    const pair = await openPair();
    const fakeSlave = await openLink(pair.devicePath);
    fakeSlave.onData(() => {
      const reply = withCrc([1, 0x03, 4, 0, 100, 0, 0]);
      reply[4]! ^= 0x40; // corrupted on the wire
      void fakeSlave.write(reply);
    });
    const m = master(await openLink(pair.stationPath));
    await assert.rejects(m.readHoldingRegisters(0, 2), ModbusCrcError);
  });

  it('drops a late reply to an earlier request and takes its own answer after it', async () => {
    const pair = await openPair();
    const fakeSlave = await openLink(pair.devicePath);
    fakeSlave.onData(() => {
      // First the answer to a read that already timed out, then the answer to this write.
      const late = withCrc([1, 0x03, 4, 0, 100, 0, 0]);
      const mine = withCrc([1, 0x05, 0, 0, 0xff, 0]);
      void fakeSlave.write(Uint8Array.from([...late, ...mine]));
    });
    const m = master(await openLink(pair.stationPath));
    await m.writeSingleCoil(0, true);
  });

  it('still refuses a reply of a function it never asked for', async () => {
    const pair = await openPair();
    const fakeSlave = await openLink(pair.devicePath);
    fakeSlave.onData(() => void fakeSlave.write(withCrc([1, 0x2b, 0, 0, 0, 0])));
    const m = master(await openLink(pair.stationPath));
    await assert.rejects(m.writeSingleCoil(0, true), /unexpected function code/);
  });

  it('turns an exception response into a typed error', async () => {
    const pair = await openPair();
    await startSimulator(pair.devicePath);
    const m = master(await openLink(pair.stationPath));
    await assert.rejects(m.readHoldingRegisters(10, 1), (error: unknown) => {
      assert.ok(error instanceof ModbusExceptionError);
      assert.equal(error.exceptionCode, 2); // illegal data address
      assert.equal(error.functionCode, 0x03);
      return true;
    });
    // The bus is still usable after an exception.
    assert.deepEqual(await m.readCoils(0, 1), [false]);
  });

  it('a request for another unit id times out (the slave stays silent)', async () => {
    const pair = await openPair();
    const simulator = await startSimulator(pair.devicePath);
    const m = master(await openLink(pair.stationPath), 7);
    await assert.rejects(m.readHoldingRegisters(0, 1), ModbusTimeoutError);
    assert.equal(simulator.counters.otherUnits, 1);
    assert.equal(simulator.counters.answered, 0);
  });

  it('queues concurrent requests so each gets its own answer', async () => {
    const pair = await openPair();
    const simulator = await startSimulator(pair.devicePath);
    simulator.setLoop(true);
    const m = master(await openLink(pair.stationPath));
    const [registers, coils, inputs] = await Promise.all([
      m.readHoldingRegisters(0, 2),
      m.readCoils(0, 1),
      m.readDiscreteInputs(0, 1),
    ]);
    assert.deepEqual(registers, [0, 0]);
    assert.deepEqual(coils, [false]);
    assert.deepEqual(inputs, [true]);
  });
});
