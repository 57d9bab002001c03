import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WedgeDetector, type WedgeStep } from '../../src-renderer/wedge/wedge-detector';

/** Feeds keys at the given gaps; returns every step, and the text that reached the field. */
function feed(keys: string[], gapMs: number | number[], d = new WedgeDetector()) {
  let at = 1000;
  let field = '';
  const steps: WedgeStep[] = [];
  keys.forEach((key, i) => {
    at += Array.isArray(gapMs) ? gapMs[i]! : gapMs;
    const step = d.key(key, at);
    steps.push(step);
    if (step.kind === 'key') {
      field += step.give;
      if (step.then === 'pass' && key.length === 1) field += key;
    }
  });
  return { steps, field, d, at };
}

const chars = (s: string) => [...s];

describe('keyboard-wedge detection', () => {
  it('takes a fast burst with the prefix and Enter as a scan, and nothing reaches the field', () => {
    const { steps, field } = feed([...chars(']Q1MBR-0001-ANA'), 'Enter'], 8);
    assert.deepEqual(steps.at(-1), { kind: 'scan', symbology: 'Q1', code: 'MBR-0001-ANA' });
    assert.equal(field, '');
  });

  it('gives a person\'s slow "]" and what follows back to the field, in order', () => {
    const { field, steps } = feed(chars(']12,50'), 180);
    assert.equal(field, ']12,50');
    assert.ok(steps.every((s) => s.kind === 'key'));
  });

  it('lets everything without the prefix through untouched, however fast', () => {
    const { field } = feed(chars('50,00'), 2);
    assert.equal(field, '50,00');
  });

  it('gives back a burst that stops before Enter, once the silence outlasts the gap', () => {
    const { d, at, field } = feed(chars(']C0123'), 5);
    assert.equal(field, '');
    assert.equal(d.expire(at + 10), '', 'still within the gap');
    assert.equal(d.expire(at + 41), ']C0123');
    assert.equal(d.expire(at + 500), '', 'once');
  });

  it('gives back a too-short code, and keys like Backspace end the hold', () => {
    assert.equal(feed([...chars(']Q1ab'), 'Enter'], 5).field, ']Q1ab');
    const r = feed([...chars(']Q'), 'Backspace'], 5);
    assert.deepEqual(r.steps.at(-1), { kind: 'key', give: ']Q', then: 'pass' });
  });

  it('a slow gap inside a burst gives the held part back and starts again at a new prefix', () => {
    const gaps = [5, 5, 5, 300, 5, 5, 5, 5, 5, 5, 5, 5];
    const { steps, field } = feed([...chars(']Q1]C0ABCDEF'), 'Enter'], gaps.concat([5]));
    assert.equal(field, ']Q1');
    assert.deepEqual(steps.at(-1), { kind: 'scan', symbology: 'C0', code: 'ABCDEF' });
  });
});
