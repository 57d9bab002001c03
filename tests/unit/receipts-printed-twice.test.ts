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
});
