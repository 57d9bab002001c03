import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OcrPosition } from '../../../src-main/anpr/ctc';
import {
  applyFormatRules,
  enabledFormats,
  expandPattern,
  fitsFormat,
  minPlateLength,
  positionsFromText,
  DEFAULT_FORMATS,
} from '../../../src-main/anpr/format-rules';

/** Positions from text at prob p, with per-index overrides [char,prob][] (best first). */
function ocr(
  text: string,
  p = 0.9,
  overrides: Record<number, [string, number][]> = {},
): { positions: OcrPosition[] } {
  const positions = positionsFromText(text, p).map((pos, i) => {
    const o = overrides[i];
    if (!o) return pos;
    return {
      char: o[0]![0],
      prob: o[0]![1],
      candidates: o.map(([char, prob]) => ({ char, prob })),
    };
  });
  return { positions };
}
const fmt = (id: string) => DEFAULT_FORMATS.find((f) => f.id === id)!;

describe('format patterns', () => {
  it('expands quantifiers and optional groups', () => {
    assert.deepEqual(
      expandPattern('L{1,2}N').map((s) => s.join('')),
      ['LN', 'LLN'],
    );
    assert.deepEqual(
      expandPattern('N(L)?').map((s) => s.join('')),
      ['N', 'NL'],
    );
    assert.equal(expandPattern('L{1,2}N{2,3}LLL').length, 4);
    assert.throws(() => expandPattern('LX'), /unexpected "X"/);
  });

  it('knows the regional layouts', () => {
    assert.ok(fitsFormat('ABC1D23', fmt('br-mercosur')));
    assert.ok(!fitsFormat('ABC1234', fmt('br-mercosur')));
    assert.ok(fitsFormat('ABC1234', fmt('br-old')));
    for (const p of ['B123ABC', 'CJ12ABC', 'BR07AAC', 'B99BNX'])
      assert.ok(fitsFormat(p, fmt('ro')), p);
    assert.ok(!fitsFormat('B1234ABC', fmt('ro')));
    assert.ok(fitsFormat('AB123CD', fmt('fr')) && fitsFormat('AB123CD', fmt('it')));
    assert.ok(fitsFormat('1234BCD', fmt('es')));
    assert.ok(fitsFormat('MAB1234', fmt('de')) && fitsFormat('BXY12E', fmt('de')));
    assert.ok(fitsFormat('WA12345', fmt('pl')));
    assert.ok(fitsFormat('12ABC3', fmt('nl')));
    assert.ok(fitsFormat('7ABC123', fmt('us-generic')));
    assert.ok(!fitsFormat('ABCDEF', fmt('us-generic')), 'US generic needs a digit');
  });

  it('knows the shortest plate a site accepts', () => {
    assert.equal(minPlateLength({ enabled: ['ro'] }), 6);
    assert.equal(minPlateLength({ enabled: ['br'] }), 7);
    assert.equal(minPlateLength(), 2);
  });

  it('enables formats by id or region and rejects unknown ones', () => {
    assert.deepEqual(
      enabledFormats({ enabled: ['br'] }).map((f) => f.id),
      ['br-mercosur', 'br-old'],
    );
    assert.deepEqual(
      enabledFormats({ enabled: ['es', 'ro'] }).map((f) => f.id),
      ['ro', 'es'],
    );
    assert.throws(() => enabledFormats({ enabled: ['xx'] }), /unknown plate format/);
    // Region groups for mixed sets (anpr:eval --formats br,eu,us).
    assert.deepEqual(
      enabledFormats({ enabled: ['eu'] }).map((f) => f.region),
      ['ro', 'de', 'fr', 'it', 'es', 'pl', 'nl'],
    );
    assert.deepEqual(
      enabledFormats({ enabled: ['brazil', 'us'] }).map((f) => f.id),
      ['br-mercosur', 'br-old', 'us-generic'],
    );
    assert.equal(enabledFormats({ enabled: ['all'] }).length, enabledFormats().length);
  });
});

