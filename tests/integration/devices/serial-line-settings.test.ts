/**
 * Serial line settings per device: the config's defaults and refusals (zod), the options
 * serialport opens the port with, the Modbus silence they imply, and the settings reaching a
 * real tty (a socat pty) as the kernel reports them through `stty -F`.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, it } from 'node:test';
import { defaultTariff } from '../../../src-shared/domain/tariff';
import { loadStationConfig } from '../../../src-main/app/config';
import {
  characterBits,
  interFrameSilenceMs,
  modbusLine,
  plainLine,
  serialOptions,
  type LineSettings,
} from '../../../src-main/devices/serial/line-settings';
import { openPtyPair } from '../../../src-main/devices/serial/pty-pair';
import { SerialLink } from '../../../src-main/devices/serial/serial-link';
import { stationConfigSchema } from '../../../src-main/platform/station-config';
import { Cleanup, tempDir } from './device-test-helpers';

const run = promisify(execFile);
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

function parse(devices: { gate?: object; printer?: object; poleDisplay?: object }) {
  return stationConfigSchema.safeParse({
    tariffs: [defaultTariff],
    zones: [{ id: 'main', name: 'Main', capacity: 1, tariffId: defaultTariff.id }],
    lanes: [
      {
        id: 'exit-1',
        name: 'Exit 1',
        direction: 'exit',
        zoneId: 'main',
        camera: { kind: 'folder', uri: 'x' },
        gate: devices.gate ?? { kind: 'simulated' },
      },
    ],
    printer: devices.printer ?? { kind: 'simulated' },
    ...(devices.poleDisplay ? { poleDisplay: devices.poleDisplay } : {}),
    plateReader: { kind: 'onnx' },
  });
}

describe('line settings in the station config', () => {
  it('a Modbus gate defaults to 9600 8E1, and a printer and a display to 9600 8N1', () => {
    const parsed = parse({
      gate: { kind: 'modbus', path: '/dev/ttyUSB0' },
      printer: { kind: 'escpos', path: '/dev/ttyUSB1' },
      poleDisplay: { kind: 'cd5220', path: '/dev/ttyUSB2' },
    });
    assert.ok(parsed.success, parsed.error?.message);
    const { lanes, printer, poleDisplay } = parsed.data;
    assert.deepEqual(modbusLine(lanes[0]!.gate), {
      baudRate: 9600,
      dataBits: 8,
      parity: 'even',
      stopBits: 1,
    });
    const n81 = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };
    assert.deepEqual(plainLine(printer), n81);
    assert.deepEqual(plainLine(poleDisplay as Partial<LineSettings>), n81);
  });

  it('a site without a pole display gets none; the demo defaults simulate one', () => {
    const parsed = parse({});
    assert.ok(parsed.success);
    assert.deepEqual(parsed.data.poleDisplay, { kind: 'none' });
    const demo = loadStationConfig({ dataDir: join(tmpdir(), 'station-no-such-dir') });
    assert.equal(demo.poleDisplay.kind, 'simulated');
  });

  it('a Modbus line without parity gets 2 stop bits, and 1 stop bit is refused', () => {
    const derived = parse({ gate: { kind: 'modbus', path: '/dev/x', parity: 'none' } });
    assert.ok(derived.success);
    assert.equal(modbusLine(derived.data.lanes[0]!.gate).stopBits, 2);
    assert.equal(characterBits(modbusLine(derived.data.lanes[0]!.gate)), 11);

    const refused = parse({
      gate: { kind: 'modbus', path: '/dev/x', parity: 'none', stopBits: 1 },
    });
    assert.equal(refused.success, false);
    assert.match(refused.error!.issues[0]!.message, /2 stop bits/);
    assert.deepEqual(refused.error!.issues[0]!.path, ['lanes', 0, 'gate', 'stopBits']);
    // The same rule holds for a simulated gate, whose simulator uses the same settings.
    assert.equal(
      parse({ gate: { kind: 'simulated', parity: 'none', stopBits: 1 } }).success,
      false,
    );
  });

  it('refuses settings a line cannot have', () => {
    for (const printer of [
      { kind: 'escpos', path: '/dev/x', baudRate: 9601 },
      { kind: 'escpos', path: '/dev/x', dataBits: 6 },
      { kind: 'escpos', path: '/dev/x', parity: 'mark' },
      { kind: 'escpos', path: '/dev/x', stopBits: 1.5 },
    ]) {
      assert.equal(parse({ printer }).success, false, JSON.stringify(printer));
    }
    // Modbus RTU characters have 8 data bits.
    assert.equal(parse({ gate: { kind: 'modbus', path: '/dev/x', dataBits: 7 } }).success, false);
  });
});

describe('line settings on the wire', { timeout: 20_000 }, () => {
  it('are the options serialport opens the port with', () => {
    assert.deepEqual(
      serialOptions('/dev/ttyUSB0', modbusLine({ baudRate: 19200, parity: 'odd' })),
      {
        path: '/dev/ttyUSB0',
        baudRate: 19200,
        dataBits: 8,
        parity: 'odd',
        stopBits: 1,
        rtscts: false,
        xon: false,
        xoff: false,
      },
    );
    assert.equal(serialOptions('/dev/x', modbusLine({ parity: 'none' })).stopBits, 2);
  });

  it('give the Modbus silence: 3.5 characters, and 1.75 ms above 19200 baud', () => {
    // 8E1 is 11 bits a character: 3.5 × 11 / 9600 s.
    assert.equal(interFrameSilenceMs(modbusLine()), (3.5 * 11 * 1000) / 9600);
    assert.equal(interFrameSilenceMs(modbusLine({ baudRate: 19200 })), (3.5 * 11 * 1000) / 19200);
    assert.equal(interFrameSilenceMs(modbusLine({ baudRate: 38400 })), 1.75);
    assert.equal(interFrameSilenceMs(modbusLine({ baudRate: 115200 })), 1.75);
    // 8N1 (a printer's line) is 10 bits a character.
    assert.equal(interFrameSilenceMs(plainLine({ baudRate: 1200 })), (3.5 * 10 * 1000) / 1200);
  });

  it('reach the tty the port opens (speed, stop bits and parity sense, as a pty keeps them)', async () => {
    const dir = await tempDir(cleanup, 'line');
    const pair = await openPtyPair(dir, 'line');
    cleanup.add(() => pair.close());
    const cases: Array<[LineSettings, RegExp[]]> = [
      [
        modbusLine({ baudRate: 19200, parity: 'odd' }),
        [/speed 19200 baud/, /(^|\s)parodd/, /-cstopb/],
      ],
      [modbusLine({ baudRate: 4800, parity: 'none' }), [/speed 4800 baud/, /(^|\s)cstopb/]],
      [modbusLine({ baudRate: 2400 }), [/speed 2400 baud/, /-parodd/, /-cstopb/]],
    ];
    for (const [line, expected] of cases) {
      const link = new SerialLink({ path: pair.stationPath, ...line });
      await link.open();
      assert.deepEqual(link.line, line);
      const { stdout } = await run('stty', ['-F', pair.stationPath, '-a']);
      await link.close();
      // A pty clears PARENB and forces CS8 whatever is asked (Linux pty_set_termios), so parity
      // on/off and the data bits are checked in serialOptions above; the rest is the kernel's.
      for (const pattern of expected) assert.match(stdout, pattern, JSON.stringify(line));
    }
  });
});
