/**
 * Why the station does not use the `escpos` npm package (the design card names it; see the
 * README's dependency table). Both of its ways in were tried against what the booth needs: its
 * serial adapter with the serialport we ship, and its command builder feeding our own link.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { afterEach, describe, it } from 'node:test';
import { decodeEscPos } from '../../../src-main/devices/printer/escpos-decoder';
import { openPtyPair } from '../../../src-main/devices/serial/pty-pair';
import { SerialLink } from '../../../src-main/devices/serial/serial-link';
import { Cleanup, tempDir } from './device-test-helpers';

const require = createRequire(import.meta.url);
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

type EscPosAdapter = { write(data: Buffer, callback?: (error?: Error) => void): void };
interface EscPosPrinter {
  barcode(code: string, type: string, options: { width: number; height: number }): this;
  qrcode(code: string): this;
  flush(callback?: () => void): this;
}
type SerialAdapter = new (path: string, options?: object) => unknown;

/** escpos's Printer writing into a buffer: the adapter seam we would plug our link into. */
function capturingPrinter() {
  const Printer = require('escpos/printer') as new (adapter: EscPosAdapter) => EscPosPrinter;
  const chunks: Buffer[] = [];
  const printer = new Printer({
    write(data, callback) {
      chunks.push(Buffer.from(data));
      callback?.();
    },
  });
  return { printer, bytes: () => Buffer.concat(chunks.splice(0)) };
}

describe('the escpos package against this booth', () => {
  it('its serial adapters cannot open a port with serialport >= 10', async () => {
    const serialportMajor = Number(
      (require('serialport/package.json') as { version: string }).version.split('.')[0],
    );
    assert.ok(serialportMajor >= 10, `the station ships serialport ${serialportMajor}`);
    const dir = await tempDir(cleanup, 'escpos-gap');
    const pair = await openPtyPair(dir, 'printer');
    cleanup.add(() => pair.close());

    // escpos-serialport (the v3 adapter) and escpos 2's own escpos.Serial both call
    // `new (require('serialport'))(path, options)`; since serialport 10 the module exports
    // `{ SerialPort }` and the constructor takes one options object with the path in it.
    const adapters: Record<string, SerialAdapter> = {
      'escpos-serialport': require('escpos-serialport') as SerialAdapter,
      'escpos.Serial': (require('escpos') as { Serial: SerialAdapter }).Serial,
    };
    for (const [name, Serial] of Object.entries(adapters)) {
      assert.throws(
        () => new Serial(pair.stationPath, { baudRate: 9600, autoOpen: false }),
        (error: unknown) =>
          error instanceof TypeError && /SerialPort is not a constructor/.test(error.message),
        `${name} should fail the way it does with serialport ${serialportMajor}`,
      );
    }

    // The same pty opens and carries bytes through our own link.
    const link = new SerialLink({ path: pair.stationPath, baudRate: 9600 });
    cleanup.add(() => link.close());
    await link.open();
    await link.write(Uint8Array.of(0x1b, 0x40));
  });

  it('its command builder emits Code128 and QR bytes an Epson-command printer misreads', () => {
    const { printer, bytes } = capturingPrinter();

    // Code128 of 8 characters: GS k 73 must be followed by the length n, then '{B' (Epson:
    // d1 = '{', d2 = code set). escpos writes the length as hex text through Buffer.from(_, 'hex'),
    // which drops any odd-length value (1-15 characters): the length byte is simply missing.
    printer.barcode('SES-0001', 'CODE128', { width: 2, height: 80 }).flush();
    const code128 = bytes();
    const at = code128.indexOf(Buffer.from([0x1d, 0x6b, 0x49]));
    assert.ok(at >= 0, 'a GS k 73 command');
    const afterCommand = code128.subarray(at + 3);
    assert.equal(afterCommand[0], 'S'.charCodeAt(0), 'the data follows with no length byte');
    // A printer reads 'S' (83) as the length and swallows the next 83 bytes of the receipt.
    assert.notEqual(afterCommand[0], 'SES-0001'.length);
    assert.notEqual(afterCommand[0], '{'.charCodeAt(0), 'and no code set is selected');
    // Asked for 2-dot modules, it sends GS w 3 (its width table is off by one).
    assert.ok(code128.includes(Buffer.from([0x1d, 0x77, 0x03])));
    assert.ok(!code128.includes(Buffer.from([0x1d, 0x77, 0x02])));
    const decoded = decodeEscPos(code128);
    assert.notDeepEqual(
      decoded.barcodes.map((b) => b.data),
      ['SES-0001'],
    );

    // QR: escpos sends GS Z / ESC Z (a 2D command some non-Epson printers have), never the
    // GS ( k model / size / store / print sequence of the Epson command set.
    printer.qrcode('https://pay.example.test/r/1').flush();
    const qr = bytes();
    assert.deepEqual([...qr.subarray(0, 5)], [0x1d, 0x5a, 0x02, 0x1b, 0x5a]);
    assert.ok(!qr.includes(Buffer.from([0x1d, 0x28, 0x6b])), 'no GS ( k');
    const decodedQr = decodeEscPos(qr);
    assert.deepEqual(decodedQr.barcodes, []);
    assert.ok(decodedQr.unknown.length > 0);
  });
});
