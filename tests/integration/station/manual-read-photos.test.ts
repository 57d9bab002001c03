/**
 * A manual read the domain rejects is refused before the lane photo is taken: no photo row, no
 * JPEG on disk. (Before, every refused request still saved ~40 kB of evidence photo.)
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { after, before, describe, it } from 'node:test';
import { startHarness, type Harness } from '../../support/station-harness';

function photoRows(h: Harness): number {
  const db = new Database(join(h.dataDir, 'station.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM photos').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function photoFiles(h: Harness): number {
  try {
    return readdirSync(join(h.dataDir, 'photos'), { recursive: true }).filter((f) =>
      String(f).endsWith('.jpg'),
    ).length;
  } catch {
    return 0; // no photo saved yet: the folder is made with the first one
  }
}

/** Resolves once every lane has published a camera frame, so a manual read has a photo to take. */
function framesOnEveryLane(h: Harness, laneIds: string[]): Promise<void> {
  return new Promise((resolve) => {
    const seen = new Set<string>();
    const stop = h.station.events.subscribe((event, payload) => {
      if (event !== 'lane:frame') return;
      seen.add((payload as { laneId: string }).laneId);
      if (laneIds.every((id) => seen.has(id))) {
        stop();
        resolve();
      }
    });
  });
}

describe('manual reads and evidence photos', () => {
  let h: Harness;
  let laneIds: string[];
  before(async () => {
    h = await startHarness();
    await h.signIn('cashier');
    laneIds = (await h.call('lanes:list', {})).map((l) => l.id);
    await framesOnEveryLane(h, laneIds);
  });
  after(() => h.stop());

  // Each passes the channel's schema (1 to 16 characters) and fails normalizePlate.
  const rejected = ['A', 'A-', ' . ', 'ABCDEFGHIJK', 'B 123 ÄBC', '🚗🚗🚗', "'; DROP--", 'B1@3'];

  it('refuses plates the domain rejects without saving a photo', async () => {
    const rows = photoRows(h);
    const files = photoFiles(h);
    for (const laneId of laneIds) {
      for (const plate of rejected) {
        const result = await h.raw('lanes:manualRead', { laneId, plate });
        assert.equal(result.ok, false, plate);
        assert.equal(!result.ok && result.error.code, 'INVALID_PAYLOAD', plate);
      }
    }
    assert.equal(photoRows(h), rows, 'no photo rows');
    assert.equal(photoFiles(h), files, 'no photo files');
  });

  it('still saves one photo for an accepted manual read', async () => {
    const rows = photoRows(h);
    const files = photoFiles(h);
    const outcome = await h.call('lanes:manualRead', { laneId: laneIds[0]!, plate: 'b 100-xyz' });
    assert.ok(outcome.kind, 'an outcome');
    assert.equal(photoRows(h), rows + 1);
    assert.equal(photoFiles(h), files + 1);
  });
});
