import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { requestKey, startHarness, type Harness } from '../../support/station-harness';

const mode = (path: string) => statSync(path).mode & 0o777;

/** Every file under `dir`, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );
}

describe("the data directory is the station user's alone", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.signIn('cashier');
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'PERM001' });
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(30);
    const quote = await h.call('sessions:quote', { sessionId });
    const printed = h.nextReceipt();
    await h.call('payments:cash', {
      sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    });
    await printed;
  });
  after(() => h.stop());

  it('keeps the folder 0700 and the database, photos, receipts and secrets 0600', () => {
    assert.equal(mode(h.dataDir).toString(8), '700');
    const all = files(h.dataDir);
    for (const wanted of ['station.db', 'secrets.json', '.jpg', 'receipt']) {
      assert.ok(
        all.some((f) => f.includes(wanted)),
        `the run left a ${wanted} file to check`,
      );
    }
    const open = all
      .filter((f) => (mode(f) & 0o077) !== 0)
      .map((f) => `${f} ${mode(f).toString(8)}`);
    assert.deepEqual(open, [], 'no file is readable by group or others');
    const dirs = [h.dataDir, join(h.dataDir, 'photos'), join(h.dataDir, 'receipts')];
    for (const d of dirs) assert.equal(mode(d) & 0o077, 0, `${d} is closed to others`);
  });
});
