import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { trainForecaster } from '../../../src-shared/domain/forecast';
import { retrainInBackground } from '../../../src-main/forecast/background-retrain';
import { CITY_STATION } from '../../../src-main/forecast/demo-sites';
import { generateStationHistory } from '../../../src-main/forecast/station-history';

describe('background retraining in a worker thread', () => {
  const history = generateStationHistory(CITY_STATION, 11, '2026-01-05', 20);
  const job = { series: history.series, site: history.site };

  it('reports monotone progress from 0 to 1 and returns the in-process model', async () => {
    const progress: number[] = [];
    let ticks = 0;
    // The main thread stays free while the worker trains: a timer keeps firing.
    const timer = setInterval(() => ticks++, 5);
    const model = await retrainInBackground(job, (f) => progress.push(f));
    clearInterval(timer);

    assert.equal(progress[0], 0);
    assert.equal(progress.at(-1), 1);
    assert.ok(progress.length >= 3, `progress ${progress.join(', ')}`);
    progress.forEach((f, i) => i > 0 && assert.ok(f >= progress[i - 1]!, progress.join(', ')));
    assert.ok(ticks > 0, 'the event loop ran while the worker trained');
    assert.deepEqual(model, trainForecaster(job.series, job.site));
  });

  it('rejects with the worker’s reason when training fails', async () => {
    await assert.rejects(
      retrainInBackground({ series: [], site: history.site }),
      /forecast retraining failed: a forecast needs at least one hour of history/,
    );
  });
});
