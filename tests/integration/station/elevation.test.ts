/**
 * A manager's one-action approval at a cashier's console, on a real station: the manager types
 * their name and PIN for one manager-only channel; the next call of it there runs as the
 * manager, once, within a minute; the journal names both (the action's actor is the manager,
 * and an operator.elevated event in the same transaction names the cashier).
 */
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { IpcResult } from '../../../src-shared';
import { demoPin, startHarness, type Harness } from '../../support/station-harness';

const code = (r: IpcResult<unknown>) => (r.ok ? 'ok' : r.error.code);

describe('manager approval at a cashier console', { timeout: 60_000 }, () => {
  let h: Harness;
  let sessionId: string;
  before(async () => {
    h = await startHarness({ signIn: { idleLockMinutes: { cashier: 10, manager: 5 } } });
    await h.signIn('cashier', 'booth');
    const entered = await h.call(
      'lanes:manualRead',
      { laneId: 'entry-1', plate: 'B77ELV' },
      'booth',
    );
    assert.equal(entered.kind, 'entered');
    sessionId = (entered as { sessionId: string }).sessionId;
  });
  after(() => h.stop());

  const approve = (channel: string, pin = demoPin('manager'), name = 'manager') =>
    h.raw('operator:elevate', { name, pin, channel }, 'booth');
  const markPaid = () =>
    h.raw('lot:markPaid', { sessionId, reason: 'driver paid at the office' }, 'booth');

  it('refuses the cashier alone, a wrong PIN, a cashier as approver, or a channel anyone may call', async () => {
    assert.equal(code(await markPaid()), 'NOT_ALLOWED');
    assert.equal(code(await approve('lot:markPaid', '000000')), 'NOT_ALLOWED');
    assert.equal(code(await approve('lot:markPaid', demoPin('cashier'), 'cashier')), 'NOT_ALLOWED');
    assert.equal(code(await approve('payments:cash')), 'INVALID_PAYLOAD');
    assert.equal(code(await approve('shell:openExternal')), 'INVALID_PAYLOAD');
    assert.equal(code(await markPaid()), 'NOT_ALLOWED');
  });

  it('an approval for one channel does not open another', async () => {
    assert.equal(code(await approve('lot:deleteRecord')), 'ok');
    assert.equal(code(await markPaid()), 'NOT_ALLOWED');
  });

  it('runs the approved action once, as the manager, and journals both names together', async () => {
    const grant = await approve('lot:markPaid');
    assert.deepEqual(grant, {
      ok: true,
      value: { manager: 'manager', channel: 'lot:markPaid', expiresAt: h.clock.now + 60_000 },
    });
    // A mistyped call does not use the approval up.
    const typo = await h.raw('lot:markPaid', { sessionId, reason: 'x' }, 'booth');
    assert.equal(code(typo), 'INVALID_PAYLOAD');
    assert.equal(code(await markPaid()), 'ok');
    assert.equal(code(await markPaid()), 'NOT_ALLOWED', 'one use');

    const db = new Database(join(h.dataDir, 'station.db'), { readonly: true });
    try {
      const [elevated, action] = db
        .prepare('SELECT seq, id, type, actor, payload_json FROM journal ORDER BY seq DESC LIMIT 2')
        .all() as { seq: number; id: string; type: string; actor: string; payload_json: string }[];
      assert.equal(action?.type, 'session.markedPaid');
      assert.equal(action?.actor, 'manager');
      assert.equal(elevated?.type, 'operator.elevated');
      assert.equal(elevated?.actor, 'manager');
      assert.deepEqual(JSON.parse(elevated!.payload_json), {
        attendant: 'cashier',
        channel: 'lot:markPaid',
        eventId: action?.id,
      });
    } finally {
      db.close();
    }
  });

  it('records an approved read, and lets an approval lapse after a minute', async () => {
    await approve('audit:list');
    const rows = await h.call('audit:list', { limit: 1 }, 'booth');
    assert.equal(rows.length, 1);
    await h.signIn('manager', 'office');
    const [read] = await h.call('journal:list', { type: 'operator.elevated', limit: 1 }, 'office');
    assert.deepEqual(read?.payload, { attendant: 'cashier', channel: 'audit:list', eventId: null });

    await approve('journal:list');
    h.clock.advanceMinutes(1);
    assert.equal(code(await h.raw('journal:list', {}, 'booth')), 'NOT_ALLOWED');
  });

  it('a locked console loses its approval', async () => {
    await h.call('operator:activity', {}, 'booth');
    await approve('journal:list');
    h.clock.advanceMinutes(10);
    await h.call('operator:unlock', { pin: demoPin('cashier') }, 'booth');
    assert.equal(code(await h.raw('journal:list', {}, 'booth')), 'NOT_ALLOWED');
  });
});
