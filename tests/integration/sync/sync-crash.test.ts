/**
 * kill -9 of the station's sync at random points, during pushes and during pulls, at least 100
 * times. Between kills more journal events happen and the operator sends more changes. After
 * the last restart sync drains, and the server holds every event exactly once, in per-aggregate
 * order, and every pulled change was applied exactly once.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { startHarness, type Harness } from '../reference-server/support/harness';
import { newDeviceSecret, openSyncRig } from '../../support/sync-rig';
import { assertExactlyOnce, register } from './support/server-checks';
import { prng } from '../../support/random';

const KILLS = Number(process.env.SYNC_KILLS ?? 100);

describe('sync killed with SIGKILL and restarted', { timeout: 900_000 }, () => {
  let h: Harness;
  let dir: string;
  let child: string;
  before(async () => {
    h = await startHarness('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'sync-crash-'));
    // Bundled once, so each restart takes a fraction of a second rather than a TypeScript
    // compile; packages stay external and resolve from the repository's node_modules.
    const out = join('node_modules', '.cache', 'station-tests');
    mkdirSync(out, { recursive: true });
    child = join(out, 'sync-child.mjs');
    await build({
      entryPoints: ['tests/integration/sync/support/sync-child.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: child,
      logLevel: 'error',
    });
  });
  after(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`resumes without loss or duplication after ${KILLS} kills`, async () => {
    const rand = prng(Number(process.env.SYNC_CRASH_SEED ?? 4242));
    const stationId = `st-${randomUUID().slice(0, 8)}`;
    const deviceSecret = newDeviceSecret();
    const key = randomBytes(32);
    await register(h, stationId, deviceSecret);
    // Small batches and pages: a round is many requests, so kills land inside pushes and pulls.
    const sync = { batchSize: 25, pullPageSize: 10, intervalSeconds: 0.05 };
    const local = () => openSyncRig({ dir, serverUrl: null, stationId, deviceSecret, key });

    let vehicles = 0;
    let appPayments = 0;
    const operatorDecides = async (n: number) => {
      const changes = Array.from({ length: n }, () => ({
        kind: 'vehicle',
        op: 'put',
        data: { plate: `K${String(vehicles++).padStart(5, '0')}`, memberId: null, label: null },
      }));
      assert.equal(
        (await h.admin.post('/admin/changes', { stations: [stationId], changes })).status,
        200,
      );
      await h.admin.post('/admin/app-payments', {
        stations: [stationId],
        plate: 'K00000',
        amountMinor: 300,
        currency: 'RON',
      });
      appPayments++;
    };

    const stats = { kills: 0, killedBeforeReady: 0, inPush: 0, inPull: 0, idle: 0 };
    for (let i = 0; i < KILLS; i++) {
      // Between runs: the booth goes on, the operator goes on.
      const rig = local();
      // Odd runs: nothing new to push, plenty to pull.
      rig.append(i % 2 ? 0 : 300, 40);
      await rig.close({ keep: true });
      await operatorDecides(i % 2 ? 40 : 4);

      const proc = spawn(
        process.execPath,
        [
          child,
          JSON.stringify({
            dir,
            serverUrl: h.url,
            stationId,
            deviceSecret,
            keyHex: key.toString('hex'),
            sync,
          }),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      // Killed a random time after sync started: inside a push, a pull, or between them.
      const ready = await new Promise<boolean>((resolve) => {
        proc.stdout.once('data', () => resolve(true));
        proc.once('exit', () => resolve(false));
      });
      if (!ready) stats.killedBeforeReady++;
      await new Promise((r) => setTimeout(r, rand() * 300));
      proc.kill('SIGKILL');
      await new Promise((r) => proc.once('exit', r));
      stats.kills++;
      // Where the kill landed: with events still to push, changes still to pull, or idle.
      const after = local();
      if (after.journal.countAfter(after.repos.sync.pushedThrough()).count > 0) stats.inPush++;
      else if (after.repos.referenceData.ofKind('vehicle').length < vehicles) stats.inPull++;
      else stats.idle++;
      await after.close({ keep: true });
    }

    // The last start runs to the end.
    const rig = openSyncRig({ dir, serverUrl: h.url, stationId, deviceSecret, key, sync });
    let status = await rig.sync.now();
    status = await rig.sync.now();
    assert.equal(status.lastError, null);
    assert.equal(status.pendingEvents, 0);
    assert.equal(status.held.length, 0, JSON.stringify(status.held));
    const events = await assertExactlyOnce(h, stationId, rig.db);
    assert.equal(rig.repos.referenceData.ofKind('vehicle').length, vehicles);
    assert.equal(
      rig.db
        .prepare(`SELECT COUNT(*) FROM journal WHERE type = 'appPayment.received'`)
        .pluck()
        .get(),
      appPayments,
    );
    console.log(JSON.stringify({ ...stats, events, vehicles, appPayments }));
    assert.ok(
      stats.kills - stats.killedBeforeReady >= KILLS * 0.8,
      'most kills hit a running sync',
    );
    await rig.close();
  });
});