describe('applyFormatRules', () => {
  it('tells Mercosur from old Brazilian plates', () => {
    const merc = applyFormatRules(ocr('ABC1D23'), { enabled: ['br'] });
    assert.equal(merc.text, 'ABC1D23');
    assert.equal(merc.format, 'br-mercosur');
    assert.equal(merc.swaps, 0);
    const old = applyFormatRules(ocr('ABC1234'), { enabled: ['br'] });
    assert.equal(old.text, 'ABC1234');
    assert.equal(old.format, 'br-old');
  });

  it('swaps a look-alike only where the slot requires the other class', () => {
    // '8' in a letter slot becomes 'B'; the digits stay digits.
    const r = applyFormatRules(ocr('A8C1234'), { enabled: ['br-old'] });
    assert.equal(r.text, 'ABC1234');
    assert.equal(r.swaps, 1);
    assert.ok(r.confidence < 0.9 ** 7, 'a swap costs confidence');
    // 'O' in a digit slot becomes '0'; the 'O' in a letter slot stays 'O'.
    assert.equal(applyFormatRules(ocr('OBC12O4'), { enabled: ['br-old'] }).text, 'OBC1204');
    // A plate that already fits is never touched, even if look-alikes exist in it.
    const clean = applyFormatRules(ocr('B80SOLO'.replace('SOLO', 'SOL'), 0.9), { enabled: ['ro'] });
    assert.equal(clean.text, 'B80SOL');
    assert.equal(clean.swaps, 0);
  });

  it('prefers an exact Mercosur fit over swapping into the old format', () => {
    // ABC1B34: Mercosur as read (B is a letter slot there); old BR would need B→8.
    const r = applyFormatRules(ocr('ABC1B34'), { enabled: ['br'] });
    assert.equal(r.text, 'ABC1B34');
    assert.equal(r.format, 'br-mercosur');
    assert.ok(r.alternates.some((a) => a.text === 'ABC1834' && a.format === 'br-old'));
  });

  it('uses the alternates probabilities to choose among look-alikes', () => {
    // Letter slot read '0' (0.6) with 'D' as runner-up (0.35): D beats O.
    const d = applyFormatRules(
      ocr('A0C1234', 0.95, {
        1: [
          ['0', 0.6],
          ['D', 0.35],
        ],
      }),
      { enabled: ['br-old'] },
    );
    assert.equal(d.text, 'ADC1234');
    // Same slot read '0' at 0.9 with a faint 'Q': the near-identical twin O wins.
    const o = applyFormatRules(
      ocr('A0C1234', 0.95, {
        1: [
          ['0', 0.9],
          ['Q', 0.05],
        ],
      }),
      { enabled: ['br-old'] },
    );
    assert.equal(o.text, 'AOC1234');
    // A real letter alternative in a letter slot is taken as is, not swapped.
    const k = applyFormatRules(
      ocr('A1C1234', 0.95, {
        1: [
          ['1', 0.5],
          ['K', 0.45],
        ],
      }),
      { enabled: ['br-old'] },
    );
    assert.equal(k.text, 'AKC1234');
  });

  it('reads Romanian plates with a misread O in the digit group', () => {
    const read = ocr('BRO7AAC', 0.95, {
      2: [
        ['O', 0.7],
        ['0', 0.25],
      ],
    });
    const r = applyFormatRules(read, { enabled: ['ro', 'us'] });
    assert.equal(r.text, 'BR07AAC');
    assert.equal(r.format, 'ro');
    assert.ok(r.confidence > 0.5);
    // With every format enabled the read as-is also fits Poland's layout (which the OCR's "O"
    // favours); a site weighting its own region gets the Romanian reading back.
    assert.equal(applyFormatRules(read).format, 'pl');
    assert.equal(applyFormatRules(read, { priors: { ro: 1, pl: 0.5 } }).text, 'BR07AAC');
  });

  it('handles EU single-line layouts', () => {
    const fr = applyFormatRules(ocr('AB123CD'), { enabled: ['fr', 'it', 'es'] });
    assert.equal(fr.text, 'AB123CD');
    assert.equal(fr.format, 'fr', 'ties keep the site order');
    // (Not "I234BCD": that reads as Romania's B 123 ABC layout, a foreign car the rules keep;
    // see format-rules-foreign.test.ts.)
    const es = applyFormatRules(ocr('12348CD'), { enabled: ['es'] });
    assert.equal(es.text, '1234BCD');
    assert.equal(es.format, 'es');
  });

  it('falls back to the US generic format with a lower rank than a specific fit', () => {
    const us = applyFormatRules(ocr('7ABC123'), { enabled: ['us', 'ro', 'br'] });
    assert.equal(us.format, 'us-generic');
    assert.equal(us.text, '7ABC123');
    assert.ok(Math.abs(us.confidence - 0.9 ** 7) < 1e-9);
    // Raw "B3I0VLV" fits US generic as is, but RO with one swap (I→1) ranks higher.
    const ro = applyFormatRules(ocr('B3I0VLV'), { enabled: ['us', 'ro', 'br'] });
    assert.equal(ro.text, 'B310VLV');
    assert.equal(ro.format, 'ro');
  });

  it('returns the raw text with a penalised confidence when nothing fits', () => {
    const r = applyFormatRules(ocr('ABCDEFGHIJ', 0.9));
    assert.equal(r.format, null);
    assert.equal(r.text, 'ABCDEFGHIJ');
    assert.ok(Math.abs(r.confidence - 0.5 * 0.9 ** 10) < 1e-9);
    assert.deepEqual(r.alternates, []);
    const br = applyFormatRules(ocr('AB123CD'), { enabled: ['br'] });
    assert.equal(br.format, null);
    assert.equal(applyFormatRules({ positions: [] }).format, null);
  });

  it('reports next-best valid strings as alternates, best first', () => {
    const r = applyFormatRules(
      ocr('ABC1234', 0.9, {
        6: [
          ['4', 0.6],
          ['1', 0.3],
        ],
      }),
      { enabled: ['br-old'] },
    );
    assert.equal(r.text, 'ABC1234');
    assert.equal(r.alternates[0]?.text, 'ABC1231');
    const confs = r.alternates.map((a) => a.confidence);
    assert.deepEqual(
      confs,
      [...confs].sort((a, b) => b - a),
    );
  });
});
