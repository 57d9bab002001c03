/**
 * Wrong PINs lock sign-in out, per name and per console, on a real station: refused before any
 * hashing while locked, for 30 s after 5 in a row and twice as long after each further one,
 * journaled as operator.lockedOut and shown on the status strip until a manager signs in.
 */
import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { after, before, describe, it } from 'node:test';
import type { DeviceStatus, IpcResult, JournalEntryView } from '../../../src-shared';
import { demoPin, startHarness, type Harness } from '../../support/station-harness';

/** scrypt calls on libuv's threadpool while `fn` runs. */
async function scryptsDuring(fn: () => Promise<unknown>): Promise<number> {
  let n = 0;
  const hook = createHook({
    init: (_id, type) => {
      if (type === 'SCRYPTREQUEST') n++;
    },
  }).enable();
  try {
    await fn();
  } finally {
    hook.disable();
  }
  return n;
}

const code = (r: IpcResult<unknown>) => (r.ok ? 'ok' : r.error.code);
const message = (r: IpcResult<unknown>) => (r.ok ? '' : r.error.message);

describe('sign-in lockouts', { timeout: 120_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  const wrong = (name: string, callerId: string) =>
    h.raw('operator:signIn', { name, pin: '000000' }, callerId);
  const lockouts = async (): Promise<JournalEntryView[]> => {
    await h.signIn('manager', 'auditor');
    return h.call('journal:list', { type: 'operator.lockedOut', limit: 50 }, 'auditor');
  };
  const strip = async (): Promise<DeviceStatus | undefined> =>
    (await h.call('station:status', {}, 'strip')).devices.find((d) => d.id === 'sign-in');

  it('locks a name out after 5 wrong PINs, before hashing, for 30 s, then 60 s', async () => {
    // Each guess from its own console: the name's lockout is what stops them.
    for (let i = 0; i < 4; i++)
      assert.equal(code(await wrong('cashier', `guess-${i}`)), 'NOT_ALLOWED');
    assert.equal(await strip(), undefined, 'nothing on the strip before a lockout');
    const fifth = await wrong('cashier', 'guess-4');
    assert.match(message(fifth), /Wrong operator name or PIN/);

    let refused: IpcResult<unknown> | undefined;
    const hashed = await scryptsDuring(async () => {
      refused = await h.raw('operator:signIn', { name: 'cashier', pin: demoPin('cashier') }, 'x');
    });
    assert.equal(hashed, 0, 'a locked-out name is refused before any hashing');
    assert.equal(code(refused!), 'NOT_ALLOWED');
    assert.match(message(refused!), /Too many wrong PINs\. Try again in 30 s/);

    const warning = await strip();
    assert.equal(warning?.health, 'warning');
    assert.match(warning?.detail ?? '', /'cashier' locked out for 30 s after 5 wrong PINs/);

    h.clock.advanceMinutes(0.5);
    // One more wrong PIN after the lockout: the next one is twice as long.
    assert.match(message(await wrong('cashier', 'guess-5')), /Wrong operator name or PIN/);
    assert.match(message(await wrong('cashier', 'guess-6')), /Try again in 60 s/);
    h.clock.advanceMinutes(1);
    await h.signIn('cashier', 'back'); // the right PIN clears the run

    const rows = (await lockouts()).reverse();
    assert.deepEqual(
      rows.map((r) => [r.actor, r.aggregateId, r.payload]),
      [
        ['cashier', 'cashier', lockedOut('name', 'cashier', 5, 30_000, h.clock.now - 90_000)],
        ['cashier', 'cashier', lockedOut('name', 'cashier', 6, 60_000, h.clock.now - 60_000)],
      ],
    );
    // The manager who signed in to read them has seen the strip: it is cleared.
    assert.deepEqual(await strip(), {
      id: 'sign-in',
      kind: 'sign-in',
      label: 'Sign-in lockout',
      health: 'ok',
      detail: 'Seen by manager',
    });
  });

  it('locks out one console trying many names, unknown ones too', async () => {
    for (let i = 0; i < 5; i++) await wrong(`nobody-${i}`, 'sprayer');
    // The console is locked for any name, even one it never tried, and even the right PIN.
    const right = await h.raw(
      'operator:signIn',
      { name: 'manager', pin: demoPin('manager') },
      'sprayer',
    );
    assert.match(message(right), /Too many wrong PINs/);
    // Elsewhere that name signs in as usual: a console's lockout is that console's.
    await h.signIn('manager', 'elsewhere');
    const [row] = await lockouts();
    assert.equal(row?.aggregateId, 'console:sprayer');
    assert.deepEqual(row?.payload, {
      ...lockedOut('console', 'sprayer', 5, 30_000, h.clock.now),
      known: false,
    });
  });

  it('locks an unknown name exactly as a known one, so a lockout betrays no name', async () => {
    h.clock.advanceMinutes(10);
    const answers = async (name: string) => {
      const got: string[] = [];
      for (let i = 0; i < 6; i++) got.push(message(await wrong(name, `${name}-${i}`)));
      return got;
    };
    assert.deepEqual(await answers('nobody-at-all'), await answers('manager'));
  });

  it('stops a burst of concurrent guesses with one lockout, not one per guess', async () => {
    h.clock.advanceMinutes(60);
    await h.signIn('cashier', 'burst'); // a fresh run for the name
    const before = (await lockouts()).length;
    await Promise.all(Array.from({ length: 40 }, (_, i) => wrong('cashier', `burst-${i}`)));
    assert.equal((await lockouts()).length, before + 1);
  });
});

function lockedOut(
  scope: 'name' | 'console',
  key: string,
  failures: number,
  lockedForMs: number,
  at: number,
) {
  return { scope, key, known: true, failures, lockedForMs, until: at + lockedForMs };
}
