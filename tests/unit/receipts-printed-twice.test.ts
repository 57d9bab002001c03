/** The crash soak's check that no receipt came out twice as an original (copies may). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { receiptsPrintedTwice } from '../../scripts/soak/money-invariants';

describe('receiptsPrintedTwice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'printed-twice-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const receipt = (n: number, lines: string[]) =>
    writeFileSync(join(dir, `receipt-${n}.txt`), `${lines.join('\n')}\n`);

  it('names a number printed twice without COPY, and nothing else', () => {
    assert.deepEqual(receiptsPrintedTwice(join(dir, 'none-yet')), []);
    receipt(1, ['Test', 'Receipt no. R-1', 'TOTAL RON 5.00']);
    receipt(2, ['Test', 'Receipt no. R-2']);
    receipt(3, ['Test', 'Receipt no. R-1', '*** COPY ***']);
    assert.deepEqual(receiptsPrintedTwice(dir), [], 'an original and its COPY');
    receipt(4, ['Test', 'Receipt no. R-2']);
    writeFileSync(join(dir, 'receipt-4.png'), 'not text');
    assert.deepEqual(receiptsPrintedTwice(dir), ['receipt R-2 printed 2 times as an original']);
  });

  it('reads receipts printed in Romanian too (as the printer prints them: ASCII)', () => {
    const ro = mkdtempSync(join(dir, 'ro-'));
    const paper = (n: number, lines: string[]) =>
      writeFileSync(join(ro, `receipt-${n}.txt`), `${lines.join('\n')}\n`);
    paper(1, ['Test', 'Bon de parcare', 'Bon nr. R-7', 'TOTAL 5,00 lei']);
    paper(2, ['Test', 'Bon de parcare', 'Bon nr. R-7', '*** COPIE ***']);
    assert.deepEqual(receiptsPrintedTwice(ro), [], 'an original and its COPIE');
    paper(3, ['Test', 'Bon de parcare', 'Bon nr. R-7']);
    assert.deepEqual(receiptsPrintedTwice(ro), ['receipt R-7 printed 2 times as an original']);
  });
});
