/**
 * The format rules at a site that also sees foreign cars: a site-format correction is taken only
 * when the read is a near miss of a site format (src-main/anpr/format-rules.ts ForeignGuard);
 * a foreign plate that reads as a valid plate of its own country is kept as read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OcrPosition } from '../../../src-main/anpr/ctc';
import { applyFormatRules, foreignFormatsNear } from '../../../src-main/anpr/format-rules';
import { LOOKALIKE_PAIRS } from '../../../src-shared/domain/lookalikes';

/**
 * An OCR read of `text`: each character at probability `p` (or `sure[i]`), with its look-alike
 * twins as faint candidates, as the CTC decoder reports them.
 */
function ocr(
  text: string,
  p = 0.9,
  sure: Record<number, number> = {},
): { positions: OcrPosition[] } {
  return {
    positions: [...text].map((char, i) => {
      const prob = sure[i] ?? p;
      const twins = LOOKALIKE_PAIRS.filter(([d, l]) => d === char || l === char).map(([d, l]) =>
        d === char ? l : d,
      );
      return {
        char,
        prob,
        candidates: [{ char, prob }, ...twins.map((t) => ({ char: t, prob: (1 - prob) / 2 }))],
      };
    }),
  };
}

describe('format rules with foreign cars', () => {
  it('keeps a German "B AB 1234" as read at a Romanian site', () => {
    const read = ocr('BAB1234');
    // Before the guard, the Romanian layout was forced onto it with four swaps.
    assert.equal(applyFormatRules(read, { enabled: ['ro'], foreignGuard: false }).text, 'BA81ZBA');
    const r = applyFormatRules(read, { enabled: ['ro'] });
    assert.equal(r.text, 'BAB1234');
    assert.equal(r.format, null, 'fits no format of the site');
    assert.equal(r.swaps, 0);
    // The site-format reading is still offered to the cashier.
    assert.equal(r.alternates[0]?.text, 'BA81ZBA');
  });

  it('reads a German plate as German where German formats are enabled', () => {
    const r = applyFormatRules(ocr('BAB1234'), { enabled: ['eu'] });
    assert.equal(r.text, 'BAB1234');
    assert.equal(r.format, 'de');
  });

  it('keeps a UK "AB12 CDE" at a German site instead of bending it into a German layout', () => {
    const read = ocr('AB12CDE');
    assert.equal(applyFormatRules(read, { enabled: ['de'], foreignGuard: false }).text, 'ABIZC0E');
    const r = applyFormatRules(read, { enabled: ['de'] });
    assert.equal(r.text, 'AB12CDE');
    assert.equal(r.format, null);
  });

  it('reads a Romanian "B 123 ABC" at a Romanian site, and keeps it at a German one', () => {
    const ro = applyFormatRules(ocr('B123ABC'), { enabled: ['ro'] });
    assert.equal(ro.text, 'B123ABC');
    assert.equal(ro.format, 'ro');
    assert.equal(
      applyFormatRules(ocr('B123ABC'), { enabled: ['de'], foreignGuard: false }).text,
      'BI2348C',
    );
    const de = applyFormatRules(ocr('B123ABC'), { enabled: ['de'] });
    assert.equal(de.text, 'B123ABC');
    assert.equal(de.format, null);
  });

  it('keeps Belgian, Bulgarian and old French plates at a European site', () => {
    for (const [plate, forced] of [
      ['1ABC123', 'IABC123'], // Belgium 1-ABC-123, once bent to a German layout
      ['CA1234AB', 'CA123AAB'], // Bulgaria CA 1234 AB, once bent to Poland's
      ['1234AB56', 'IZ344BSG'], // France before 2009, once bent to a German layout
    ] as const) {
      const before = applyFormatRules(ocr(plate), { enabled: ['eu'], foreignGuard: false });
      assert.equal(before.text, forced, `${plate} without the guard`);
      assert.equal(applyFormatRules(ocr(plate), { enabled: ['eu'] }).text, plate);
    }
  });

  it("still corrects a near miss of the site's own format", () => {
    // Romanian CJ 12 ABC with the 2 read as Z (unsure): one look-alike swap.
    const r = applyFormatRules(ocr('CJ1ZABC', 0.95, { 3: 0.6 }), { enabled: ['ro'] });
    assert.equal(r.text, 'CJ12ABC');
    assert.equal(r.format, 'ro');
    assert.equal(r.swaps, 1);
    // Brazil: AEY1548 read AEYI548; Brazilian sites know no foreign layouts (see foreign-formats).
    const br = applyFormatRules(ocr('AEYI548', 0.95, { 3: 0.6 }), { enabled: ['br'] });
    assert.equal(br.text, 'AEY1548');
    assert.equal(br.format, 'br-old');
  });

  it('does not swap a character the OCR was sure of', () => {
    const unsure = applyFormatRules(ocr('CJ1ZABC', 0.95, { 3: 0.6 }), { enabled: ['ro'] });
    assert.equal(unsure.text, 'CJ12ABC');
    const sure = applyFormatRules(ocr('CJ1ZABC', 0.95, { 3: 0.995 }), { enabled: ['ro'] });
    assert.equal(sure.text, 'CJ1ZABC');
    assert.equal(sure.format, null);
    assert.equal(sure.alternates[0]?.text, 'CJ12ABC');
  });

  it('changes at most two characters', () => {
    // B 123 ABC read 8 1Z3 A8C (three unsure look-alikes) at a Romanian site.
    const read = ocr('81Z3A8C', 0.95, { 0: 0.6, 2: 0.6, 5: 0.6 });
    assert.equal(applyFormatRules(read, { enabled: ['ro'], foreignGuard: false }).text, 'B123ABC');
    assert.equal(applyFormatRules(read, { enabled: ['ro'] }).text, '81Z3A8C');
    assert.equal(
      applyFormatRules(read, { enabled: ['ro'], foreignGuard: { maxCorrections: 3 } }).text,
      'B123ABC',
    );
  });

  it('does not give a US vanity plate a digit it does not have', () => {
    // ETHERNT: the US generic format needs a digit (the old rules made the T a 1); a catch-all
    // cannot justify changing a read.
    const read = ocr('ETHERNT', 0.99, { 6: 0.9 });
    assert.equal(applyFormatRules(read, { enabled: ['us'], foreignGuard: false }).text, 'ETHERN1');
    const r = applyFormatRules(read, { enabled: ['us'] });
    assert.equal(r.text, 'ETHERNT');
    assert.equal(r.format, null);
    // A read that has its digit fits as read.
    assert.equal(applyFormatRules(ocr('7ABC123'), { enabled: ['us'] }).format, 'us-generic');
  });

  it('keeps a raw read of a foreign layout even when the site format is one swap away', () => {
    // I234BCD at a Spanish site: Spain's 1234 BCD with I for 1, or Romania's B 123 ABC layout.
    // The rules cannot tell; the raw read is kept and the Spanish reading is its first alternate.
    const r = applyFormatRules(ocr('I234BCD'), { enabled: ['es'] });
    assert.equal(r.text, 'I234BCD');
    assert.equal(r.alternates[0]?.text, '1234BCD');
  });

  it('knows European layouts at European sites only, and never the ones enabled', () => {
    const ro = foreignFormatsNear({ enabled: ['ro'] }).map((f) => f.id);
    assert.ok(ro.includes('de') && ro.includes('be') && ro.includes('gb'));
    assert.ok(!ro.includes('ro'));
    assert.ok(!ro.includes('au-nsw'), 'world layouts only where every format is enabled');
    assert.ok(foreignFormatsNear({ enabled: ['all'] }).some((f) => f.id === 'au-nsw'));
    assert.deepEqual(foreignFormatsNear({ enabled: ['br'] }), []);
    assert.deepEqual(foreignFormatsNear({ enabled: ['us'] }), []);
  });
});
