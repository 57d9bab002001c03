/**
 * The simulator's DLE EOT answers, byte for byte, against the Epson ESC/POS reference: a raw
 * serial link on the station's end of a socat pty asks DLE EOT 1, 2, 3 and 4 in every state the
 * simulator can be put in. Unplugged, it answers nothing.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { statusRequest } from '../../../src-main/devices/printer/escpos-commands';
import {
  PrinterSimulator,
  type SimulatedPrinterState,
} from '../../../src-main/devices/printer/printer-simulator';
import { plainLine } from '../../../src-main/devices/serial/line-settings';
import { openPtyPair } from '../../../src-main/devices/serial/pty-pair';
import { SerialLink } from '../../../src-main/devices/serial/serial-link';
import { Cleanup, tempDir } from './device-test-helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/** Each state's answers to DLE EOT 1..4 (Epson: bits 1 and 4 always set, 0x12). */
const EXPECTED: [Partial<SimulatedPrinterState>, [number, number, number, number]][] = [
  [{}, [0x12, 0x12, 0x12, 0x12]],
  // n=4 bits 2-3: roll paper near end; still online.
  [{ paperLow: true }, [0x12, 0x12, 0x12, 0x1e]],
  // n=1 bit 3 offline; n=2 bit 5 stopped at paper end; n=4 bits 5-6 paper end.
  [{ paperOut: true }, [0x1a, 0x32, 0x12, 0x72]],
  // n=1 bit 3 offline; n=2 bit 2 cover open.
  [{ coverOpen: true }, [0x1a, 0x16, 0x12, 0x12]],
  // n=2 bit 6 error; n=3 bit 6 automatically recoverable, bit 5 unrecoverable, bit 3 cutter.
  [{ error: 'recoverable' }, [0x1a, 0x52, 0x52, 0x12]],
  [{ error: 'unrecoverable' }, [0x1a, 0x52, 0x32, 0x12]],
  [{ error: 'autocutter' }, [0x1a, 0x52, 0x1a, 0x12]],
];

async function rig() {
  const dir = await tempDir(cleanup, 'status-bytes');
  const pair = await openPtyPair(dir, 'printer');
  cleanup.add(() => pair.close());
  const simulator = await PrinterSimulator.start({
    path: pair.devicePath,
    outDir: join(dir, 'out'),
  });
  cleanup.add(() => simulator.stop());
  const link = new SerialLink({ path: pair.stationPath, ...plainLine() });
  await link.open();
  cleanup.add(() => link.close());
  const received: number[] = [];
  link.onData((chunk) => received.push(...chunk));
  /** One request; its answer byte, or null if none came in 300 ms. */
  const ask = async (n: number): Promise<number | null> => {
    received.length = 0;
    await link.write(statusRequest(n));
    for (let waited = 0; waited < 300 && received.length === 0; waited += 10) {
      await new Promise((r) => setTimeout(r, 10));
    }
    return received.length === 1 ? received[0]! : null;
  };
  return { simulator, ask };
}

const hex = (bytes: (number | null)[]) =>
  bytes.map((b) => (b === null ? 'none' : `0x${b.toString(16)}`));

describe('printer simulator: DLE EOT answers', { timeout: 30_000 }, () => {
  it('answers each of DLE EOT 1-4 as an Epson printer does, in every state', async () => {
    const { simulator, ask } = await rig();
    const clear = {
      paperLow: false,
      paperOut: false,
      coverOpen: false,
      error: null,
      unplugged: false,
    };
    for (const [state, expected] of EXPECTED) {
      simulator.setState({ ...clear, ...state });
      const answers = [await ask(1), await ask(2), await ask(3), await ask(4)];
      assert.deepEqual(hex(answers), hex(expected), JSON.stringify(state));
    }
  });

  it('answers nothing unplugged, and again once plugged back in', async () => {
    const { simulator, ask } = await rig();
    simulator.setUnresponsive(true);
    assert.deepEqual(hex([await ask(1), await ask(4)]), ['none', 'none']);
    simulator.setUnresponsive(false);
    assert.deepEqual(hex([await ask(1), await ask(4)]), ['0x12', '0x12']);
  });
});
