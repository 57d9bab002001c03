/**
 * A lane's region of interest (issue 12) on a whole station with the real ONNX reader in its
 * worker: a manager sets it (a cashier may not), every console hears it with the lane, the
 * journal records who changed it from what to what, it outlives a restart, and the reader looks
 * only inside it: a plate outside the ROI is not read.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LaneView } from '../../../src-shared';
import { loadStationConfig } from '../../../src-main/app/config';
import { startStation } from '../../../src-main/app/station';
import { createLogger } from '../../../src-main/platform/logger';
import { MemorySecretStore } from '../../../src-main/platform/secret-store';
import { singleCarResources } from '../../support/sample-lanes';
import { demoPin, queryFile, startHarness, type Harness } from '../../support/station-harness';

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

// entry-001.jpg (1280×720): the plate BR07AAC at x 518–780, y 444–506.
const SKY = { x: 0, y: 0, w: 0.35, h: 0.5 };
const AROUND_PLATE = { x: 0.3, y: 0.5, w: 0.45, h: 0.35 };

describe('a lane region of interest', { timeout: 120_000 }, () => {
  const resourcesDir = singleCarResources('BR07AAC');
  let h: Harness;
  /** The station started again on the same data dir (the harness stops only its own). */
  let restarted: Awaited<ReturnType<typeof startStation>> | null = null;
  before(async () => {
    h = await startHarness({}, { resourcesDir });
    await h.signIn('cashier', 'till');
    await h.signIn('manager', 'office');
    await firstFrame(h, 'entry-1');
  });
  after(async () => {
    await restarted?.stop();
    await h.stop();
    rmSync(resourcesDir, { recursive: true, force: true });
  });

  it('is a manager’s setting, checked, journaled and pushed with the lane', async () => {
    const refused = await h.raw('lanes:setRoi', { laneId: 'entry-1', roi: SKY }, 'till');
    assert.equal(refused.ok ? 'ok' : refused.error.code, 'NOT_ALLOWED');
    const outside = await h.raw(
      'lanes:setRoi',
      { laneId: 'entry-1', roi: { x: 0.8, y: 0, w: 0.5, h: 0.5 } },
      'office',
    );
    assert.equal(outside.ok ? 'ok' : outside.error.code, 'INVALID_PAYLOAD');

    const heard: LaneView[] = [];
    const stop = h.station.events.subscribe((event, payload) => {
      if (event === 'lane:updated') heard.push(payload as LaneView);
    });
    const view = await h.call('lanes:setRoi', { laneId: 'entry-1', roi: SKY }, 'office');
    stop();
    assert.deepEqual(view.roi, SKY);
    assert.deepEqual(heard.at(-1)?.roi, SKY);
    const listed = await h.call('lanes:list', {}, 'till');
    assert.deepEqual(listed.find((l) => l.id === 'entry-1')?.roi, SKY);
    assert.equal(listed.find((l) => l.id === 'exit-1')?.roi, null);

    const journaled = queryFile<{ actor: string; aggregate_id: string; payload_json: string }>(
      join(h.dataDir, 'station.db'),
      `SELECT actor, aggregate_id, payload_json FROM journal WHERE type = 'settings.changed'`,
    );
    assert.deepEqual(
      journaled.map((e) => [e.actor, e.aggregate_id, JSON.parse(e.payload_json)]),
      [
        [
          'manager',
          'lane.roi.entry-1',
          { setting: 'lane.roi', lane: 'entry-1', from: null, to: '0,0,0.35,0.5' },
        ],
      ],
    );
  });

  it('the reader ignores the plate outside it, and reads it inside', async () => {
    assert.equal(await h.call('lanes:trigger', { laneId: 'entry-1' }, 'till'), null);
    await h.call('lanes:setRoi', { laneId: 'entry-1', roi: AROUND_PLATE }, 'office');
    const inside = await h.call('lanes:trigger', { laneId: 'entry-1' }, 'till');
    assert.notEqual(inside, null);
    const lane = (await h.call('lanes:list', {}, 'till')).find((l) => l.id === 'entry-1');
    assert.equal(lane?.lastRead?.plate, 'BR07AAC');
  });

  it('outlives a restart, and clearing it gives the whole frame back', async () => {
    await h.station.stop();
    const config = loadStationConfig({ dataDir: h.dataDir, resourcesDir, demo: true });
    restarted = await startStation(config, {
      mode: 'headless',
      secrets: new MemorySecretStore(),
      log: createLogger('test', true),
    });
    const station = restarted;
    const invoke = (channel: string, payload: unknown, callerId = 'after-restart') =>
      station.dispatcher.invoke(channel, payload, { callerId, trustedSender: true });
    const listed = await invoke('lanes:list', {});
    assert.ok(listed.ok);
    assert.deepEqual(
      (listed.value as LaneView[]).find((l) => l.id === 'entry-1')?.roi,
      AROUND_PLATE,
    );

    await invoke('operator:signIn', { name: 'manager', pin: demoPin('manager') }, 'office2');
    const cleared = await invoke('lanes:setRoi', { laneId: 'entry-1', roi: null }, 'office2');
    assert.ok(cleared.ok, JSON.stringify(cleared));
    assert.equal((cleared.value as LaneView).roi, null);
    const last = queryFile<{ payload_json: string }>(
      join(h.dataDir, 'station.db'),
      `SELECT payload_json FROM journal WHERE type = 'settings.changed' ORDER BY seq DESC LIMIT 1`,
    );
    assert.deepEqual(JSON.parse(last[0]!.payload_json), {
      setting: 'lane.roi',
      lane: 'entry-1',
      from: '0.3,0.5,0.45,0.35',
      to: null,
    });
  });
});
