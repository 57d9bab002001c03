import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  CALIBRATION_FILE,
  FEATURE_NAMES,
  calibrate,
  chooseThreshold,
  expectedCalibrationError,
  fitIsotonic,
  fitLogistic,
  interpolateIsotonic,
  loadCalibration,
  logisticScore,
  parseCalibration,
  precisionCoverage,
  readFeatures,
  shrinkIsotonic,
  type CalibrationMap,
} from '../../../src-main/anpr/calibration';
import { prng } from '../../support/random';

const N = FEATURE_NAMES.length;

function map(over: Partial<CalibrationMap> = {}): CalibrationMap {
  return {
    kind: 'logistic+isotonic',
    version: '1',
    features: [...FEATURE_NAMES],
    mean: new Array<number>(N).fill(0),
    std: new Array<number>(N).fill(1),
    weights: [2, 1, 0.5, 1, -0.5, 0, -0.3, 0.4, 0, -0.2],
    bias: 1,
    isotonic: { x: [0.1, 0.5, 0.9], y: [0.05, 0.4, 0.97] },
    gateThreshold: 0.9,
    ...over,
  };
}

describe('calibration map', () => {
  it('interpolates the isotonic knots, flat outside them', () => {
    const k = { x: [0.2, 0.6], y: [0.1, 0.5] };
    assert.equal(interpolateIsotonic(k, 0), 0.1);
    assert.equal(interpolateIsotonic(k, 1), 0.5);
    assert.ok(Math.abs(interpolateIsotonic(k, 0.4) - 0.3) < 1e-12);
  });

  it('is monotone: a higher pipeline confidence never gets a lower calibrated one', () => {
    const m = map();
    let prev = -1;
    for (let c = 0.001; c <= 1; c += 0.001) {
      const f = readFeatures({
        rawConfidence: c,
        charProbs: [Math.sqrt(c), 0.99],
        alternateConfidence: null,
        format: 'ro',
        swaps: 0,
        length: 7,
        twoLine: false,
      });
      const v = calibrate(m, f);
      assert.ok(v >= prev - 1e-12, `calibrated ${v} < ${prev} at raw ${c}`);
      assert.ok(v >= 0 && v <= 1);
      prev = v;
    }
  });

  it('fits a monotone map that tracks the real hit rate (PAV + shrink)', () => {
    const rand = prng(7);
    // Truth: P(exact) = raw², so raw 0.9 is right 81% of the time (an over-confident pipeline).
    const samples = Array.from({ length: 3000 }, () => {
      const raw = rand();
      const features = readFeatures({
        rawConfidence: raw,
        charProbs: [raw],
        alternateConfidence: null,
        format: 'br-old',
        swaps: 0,
        length: 7,
        twoLine: false,
      });
      return { features, raw, exact: rand() < raw * raw };
    });
    const lr = fitLogistic(samples);
    const proto = map({ ...lr, isotonic: { x: [0, 1], y: [0, 1] } });
    const pav = fitIsotonic(
      samples.map((s) => ({ score: logisticScore(proto, s.features), exact: s.exact })),
    );
    for (let i = 1; i < pav.x.length; i++) {
      assert.ok(pav.x[i]! > pav.x[i - 1]!);
      assert.ok(pav.y[i]! >= pav.y[i - 1]!);
    }
    assert.equal(
      pav.n.reduce((a, b) => a + b, 0),
      samples.length,
    );
    const shrunk = shrinkIsotonic(pav);
    assert.ok(
      shrunk.y.every((y) => y > 0 && y < 1),
      'shrunk rates stay inside (0, 1)',
    );
    const fitted = parseCalibration(map({ ...lr, isotonic: shrunk }));
    const at = (raw: number): number =>
      calibrate(
        fitted,
        readFeatures({
          rawConfidence: raw,
          charProbs: [raw],
          alternateConfidence: null,
          format: 'br-old',
          swaps: 0,
          length: 7,
          twoLine: false,
        }),
      );
    assert.ok(Math.abs(at(0.9) - 0.81) < 0.08, `P(exact | raw 0.9) ≈ 0.81, got ${at(0.9)}`);
    assert.ok(Math.abs(at(0.5) - 0.25) < 0.08, `P(exact | raw 0.5) ≈ 0.25, got ${at(0.5)}`);
    const cal = samples.map((s) => ({ confidence: calibrate(fitted, s.features), exact: s.exact }));
    const raw = samples.map((s) => ({ confidence: s.raw, exact: s.exact }));
    assert.ok(expectedCalibrationError(cal) < expectedCalibrationError(raw) / 2);
  });

  it('rejects a map that is not monotone or does not match the reader’s features', () => {
    assert.throws(
      () => parseCalibration(map({ isotonic: { x: [0.1, 0.5], y: [0.6, 0.4] } })),
      /not monotone/,
    );
    assert.throws(() => parseCalibration(map({ features: ['logitConf'] })), /do not match/);
    assert.throws(() => parseCalibration({ kind: 'platt' }), /malformed/);
  });

  it('loads the file next to the models, or falls back to identity with a log line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'anpr-cal-'));
    const lines: string[] = [];
    const identity = await loadCalibration(dir, (l) => lines.push(l));
    assert.equal(identity.map, null);
    assert.equal(identity.apply([1, 2, 3], 0.42), 0.42);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /no confidence calibration/);
    writeFileSync(path.join(dir, CALIBRATION_FILE), JSON.stringify(map()));
    const loaded = await loadCalibration(dir, (l) => lines.push(l));
    assert.equal(lines.length, 1, 'no log line when the file is there');
    const f = new Array<number>(N).fill(0.3);
    assert.equal(loaded.apply(f, 0.42), calibrate(map(), f));
    writeFileSync(path.join(dir, CALIBRATION_FILE), '{"kind":"logistic+isotonic"}');
    await assert.rejects(loadCalibration(dir), /malformed/);
  });
});

describe('gate precision and coverage', () => {
  // A tiny labelled set: 6 text rows, one without any read.
  const rows = [
    { confidence: 0.99, exact: true },
    { confidence: 0.95, exact: true },
    { confidence: 0.9, exact: false },
    { confidence: 0.8, exact: true },
    { confidence: 0.3, exact: false },
    { confidence: null, exact: false },
  ];

  it('counts precision over accepted reads and coverage over all labelled rows', () => {
    assert.deepEqual(precisionCoverage(rows, 0.9), {
      threshold: 0.9,
      accepted: 3,
      acceptedExact: 2,
      precision: 2 / 3,
      coverage: 3 / 6,
      total: 6,
    });
    const none = precisionCoverage(rows, 1);
    assert.equal(none.precision, null);
    assert.equal(none.coverage, 0);
    assert.equal(precisionCoverage([], 0.5).coverage, null);
  });

  it('chooses the lowest threshold that keeps the target precision', () => {
    assert.equal(chooseThreshold(rows, 1), 0.95);
    assert.equal(chooseThreshold(rows, 0.75), 0.8);
    assert.equal(chooseThreshold(rows, 1, 3), 1, 'too few reads at the only perfect cut');
    // Ties are accepted together: the cut at 0.9 takes both reads at 0.9.
    const tied = [
      { confidence: 0.9, exact: true },
      { confidence: 0.9, exact: false },
      { confidence: 0.95, exact: true },
    ];
    assert.equal(chooseThreshold(tied, 0.99), 0.95);
  });
});
