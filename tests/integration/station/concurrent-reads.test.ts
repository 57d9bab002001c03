/**
 * Two busy lanes and a cashier typing: many manual reads and triggers in flight at once on every
 * lane must all be answered, and the station must not fall over.
 *
 * Each manual read encodes the lane's frame as its photo on the thread pool. Before the fix, the
 * Mats those encodes and the camera made were left to the GC, and opencv4nodejs's allocator called
 * into V8 from the GC's finalizers: a V8 fatal error ("Check failed: marking_done_") within
 * seconds. The station runs in a child process under V8's --stress-incremental-marking; the old
 * code died on 4 of 4 runs of this test's load.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./concurrent-reads.child.ts', import.meta.url));
const ROUNDS = 10;
const PER_LANE = 30;

describe('concurrent reads on every lane', () => {
  it('answers every manual read and trigger, and the process exits cleanly', () => {
    const child = spawnSync(
      process.execPath,
      ['--stress-incremental-marking', '--import', 'tsx', CHILD, String(ROUNDS), String(PER_LANE)],
      { encoding: 'utf8' },
    );
    const tail = child.stderr.slice(-3000);
    assert.equal(child.signal, null, `died by ${child.signal}: ${tail}`);
    assert.equal(child.status, 0, tail);
    const { lanes, answers, messages } = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
      lanes: number;
      answers: Record<string, number>;
      messages: string[];
    };
    assert.ok(lanes >= 2, 'an entry and an exit lane');
    const requests = ROUNDS * PER_LANE * lanes;
    const total = Object.values(answers).reduce((a, b) => a + b, 0);
    assert.equal(total, requests, 'every request got an answer');
    // One request in ten has a plate the domain rejects. The rest are outcomes; a gate command
    // that fails under this load may answer with a fault, but nothing else fails.
    assert.equal(answers.INVALID_PAYLOAD, requests / 10);
    const unexpected = Object.keys(answers).filter(
      (code) => !['ok', 'INVALID_PAYLOAD', 'DEVICE_FAULT'].includes(code),
    );
    assert.deepEqual(unexpected, [], messages.join('\n'));
  });
});
