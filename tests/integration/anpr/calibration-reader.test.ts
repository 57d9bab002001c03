/**
 * The shipped confidence calibration (models/plate-calibration.json) applied by the real reader:
 * REAL ONNX inference on the committed MIT sample frames (resources/sample-lanes).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import cv from '../../../src-main/camera/opencv';
import { CALIBRATION_FILE, calibrate, parseCalibration } from '../../../src-main/anpr/calibration';
import { MODEL_FILES } from '../../../src-main/anpr/onnx-models';
import { OnnxPlateReader } from '../../../src-main/anpr/onnx-plate-reader';

const MODELS = process.env.ANPR_MODELS ?? 'models';
const FRAMES = ['entry/entry-001.jpg', 'entry/entry-004.jpg', 'exit/exit-002-no-entry.jpg'].map(
  (f) => path.join('resources/sample-lanes', f),
);

describe('calibrated read confidence in the ONNX reader', () => {
  let calibrated: OnnxPlateReader;
  let identity: OnnxPlateReader;
  const logLines: string[] = [];
  const map = parseCalibration(
    JSON.parse(readFileSync(path.join(MODELS, CALIBRATION_FILE), 'utf8')),
  );

  before(async () => {
    const lines: string[] = [];
    calibrated = await OnnxPlateReader.load({
      modelsDir: MODELS,
      formats: { enabled: ['ro'] },
      log: (l) => lines.push(l),
    });
    assert.deepEqual(lines, [], 'no "missing calibration" line when the file ships');
    // Same models without the calibration file: the station keeps working on raw scores.
    const bare = mkdtempSync(path.join(os.tmpdir(), 'anpr-models-'));
    for (const f of Object.values(MODEL_FILES))
      symlinkSync(path.resolve(MODELS, f), path.join(bare, f));
    identity = await OnnxPlateReader.load({
      modelsDir: bare,
      formats: { enabled: ['ro'] },
      log: (l) => logLines.push(l),
    });
  });
  after(async () => {
    await calibrated?.dispose();
    await identity?.dispose();
  });

  it('applies the shipped map to every read and recommends its gate threshold', async () => {
    assert.equal(calibrated.recommendedGateThreshold, map.gateThreshold);
    let n = 0;
    for (const file of FRAMES) {
      const { reads } = await calibrated.readMat(cv.imread(file));
      for (const r of reads) {
        n++;
        assert.equal(r.confidence, calibrate(map, r.features), `${file} ${r.text}`);
        assert.ok(r.confidence >= 0 && r.confidence <= 1);
        for (const a of r.alternates) assert.ok(a.confidence <= r.confidence);
      }
    }
    assert.ok(n >= FRAMES.length, `expected a read per frame, got ${n}`);
  });

  it('falls back to the raw score, with a log line, when the file is absent', async () => {
    assert.equal(identity.recommendedGateThreshold, null);
    assert.equal(logLines.length, 1);
    assert.match(logLines[0]!, /no confidence calibration .*plate-calibration\.json not found/);
    for (const file of FRAMES) {
      const raw = (await identity.readMat(cv.imread(file))).reads;
      const cal = (await calibrated.readMat(cv.imread(file))).reads;
      assert.deepEqual(
        raw.map((r) => r.text),
        cal.map((r) => r.text),
        'calibration changes confidences, never texts',
      );
      for (const r of raw) assert.equal(r.confidence, r.rawConfidence);
      raw.forEach((r, i) => assert.equal(cal[i]!.rawConfidence, r.rawConfidence));
    }
  });

  it('uses raw scores when told to (calibration: null), even with the file there', async () => {
    const raw = await OnnxPlateReader.load({
      modelsDir: MODELS,
      formats: { enabled: ['ro'] },
      calibration: null,
    });
    try {
      assert.equal(raw.recommendedGateThreshold, null);
      const { reads } = await raw.readMat(cv.imread(FRAMES[0]!));
      assert.ok(reads.length > 0);
      for (const r of reads) assert.equal(r.confidence, r.rawConfidence);
    } finally {
      await raw.dispose();
    }
  });

  it('keeps the known misread of entry-004 below the gate', async () => {
    const { reads } = await calibrated.readMat(cv.imread(FRAMES[1]!));
    const wrong = reads.filter((r) => r.text !== 'B58DTK');
    for (const r of wrong) assert.ok(r.confidence < map.gateThreshold, `${r.text} ${r.confidence}`);
  });
});
