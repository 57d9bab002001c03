/**
 * A console's session on a real station: it locks itself after idling (sooner for a manager),
 * keeps its operator while locked, opens again only with that operator's PIN or gives way to
 * another operator's sign-in, and every end of a session is journaled with why.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IpcResult } from '../../../src-shared';
import { demoPin, startHarness, type Harness } from '../../support/station-harness';

const code = (r: IpcResult<unknown>) => (r.ok ? 'ok' : r.error.code);

describe('console sessions', { timeout: 120_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ signIn: { idleLockMinutes: { cashier: 10, manager: 3 } } });
  });
  after(() => h.stop());

  const status = (id: string) => h.call('station:status', {}, id);
  const signOuts = async () => {
    await h.signIn('manager', 'auditor');
    const rows = await h.call('journal:list', { type: 'operator.signedOut', limit: 20 }, 'auditor');
    await h.call('operator:signOut', {}, 'auditor');
    return rows.map((r) => [r.actor, (r.payload as { why: string }).why]);
  };

  it('locks an idle cashier after 10 minutes; the PIN of the same cashier unlocks', async () => {
    await h.signIn('cashier', 'booth');
    h.clock.advanceMinutes(9);
    await h.call('operator:activity', {}, 'booth'); // input at the console: the clock restarts
    h.clock.advanceMinutes(9);
    assert.equal(code(await h.raw('lot:list', {}, 'booth')), 'ok');
    h.clock.advanceMinutes(1);

    assert.equal(code(await h.raw('lot:list', {}, 'booth')), 'SESSION_LOCKED');
    // Activity does not reopen a locked console; the session and its operator stay.
    assert.equal(code(await h.raw('operator:activity', {}, 'booth')), 'SESSION_LOCKED');
    const locked = await status('booth');
    assert.deepEqual(locked.session, {
      name: 'cashier',
      role: 'cashier',
      locked: true,
      mustChangePin: false,
      idleLockMs: 600_000,
    });
    assert.deepEqual(locked.operator, { name: 'cashier', role: 'cashier' });

    assert.equal(
      code(await h.raw('operator:unlock', { pin: demoPin('manager') }, 'booth')),
      'NOT_ALLOWED',
    );
    const opened = await h.call('operator:unlock', { pin: demoPin('cashier') }, 'booth');
    assert.equal(opened.locked, false);
    assert.equal(code(await h.raw('lot:list', {}, 'booth')), 'ok');
  });

  it("locks a manager's session sooner", async () => {
    await h.signIn('manager', 'office');
    h.clock.advanceMinutes(3);
    assert.equal(code(await h.raw('audit:list', {}, 'office')), 'SESSION_LOCKED');
    assert.equal((await status('office')).session?.idleLockMs, 180_000);
  });

  it('lets another operator sign in over a locked console, ending the first session', async () => {
    await h.signIn('cashier', 'shift');
    h.clock.advanceMinutes(10);
    assert.equal((await status('shift')).session?.locked, true);
    await h.signIn('manager', 'shift');
    const now = await status('shift');
    assert.equal(now.session?.name, 'manager');
    assert.equal(now.session?.locked, false);
    assert.deepEqual((await signOuts())[0], ['cashier', 'replaced']);
  });

  it("journals a sign-out, and a console that went away as 'disconnected'", async () => {
    await h.signIn('cashier', 'leaving');
    await h.call('operator:signOut', {}, 'leaving');
    assert.equal((await status('leaving')).session, null);
    assert.deepEqual((await signOuts())[0], ['cashier', 'sign-out']);

    await h.signIn('cashier', 'closing');
    h.station.dispatcher.forgetCaller('closing');
    assert.equal(code(await h.raw('lot:list', {}, 'closing')), 'NOT_SIGNED_IN');
    assert.deepEqual((await signOuts())[0], ['cashier', 'disconnected']);
    // A console nobody signed in at leaves nothing to journal.
    h.station.dispatcher.forgetCaller('never-signed-in');
    assert.deepEqual((await signOuts())[0], ['manager', 'sign-out']);
  });
});
