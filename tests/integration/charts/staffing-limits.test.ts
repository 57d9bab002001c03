/**
 * The forecast's staffing limits (issue 11's staffing hint: the hours over the capacity or a
 * configured cashier load are marked) are a manager's station setting on a whole station with a
 * real SQLite file: none until set, set by a manager (a cashier is refused), refused when out of
 * range, journaled with who set them (the same again journals nothing), and the same after a
 * restart.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { queryFile, startHarness, type Harness } from '../../support/station-harness';

it(
  'are a manager’s setting, journaled, and kept across a restart',
  { timeout: 120_000 },
  async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'staffing-limits-'));
    let h: Harness = await startHarness({}, { dataDir });
    try {
      await h.signIn('manager', 'office');
      await h.signIn('cashier', 'till');
      assert.deepEqual(await h.call('charts:limits', {}, 'office'), {
        capacityPerHour: null,
        cashierLoadPerHour: null,
        cashiers: 1,
      });
      const limits = { capacityPerHour: 40, cashierLoadPerHour: 12, cashiers: 2 };
      const byCashier = await h.raw('charts:setLimits', limits, 'till');
      assert.equal(byCashier.ok ? 'ok' : byCashier.error.code, 'NOT_ALLOWED');
      const outOfRange = await h.raw('charts:setLimits', { ...limits, cashiers: 0 }, 'office');
      assert.equal(outOfRange.ok, false);

      assert.deepEqual(await h.call('charts:setLimits', limits, 'office'), limits);
      // The same again: nothing changes, nothing more is journaled.
      await h.call('charts:setLimits', limits, 'office');
      const cleared = { ...limits, capacityPerHour: null };
      await h.call('charts:setLimits', cleared, 'office');
      const journaled = queryFile<{ actor: string; payload_json: string }>(
        join(dataDir, 'station.db'),
        `SELECT actor, payload_json FROM journal WHERE type = 'charts.staffingLimitsSet' ORDER BY seq`,
      ).map((e) => [e.actor, JSON.parse(e.payload_json) as unknown]);
      assert.deepEqual(journaled, [
        ['manager', limits],
        ['manager', cleared],
      ]);

      await h.stop();
      h = await startHarness({}, { dataDir });
      await h.signIn('manager', 'office');
      assert.deepEqual(await h.call('charts:limits', {}, 'office'), cleared);
    } finally {
      await h.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
);
