import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
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
