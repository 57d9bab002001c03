/**
 * Closing a serial link while it reads must not crash the process. Our hang-up-aware binding
 * once waited on the native poller after the port had closed and destroyed it: a segfault
 * (exit 139) at every close of a port being read. The child opens and closes a link five
 * times on a real pty pair.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

describe('closing a serial link', () => {
  it('ends the process cleanly, even while the link is reading', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'tests/integration/devices/open-close-link.ts'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    assert.equal(run.signal, null, `killed by ${run.signal}`);
    assert.equal(run.status, 0, `exit ${run.status}: ${run.stderr.slice(-500)}`);
    assert.match(run.stdout, /closed cleanly/);
  });
});
