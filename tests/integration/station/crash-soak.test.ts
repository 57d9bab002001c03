/**
 * The short version of `npm run soak:crash`: a handful of SIGKILLs around payments and lost
 * tickets, a restart after each, and the money invariants checked every time. The full soak
 * runs 500 kills; this one keeps the whole path (child station, kill, replay, checks) honest
 * in every test run.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';

it('a station killed at random points around payments keeps every money invariant', () => {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/soak-crash.ts', '--iterations', '6'],
    { encoding: 'utf8', timeout: 300_000 },
  );
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  const summary = JSON.parse(last) as { ok: boolean; kills: number; failures: string[] };
  assert.deepEqual(summary.failures, [], run.stderr.slice(-2000));
  assert.equal(summary.ok, true);
  assert.equal(summary.kills, 6);
  assert.equal(run.status, 0);
});
