import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalPlate, editDistance, matchPlate, normalizePlate } from '../../src-shared';

describe('plate rules', () => {
  it('normalises what a cashier types', () => {
    assert.deepEqual(normalizePlate(' b-123 abc '), { ok: true, plate: 'B123ABC' });
    assert.deepEqual(normalizePlate('cj.01.xyz'), { ok: true, plate: 'CJ01XYZ' });
  });

  it('rejects absurd plates with a clear message', () => {
    for (const bad of ['', ' ', 'A', 'ÄBC123', '🚗🚗', "B1'; DROP", 'B1%', 'A'.repeat(11)]) {
      const r = normalizePlate(bad);
      assert.equal(r.ok, false, bad);
      assert.ok(!r.ok && r.message.length > 5);
    }
  });

  it('folds OCR look-alikes to one form', () => {
    assert.equal(canonicalPlate('B08OIS'), canonicalPlate('80B0I5'));
    assert.equal(canonicalPlate('Z2'), canonicalPlate('2Z'));
    assert.notEqual(canonicalPlate('B123ABC'), canonicalPlate('B123ABD'.replace('D', 'E')));
  });

  it('ranks exact, look-alike, partial and fuzzy matches in that order', () => {
    const q = 'B123ABC';
    const kinds = ['B123ABC', '8I23A8C', 'XB123ABCX', 'B124ABC'].map((p) => matchPlate(q, p));
    assert.deepEqual(
      kinds.map((k) => k?.kind),
      ['exact', 'lookalike', 'partial', 'fuzzy'],
    );
    const d = kinds.map((k) => k!.distance);
    assert.deepEqual(
      [...d].sort((a, b) => a - b),
      d,
    );
    assert.equal(matchPlate(q, 'CJ99XYZ'), null);
  });

  it('short queries only match exactly or as a part', () => {
    assert.equal(matchPlate('B12', 'B13XYZ'), null);
    assert.equal(matchPlate('B12', 'CB12XYZ')?.kind, 'partial');
  });

  it('edit distance is a metric that honours its cut-off', () => {
    const plate = fc.stringMatching(/^[A-Z0-9]{2,9}$/);
    fc.assert(
      fc.property(plate, plate, (a, b) => {
        const d = editDistance(a, b);
        assert.equal(d, editDistance(b, a));
        assert.equal(d === 0, a === b);
        assert.ok(editDistance(a, b, 1) <= Math.max(d, 2));
        if (d <= 1) assert.equal(editDistance(a, b, 1), d);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
