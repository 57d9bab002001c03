/** Pure ESC/POS encoder → decoder round trips (no ports involved). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toPrintableAscii, twoColumns } from '../../../src-main/devices/printer/ascii-text';
import {
  EscPosStreamDecoder,
  decodeEscPos,
  type DecodedReceipt,
} from '../../../src-main/devices/printer/escpos-decoder';
import { encodeReceipt } from '../../../src-main/devices/printer/escpos-encoder';
import { sampleReceipt } from './sample-receipt';

describe('ESC/POS encoder and decoder', () => {
  it('round-trips text, totals and the Code128 data', () => {
    const bytes = encodeReceipt(sampleReceipt);
    assert.ok(
      bytes.every((b) => b < 0x80),
      'output must be plain ASCII plus commands',
    );
    const decoded = decodeEscPos(bytes);

    assert.equal(decoded.cut, true);
    assert.deepEqual(decoded.unknown, []);
    assert.deepEqual(
      decoded.barcodes.map(({ kind, data }) => ({ kind, data })),
      [{ kind: 'code128', data: 'SES-{42}-0001' }],
    );
    const text = decoded.textLines;
    assert.equal(text[0], 'Central Parking');
    assert.ok(text.includes('Zone A - Level 2'));
    assert.ok(text.includes(`TOTAL${' '.repeat(42 - 5 - 9)}EUR 21.00`));
    assert.ok(text.some((line) => line.includes('plate ZD-123-AB')));
    assert.ok(text.every((line) => line.length <= 42));
    assert.equal(text.at(-1), 'Thank you!');
    const total = decoded.styledLines.find((line) => line.text.startsWith('TOTAL'));
    assert.equal(total?.bold, true);
    assert.equal(decoded.styledLines[0]?.height, 2);
    assert.equal(decoded.styledLines[0]?.align, 'center');
  });

  it('round-trips a QR code and honours a custom width', () => {
    const doc = {
      ...sampleReceipt,
      barcode: { kind: 'qr' as const, data: 'https://x.test/r/123' },
    };
    const decoded = decodeEscPos(encodeReceipt(doc, { width: 32 }));
    assert.deepEqual(
      decoded.barcodes.map((b) => [b.kind, b.data]),
      [['qr', 'https://x.test/r/123']],
    );
    assert.ok(decoded.textLines.every((line) => line.length <= 32));
    assert.ok(decoded.textLines.includes(`TOTAL${' '.repeat(32 - 5 - 9)}EUR 21.00`));
  });

  it('decodes the same stream fed one byte at a time', () => {
    const bytes = encodeReceipt(sampleReceipt);
    const receipts: DecodedReceipt[] = [];
    const statusRequests: number[] = [];
    const decoder = new EscPosStreamDecoder({
      onCut: (r) => receipts.push(r),
      onStatusRequest: (n) => statusRequests.push(n),
    });
    // A real-time status request between two lines of the first job, as the driver may send.
    const afterFirstLine = bytes.indexOf(0x0a) + 1;
    const stream = [
      ...bytes.subarray(0, afterFirstLine),
      ...[0x10, 0x04, 0x04],
      ...bytes.subarray(afterFirstLine),
      ...bytes,
    ];
    for (const byte of stream) decoder.push(Uint8Array.of(byte));
    assert.equal(receipts.length, 2);
    assert.deepEqual(statusRequests, [4]);
    assert.deepEqual(receipts[0]?.textLines, decodeEscPos(bytes).textLines);
    assert.deepEqual(receipts[1]?.barcodes, decodeEscPos(bytes).barcodes);
  });

  it('flags unknown and truncated bytes instead of throwing', () => {
    const decoded = decodeEscPos(
      Uint8Array.of(0x41, 0x07, 0x42, 0x0a, 0x1b, 0x99, 0x43, 0x1d, 0x6b),
    );
    assert.deepEqual(decoded.textLines, ['AB', 'C']);
    assert.equal(decoded.cut, false);
    // BEL at 1; ESC with an unknown op at 4 and the stray 0x99 at 5; a truncated GS k at 7-8.
    assert.deepEqual(
      decoded.unknown.map((u) => u.offset),
      [1, 4, 5, 7, 8],
    );
  });

  it('keeps text plain ASCII and lays out two columns', () => {
    assert.equal(toPrintableAscii('Crème brûlée – 5 €\u001b@'), 'Creme brulee - 5 EUR@');
    assert.deepEqual(twoColumns('Fee', '1.00', 10), ['Fee   1.00']);
    assert.deepEqual(twoColumns('A very long label', '12.00', 10), [
      'A very',
      'long label',
      '     12.00',
    ]);
  });
});
