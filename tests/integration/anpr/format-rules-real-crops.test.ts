/**
 * The format rules' foreign-car guard (src-main/anpr/foreign-guard.ts) on REAL crops, through the
 * real models: the OCR reads each crop once (as `anpr:eval --pack` does: band fill, two-line
 * split), then the rules choose with and without the guard.
 *
 * The crops are not committed (the pack's eu-crops and br-crops are AGPL-3.0): they are read by
 * path ($ANPR_DATA, default ../shared/anpr-data), and the suite is skipped, saying so, without it.
 * The first 150 labelled crops of each set, in file order: a fixed, untuned sample.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import cv from '../../../src-main/camera/opencv';
import type { OcrPosition } from '../../../src-main/anpr/ctc';
import { applyFormatRules } from '../../../src-main/anpr/format-rules';
import { loadPlateModels, type PlateModels } from '../../../src-main/anpr/onnx-models';
import { recognisePlates } from '../../../src-main/anpr/ocr';
import { rectifyWholeImage } from '../../../src-main/anpr/rectify';
import { loadPack } from '../../../scripts/anpr-pack';

const PACK = path.resolve(process.env.ANPR_DATA ?? path.join('..', 'shared', 'anpr-data'));
const skip = existsSync(path.join(PACK, 'PROVENANCE.md'))
  ? false
  : `anpr-data pack not found at ${PACK} (set ANPR_DATA)`;
const SAMPLE = 150;

interface Read {
  plate: string;
  positions: OcrPosition[];
}

describe('format rules on the pack’s real crops', { skip }, () => {
  let models: PlateModels;
  const reads = new Map<string, Read[]>();

  before(async () => {
    models = await loadPlateModels({ modelsDir: 'models', intraOpNumThreads: 1 });
    for (const src of loadPack(PACK).filter(
      (s) => s.name === 'eu-one-line' || s.name === 'br-heldout',
    )) {
      const out: Read[] = [];
      for (const row of src.rows.filter((r) => r.plate).slice(0, SAMPLE)) {
        const img = cv.imread(row.image);
        const rect = rectifyWholeImage(img, models.ocrManifest.input.twoLineAspectBelow, 'fill');
        const [ocr] = await recognisePlates(models.ocr, models.ocrManifest, [rect.ocrInput]);
        out.push({ plate: row.plate, positions: ocr?.positions ?? [] });
      }
      reads.set(src.name, out);
    }
  });
  after(async () => {
    await models?.release();
  });

  /** Exact reads of a set: raw OCR, the rules without the guard, the rules with it. */
  function exact(
    name: string,
    enabled: string[],
  ): { raw: number; forced: number; guarded: number } {
    const rs = reads.get(name)!;
    assert.equal(rs.length, SAMPLE, `${name}: ${SAMPLE} labelled crops read`);
    const count = (text: (r: Read) => string) => rs.filter((r) => text(r) === r.plate).length;
    return {
      raw: count((r) => r.positions.map((p) => p.char).join('')),
      forced: count((r) => applyFormatRules(r, { enabled, foreignGuard: false }).text),
      guarded: count((r) => applyFormatRules(r, { enabled }).text),
    };
  }

  it('reads more European plates right than the forced rules, and no fewer than the raw OCR', () => {
    const e = exact('eu-one-line', ['eu']);
    assert.ok(e.guarded > e.forced, `guarded ${e.guarded} vs forced ${e.forced} of ${SAMPLE}`);
    assert.ok(e.guarded >= e.raw, `guarded ${e.guarded} vs raw OCR ${e.raw} of ${SAMPLE}`);
  });

  it('loses no Brazilian read at a Brazilian site', () => {
    const b = exact('br-heldout', ['br']);
    assert.ok(b.guarded >= b.forced, `guarded ${b.guarded} vs forced ${b.forced} of ${SAMPLE}`);
    assert.ok(b.guarded >= b.raw, `guarded ${b.guarded} vs raw OCR ${b.raw} of ${SAMPLE}`);
  });
});
