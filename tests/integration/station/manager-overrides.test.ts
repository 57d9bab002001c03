import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { startHarness, type Harness } from '../../support/station-harness';

describe('manager overrides are reasoned and audited', () => {
  let h: Harness;
  let sessionId = '';
  before(async () => {
    h = await startHarness();
    await h.signIn('manager');
    const out = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'TM10ABC' });
    assert.equal(out.kind, 'entered');
    sessionId = out.kind === 'entered' ? out.sessionId : '';
    h.clock.advanceMinutes(90);
  });
  after(() => h.stop());

  it('lists cars in the lot with fee so far', async () => {
    const lot = await h.call('lot:list', {});
    const row = lot.find((r) => r.session.id === sessionId)!;
    assert.ok(row.feeSoFarMinor > 0);
    assert.equal(row.dueMinor, row.feeSoFarMinor);
  });

  it('corrects a plate, marks paid, deletes the paid record, each in the audit log', async () => {
    const corrected = await h.call('lot:correctPlate', {
      sessionId,
      plate: 'TM10ABD',
      reason: 'camera misread D',
    });
    assert.equal(corrected.plate, 'TM10ABD');
    const deleteUnpaid = await h.raw('lot:deleteRecord', { sessionId, reason: 'gone' });
    assert.equal(!deleteUnpaid.ok && deleteUnpaid.error.code, 'CONFLICT');
    const paid = await h.call('lot:markPaid', { sessionId, reason: 'season ticket holder' });
    assert.equal(paid.state, 'paid');
    const deleted = await h.call('lot:deleteRecord', {
      sessionId,
      reason: 'left while exit camera was down',
    });
    assert.equal(deleted.state, 'deleted');

    const audit = await h.call('audit:list', { limit: 20 });
    const mine = audit
      .filter((a) => a.subject === sessionId)
      .map((a) => [a.action, a.reason, a.actor]);
    assert.deepEqual(mine.reverse(), [
      ['plate-correction', 'camera misread D', 'manager'],
      ['mark-paid', 'season ticket holder', 'manager'],
      ['delete-record', 'left while exit camera was down', 'manager'],
    ]);
  });

  it('audits a gate override with its reason', async () => {
    const lane = await h.call('lanes:openGate', { laneId: 'exit-1', reason: 'ambulance' });
    assert.equal(lane.gateState, 'open');
    const [latest] = await h.call('audit:list', { limit: 1 });
    assert.deepEqual(
      [latest?.action, latest?.reason, latest?.subject],
      ['gate-open-override', 'ambulance', 'exit-1'],
    );
  });

  it('refuses to rewrite the audit log', () => {
    assert.throws(() => rewriteAudit(h.dataDir), /append-only/);
  });
});

function rewriteAudit(dataDir: string): void {
  const db = new Database(join(dataDir, 'station.db'));
  try {
    db.prepare("UPDATE audit_log SET reason = 'nothing to see'").run();
  } finally {
    db.close();
  }
}
