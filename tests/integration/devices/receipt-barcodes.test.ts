/**
 * Barcodes a scanner can read: every symbol is printed through the driver to the printer
 * simulator on a socat pty, and read back from the simulator's PNG by an independent decoder,
 * Debian's zbarimg (zbar-tools), against the payload the receipt meant to carry.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { BARCODE_CODE128, ESC, GS, LF } from '../../../src-main/devices/printer/escpos-commands';
import { decodeEscPos } from '../../../src-main/devices/printer/escpos-decoder';
import { planSymbol } from '../../../src-main/devices/printer/escpos-encoder';
import { PrinterSimulator, receiptText } from '../../../src-main/devices/printer/printer-simulator';
import {
  printerProfile,
  type PrinterProfile,
  type PrinterProfileSettings,
} from '../../../src-main/devices/printer/printer-profile';
import type { ReceiptBarcode } from '../../../src-main/devices/printer/receipt-document';
import { SerialEscPosPrinter } from '../../../src-main/devices/printer/receipt-printer';
import { renderReceiptPng } from '../../../src-main/devices/printer/receipt-renderer';
import { openPtyPair } from '../../../src-main/devices/serial/pty-pair';
import { stationConfigSchema } from '../../../src-main/platform/station-config';
import { Cleanup, tempDir, waitFor } from './device-test-helpers';
import { sampleReceipt } from './sample-receipt';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const UUID = '3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d';
const PAY_URL = 'https://pay.example.test/r/000123?t=Zq81';

/** Every symbol zbarimg finds in the image, one payload per symbol (none: []). */
async function scan(png: string): Promise<string[]> {
  try {
    const { stdout } = await promisify(execFile)('zbarimg', ['--raw', '-q', png]);
    return stdout.split('\n').filter((line) => line.length > 0);
  } catch (error) {
    if ((error as { code?: unknown }).code === 4) return []; // zbarimg: no symbol found
    throw error;
  }
}

/** A driver and a simulator on a pty pair, both set up for one printer profile. */
async function printerFor(settings: PrinterProfileSettings) {
  const profile = printerProfile(settings);
  const dir = await tempDir(cleanup, 'barcodes');
  const pair = await openPtyPair(dir, 'printer');
  cleanup.add(() => pair.close());
  const outDir = join(dir, 'receipts');
  const simulator = await PrinterSimulator.start({
    path: pair.devicePath,
    outDir,
    columns: profile.columns,
    dotsPerLine: profile.dotsPerLine,
  });
  cleanup.add(() => simulator.stop());
  const errors: Error[] = [];
  simulator.onError((error) => errors.push(error));
  const printer = new SerialEscPosPrinter({
    id: 'printer-1',
    path: pair.stationPath,
    statusTimeoutMs: 2000,
    encoding: { profile },
  });
  cleanup.add(() => printer.dispose());

  /** Prints a receipt carrying `barcode`; returns what came out and what zbar reads off it. */
  async function print(barcode: ReceiptBarcode) {
    const n = simulator.receipts.length + 1;
    const result = await printer.print({ ...sampleReceipt, barcode });
    assert.equal(result.ok, true, result.detail);
    await waitFor(() => simulator.receipts.length === n, `receipt ${n}`);
    const receipt = simulator.receipts[n - 1]!;
    const text = await readFile(join(outDir, `receipt-${n}.txt`), 'utf8');
    assert.deepEqual(errors, []);
    return { receipt, text, scanned: await scan(join(outDir, `receipt-${n}.png`)) };
  }
  return { profile, print };
}

