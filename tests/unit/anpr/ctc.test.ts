import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ctcGreedyDecode } from '../../../src-main/anpr/ctc';

/** Builds a [N=1,T,C] tensor from per-frame dicts over classes (blank '-', then charset). */
function tensor(frames: Record<string, number>[], classes: string[]): Float32Array {
  const out = new Float32Array(frames.length * classes.length);
  frames.forEach((f, t) => {
    const rest = 1 - Object.values(f).reduce((a, b) => a + b, 0);
    classes.forEach(
      (c, k) =>
        (out[t * classes.length + k] = f[c] ?? rest / (classes.length - Object.keys(f).length)),
    );
  });
  return out;
}

describe('ctcGreedyDecode', () => {
  const classes = ['-', 'A', 'B', 'C'];
  const charset = ['A', 'B', 'C'];

  it('collapses repeats, drops blanks, keeps a repeat separated by a blank', () => {
    const probs = tensor(
      [
        { A: 0.9 },
        { A: 0.7 },
        { '-': 0.9 },
        { A: 0.8 },
        { B: 0.6, C: 0.3 },
        { B: 0.95 },
        { '-': 0.99 },
        { '-': 0.99 },
      ],
      classes,
    );
    const [r] = ctcGreedyDecode(probs, 1, 8, 4, charset);
    assert.equal(r!.text, 'AAB');
    assert.deepEqual(
      r!.positions.map((p) => p.char),
      ['A', 'A', 'B'],
    );
    // Per-char confidence = max over the frames that emitted it.
    assert.ok(Math.abs(r!.positions[0]!.prob - 0.9) < 1e-6);
    assert.ok(Math.abs(r!.positions[1]!.prob - 0.8) < 1e-6);
    assert.ok(Math.abs(r!.positions[2]!.prob - 0.95) < 1e-6);
    assert.ok(Math.abs(r!.confidence - 0.9 * 0.8 * 0.95) < 1e-6);
    // Alternatives: C was 0.3 in one of B's frames.
    const c = r!.positions[2]!.candidates.find((x) => x.char === 'C');
    assert.ok(c && Math.abs(c.prob - 0.3) < 1e-6);
    assert.equal(r!.positions[2]!.candidates[0]!.char, 'B');
  });

  it('decodes a batch and handles an all-blank sample', () => {
    const a = tensor([{ C: 0.8 }, { '-': 0.9 }], classes);
    const b = tensor([{ '-': 0.9 }, { '-': 0.9 }], classes);
    const both = new Float32Array([...a, ...b]);
    const [r1, r2] = ctcGreedyDecode(both, 2, 2, 4, charset, { topK: 2 });
    assert.equal(r1!.text, 'C');
    assert.equal(r1!.positions[0]!.candidates.length, 2);
    assert.equal(r2!.text, '');
    assert.equal(r2!.confidence, 0);
  });

  it('accepts a charset with a blank placeholder and rejects a mismatched one', () => {
    const probs = tensor([{ B: 0.9 }], classes);
    assert.equal(ctcGreedyDecode(probs, 1, 1, 4, ['_', 'A', 'B', 'C'])[0]!.text, 'B');
    assert.throws(() => ctcGreedyDecode(probs, 1, 1, 4, ['A', 'B']), /charset has 2/);
  });
});
