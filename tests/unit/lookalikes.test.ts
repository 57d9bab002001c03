import assert from 'node:assert/strict';
import { it } from 'node:test';
import { canonicalPlate, matchPlate } from '../../src-shared';
import { FOLD_TO_DIGIT, LOOKALIKE_PAIRS } from '../../src-shared/domain/lookalikes';

it('search folds every letter the reader may swap, onto its strongest digit twin', () => {
  const letters = new Set(LOOKALIKE_PAIRS.map(([, letter]) => letter));
  assert.deepEqual(new Set(Object.keys(FOLD_TO_DIGIT)), letters);
  assert.equal(FOLD_TO_DIGIT.T, '7', 'T is 7 more often than 1');
  assert.equal(FOLD_TO_DIGIT.B, '8', 'B is 8 more often than 3');
  // A and 4 are swapped by the reader, so search finds one through the other too.
  assert.equal(canonicalPlate('AB12CD'), canonicalPlate('4812C0'));
  assert.equal(matchPlate('CJ12A8C', 'CJ124BC')?.kind, 'lookalike');
});