describe('receipt barcodes read back by zbarimg', { timeout: 60_000 }, () => {
  it('80 mm, native: Code128 at the widest module that fits, QR past that', async () => {
    const { profile, print } = await printerFor({ paper: '80mm' });
    assert.equal(profile.dotsPerLine, 576);

    const short = await print({ kind: 'code128', data: 'R-000123' });
    assert.deepEqual(short.scanned, ['R-000123']);
    assert.deepEqual(
      short.receipt.barcodes.map((b) => [b.kind, b.data, b.module]),
      [['code128', 'R-000123', 3]],
    );

    // 16 characters overflow 576 dots at 3 dots a module: printed at 2.
    const longer = await print({ kind: 'code128', data: 'P-2026-11-27-001' });
    assert.deepEqual(longer.scanned, ['P-2026-11-27-001']);
    assert.deepEqual(
      longer.receipt.barcodes.map((b) => [b.kind, b.module]),
      [['code128', 2]],
    );
    assert.match(longer.text, /^\[CODE128\] P-2026-11-27-001$/m);

    // A UUID is 902 dots of Code128 (quiet zones included) even at 2 dots a module: printed as a QR code instead,
    // with the id as text under it.
    const uuid = await print({ kind: 'code128', data: UUID });
    assert.deepEqual(uuid.scanned, [UUID]);
    assert.deepEqual(
      uuid.receipt.barcodes.map((b) => [b.kind, b.data]),
      [['qr', UUID]],
    );
    assert.ok(uuid.receipt.textLines.includes(UUID), uuid.text);

    const qr = await print({ kind: 'qr', data: PAY_URL });
    assert.deepEqual(qr.scanned, [PAY_URL]);
    assert.deepEqual(
      qr.receipt.barcodes.map((b) => [b.kind, b.data, b.errorLevel]),
      [['qr', PAY_URL, 'M']],
    );
    assert.deepEqual(qr.receipt.rasters, [], 'native symbols send no images');
  });

  it('58 mm: what fits 80 mm as Code128 falls back to a QR code on 384 dots', async () => {
    const { print } = await printerFor({ paper: '58mm' });
    const session = await print({ kind: 'code128', data: 'S0PB1X7K2M4QZ8WN3T' });
    assert.deepEqual(session.scanned, ['S0PB1X7K2M4QZ8WN3T']);
    assert.equal(session.receipt.barcodes[0]?.kind, 'qr');
    assert.ok(session.receipt.textLines.every((line) => line.length <= 32));

    const short = await print({ kind: 'code128', data: 'R-0123' });
    assert.deepEqual(short.scanned, ['R-0123']);
    assert.equal(short.receipt.barcodes[0]?.kind, 'code128');
  });

  it('without native symbols, QR and Code128 go as bwip-js rasters (GS v 0)', async () => {
    const { print } = await printerFor({ paper: '80mm', nativeSymbols: false });
    const qr = await print({ kind: 'qr', data: PAY_URL });
    assert.deepEqual(qr.scanned, [PAY_URL]);
    assert.deepEqual(qr.receipt.barcodes, [], 'no GS k / GS ( k reaches the printer');
    assert.deepEqual(
      qr.receipt.rasters.map((r) => r.widthDots),
      [576],
    );
    assert.match(qr.text, /^\[RASTER 576x\d+\]$/m);

    const code = await print({ kind: 'code128', data: 'P-2026-11-27-001' });
    assert.deepEqual(code.scanned, ['P-2026-11-27-001']);
    assert.deepEqual(code.receipt.barcodes, []);
    assert.ok(code.receipt.textLines.includes('P-2026-11-27-001'), 'the id under the bars');

    const uuid = await print({ kind: 'code128', data: UUID });
    assert.deepEqual(uuid.scanned, [UUID]);
    assert.equal(uuid.receipt.rasters.length, 1);
  });

  it('the simulator, like a printer, prints nothing for a Code128 wider than its line', async () => {
    // What the encoder used to send for any id: GS w 2 and the whole id, whatever its length.
    const payload = `{B${UUID}`;
    const bytes = Uint8Array.from([
      ...[ESC, 0x40, ESC, 0x61, 1, GS, 0x77, 2, GS, 0x48, 2],
      ...[GS, 0x6b, BARCODE_CODE128, payload.length, ...Buffer.from(payload), LF],
      ...Buffer.from('after\n'),
    ]);
    const receipt = decodeEscPos(bytes);
    assert.deepEqual(receipt.unknown, []);
    const dir = await tempDir(cleanup, 'overflow');
    const png = join(dir, 'overflow.png');
    await renderReceiptPng(receipt, png);
    assert.deepEqual(await scan(png), []);
    assert.ok(receiptText(receipt).includes(`[CODE128 not printed: 862 dots > 576] ${UUID}`));

    // At 1 dot a module (431 dots) it fits and prints; profiles still stop at 2 dots unless told
    // otherwise, as 0.125 mm bars are below what most scanners resolve.
    bytes[7] = 1;
    const narrow = decodeEscPos(bytes);
    assert.ok(receiptText(narrow).includes(`[CODE128] ${UUID}`));
  });

  it('plans each symbol against the profile before anything is sent', () => {
    const plan = (data: string, profile: PrinterProfile) =>
      planSymbol({ kind: 'code128', data }, profile);
    const wide = printerProfile();
    assert.deepEqual([plan('R-000123', wide).module, plan('R-000123', wide).widthDots], [3, 429]);
    const fallback = plan(UUID, wide);
    assert.deepEqual([fallback.kind, fallback.fallbackFrom], ['qr', 'code128']);
    assert.ok(fallback.widthDots <= 576);
    // A profile that allows 1-dot modules keeps a UUID as Code128 on 80 mm paper.
    const fine = plan(UUID, printerProfile({ narrowestModule: 1 }));
    assert.deepEqual([fine.kind, fine.module, fine.widthDots], ['code128', 1, 451]);
    const configured = stationConfigSchema.shape.printer.parse({
      kind: 'escpos',
      path: '/dev/ttyUSB1',
      profile: { paper: '58mm', nativeSymbols: false },
    });
    assert.deepEqual(
      [printerProfile(configured.profile).dotsPerLine, printerProfile(configured.profile).columns],
      [384, 32],
    );
    assert.equal(printerProfile(configured.profile).nativeSymbols, false);
    assert.throws(
      () => planSymbol({ kind: 'qr', data: 'x'.repeat(1000) }, printerProfile({ paper: '58mm' })),
      /do not fit 384 dots/,
    );
  });
});
