import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { singleCarResources } from '../../support/sample-lanes';
import { startHarness, type Harness } from '../../support/station-harness';

/** Resolves once the lane camera has delivered a frame, so a trigger has something to read. */
function firstFrame(h: Harness, laneId: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = h.station.events.subscribe((event, payload) => {
      if (event === 'lane:frame' && (payload as { laneId: string }).laneId === laneId) {
        stop();
        resolve();
      }
    });
  });
}

describe('a doubtful camera read never opens the gate by itself', () => {
  const resourcesDir = singleCarResources('BR07AAC');
  let h: Harness;
  before(async () => {
    // Every read counts as doubtful: the sample reader's 0.99 is below this threshold.
    h = await startHarness({ minReadConfidence: 1 }, { resourcesDir });
    await h.signIn('cashier');
    await firstFrame(h, 'entry-1');
  });
  after(async () => {
    await h.stop();
    rmSync(resourcesDir, { recursive: true, force: true });
  });

  it('asks the cashier, with the crop, and enters only once confirmed', async () => {
    const out = await h.call('lanes:trigger', { laneId: 'entry-1' });
    assert.equal(out?.kind, 'needs-confirmation');
    const gate = await h.station.devices.gates.get('entry-1')!.readState();
    assert.equal(gate.state, 'closed');

    const alert = (await h.call('alerts:list', {})).find((a) => a.kind === 'low-confidence-read')!;
    assert.equal(alert.plate, 'BR07AAC');
    assert.ok(alert.cropPhotoId, 'the plate crop is kept for the cashier');
    assert.equal(
      alert.lostTicketFeeMinor,
      null,
      'only a no-entry-record alert has a lost-ticket fee',
    );
    const crop = await h.call('photos:get', { photoId: alert.cropPhotoId! });
    assert.match(crop.dataUrl, /^data:image\/jpeg;base64,\/9j\//);
    assert.equal((await h.call('sessions:search', { query: 'BR07AAC', scope: 'lot' })).length, 0);

    const res = await h.call('alerts:resolve', {
      alertId: alert.id,
      action: 'confirm',
      plate: 'BR07AAC',
    });
    assert.equal(res.outcome.kind, 'entered');
    const [found] = await h.call('sessions:search', { query: 'BR07AAC', scope: 'lot' });
    assert.equal(found?.session.entryPhotoId, alert.photoId);
  });
});
