import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  charEdits,
  confusionCounts,
  formatEdit,
  inSplit,
  plateGroups,
  regionOfCountry,
  levenshtein,
  looksLikePlateCrop,
  matchBoxes,
  parseEvalLabels,
  percentile,
} from '../../../src-main/anpr/eval-metrics';

describe('eval helpers', () => {
  it('parses labels with and without boxes, normalising plates', () => {
    const rows = parseEvalLabels(
      '\uFEFFfile,plate,x,y,w,h\r\na.jpg,"cj 12-abc",1,2,3,4\nb.jpg,,5,6,7,8\n\n# c\n',
    );
    assert.deepEqual(
      rows.map((r) => [r.file, r.plate, r.box]),
      [
        ['a.jpg', 'CJ12ABC', { x: 1, y: 2, w: 3, h: 4 }],
        ['b.jpg', '', { x: 5, y: 6, w: 7, h: 8 }],
      ],
    );
    assert.equal(parseEvalLabels('file,plate\nx.jpg,ABC1234\n')[0]!.box, null);
    assert.throws(() => parseEvalLabels('plate\nA\n'), /file/);
  });

  it('computes edit distance, percentiles, box matching and the crop rule', () => {
    assert.equal(levenshtein('ABC1234', 'ABC1234'), 0);
    assert.equal(levenshtein('ABC1234', 'A8C123'), 2);
    assert.equal(levenshtein('', 'AB'), 2);
    assert.equal(percentile([5, 1, 3, 2, 4], 50), 3);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), 10);
    assert.equal(percentile([], 50), null);
    const m = matchBoxes(
      [
        { x: 0, y: 0, w: 10, h: 10 },
        { x: 100, y: 0, w: 10, h: 10 },
      ],
      [{ x: 101, y: 1, w: 10, h: 10 }],
      0.4,
    );
    assert.deepEqual(m, [null, 0]);
    assert.ok(looksLikePlateCrop(240, 80));
    assert.ok(!looksLikePlateCrop(1280, 720));
    assert.ok(!looksLikePlateCrop(60, 60));
  });
});

describe('multi-source eval helpers', () => {
  it('aligns a read to its label and counts character confusions', () => {
    assert.deepEqual(charEdits('RK576AH', 'BRK576AH'), [{ want: '', got: 'B' }]);
    assert.deepEqual(charEdits('LM298AI', 'LH298AT'), [
      { want: 'M', got: 'H' },
      { want: 'I', got: 'T' },
    ]);
    assert.deepEqual(charEdits('ABC', 'AC'), [{ want: 'B', got: '' }]);
    assert.deepEqual(charEdits('ABC', 'ABC'), []);
    const c = confusionCounts([
      { label: 'LM298AI', read: 'LH298AT' },
      { label: 'MM1', read: 'HM1' },
      { label: 'RK576AH', read: 'BRK576AH' },
      { label: 'XYZ', read: '' }, // no read: not a character confusion
    ]);
    assert.deepEqual(
      c.map((e) => [formatEdit(e), e.count]),
      [
        ['M→H', 2],
        ['∅→B', 1],
        ['I→T', 1],
      ],
    );
  });

  it('groups plates one substitution apart and splits by group, deterministically', () => {
    const g = plateGroups(['ABC1234', 'ABC1284', 'XYZ9999', 'ABC1284']);
    assert.equal(g.get('ABC1284'), 'ABC1234');
    assert.equal(g.get('XYZ9999'), 'XYZ9999');
    const keys = Array.from({ length: 400 }, (_, i) => `P${i}`);
    const inCalib = keys.filter((k) => inSplit(k, 'seed', 0.5)).length;
    assert.ok(inCalib > 150 && inCalib < 250, `${inCalib} of 400 in a 50% split`);
    assert.deepEqual(
      keys.map((k) => inSplit(k, 'seed', 0.5)),
      keys.map((k) => inSplit(k, 'seed', 0.5)),
    );
  });

  it('maps countries to the reported regions', () => {
    assert.equal(regionOfCountry('BR'), 'brazil');
    assert.equal(regionOfCountry('us'), 'us');
    assert.equal(regionOfCountry('GB'), 'europe');
    assert.equal(regionOfCountry('DE'), 'europe');
    assert.equal(regionOfCountry('AU'), 'world');
    assert.equal(regionOfCountry(''), 'world');
  });
});
