import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_HISTORY, DEMO_STATION, GENERATED_SITES } from '../../../src-main/forecast/demo-sites';
import { evaluateHistory } from '../../../src-main/forecast/evaluate-site';
import { generateStationHistory } from '../../../src-main/forecast/station-history';

/**
 * The target, on fixed seeds: the model's WAPE at least 20 % below seasonal-naive's in a
 * 16-week rolling-origin backtest, on the demo site, on the demo booth's own data (the same site
 * at a quarter of its size, noisier hours) and on the differently shaped mall.
 * An accuracy check (deterministic), not a timing one.
 */
describe('forecast accuracy against seasonal-naive', () => {
  for (const shape of [...GENERATED_SITES, DEMO_STATION]) {
    it(`beats it by at least 20 % WAPE on ${shape.id}`, () => {
      const history = generateStationHistory(shape, 2026, DEMO_HISTORY.from, DEMO_HISTORY.weeks);
      const r = evaluateHistory(history);
      const figures = `model ${r.modelWape.toFixed(4)}, baseline ${r.baselineWape.toFixed(4)}`;
      assert.equal(r.hours, 16 * 168);
      assert.ok(r.improvement >= 0.2, `improvement ${r.improvement.toFixed(3)} (${figures})`);
      // An 80 % interval that covers far less (or nearly everything) is mis-sized.
      assert.ok(r.coverage > 0.7 && r.coverage < 0.9, `coverage ${r.coverage.toFixed(3)}`);
    });
  }
});
