/**
 * Who may call what, walked on a real station: every channel of the contract, called by a
 * caller in each standing (signed out, a locked session, a session whose PIN must change first,
 * a cashier, a manager, and a cashier holding a manager's approval for that channel). The
 * expected outcome is written out here per channel, apart from the main process's matrix, so a
 * channel added (or an access changed) without a row below fails.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { channels, type ChannelName, type ErrorCode } from '../../../src-shared';
import { demoPin, startHarness, type Harness } from '../../support/station-harness';

type Role = 'signedOut' | 'locked' | 'mustChangePin' | 'cashier' | 'manager' | 'elevated';
type Outcome = 'allowed' | ErrorCode;
const ROLES: Role[] = ['signedOut', 'locked', 'mustChangePin', 'cashier', 'manager', 'elevated'];

/** What each group of channels answers each role: [signedOut, locked, mustChangePin, cashier, manager, elevated]. */
const GROUPS: { outcomes: Outcome[]; channels: ChannelName[] }[] = [
  {
    // Anyone at the booth: what the sign-in screen and the status strip need.
    outcomes: ['allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'allowed'],
    channels: [
      'station:status',
      'setup:firstManager',
      'operator:signIn',
      'operator:signOut',
      'lanes:list',
    ],
  },
  {
    // The lock screen: only with a session here, locked or not.
    outcomes: ['NOT_SIGNED_IN', 'allowed', 'allowed', 'allowed', 'allowed', 'allowed'],
    channels: ['operator:unlock'],
  },
  {
    // About one's own session: allowed before a forced PIN change, not through a lock.
    outcomes: ['NOT_SIGNED_IN', 'SESSION_LOCKED', 'allowed', 'allowed', 'allowed', 'allowed'],
    channels: ['operator:activity', 'operator:changePin'],
  },
  {
    outcomes: ['NOT_SIGNED_IN', 'SESSION_LOCKED', 'NOT_ALLOWED', 'allowed', 'allowed', 'allowed'],
    channels: [
      'operator:elevate',
      'lanes:manualRead',
      'lanes:trigger',
      'lanes:openGate',
      'sessions:search',
      'sessions:get',
      'sessions:quote',
      'payments:cash',
      'payments:card',
      'payments:qrStart',
      'payments:qrCancel',
      'payments:qrStatus',
      'payments:qrOpen',
      'payments:qrPrint',
      'receipts:reprint',
      'receipts:attention',
      'receipts:digital',
      'receipts:void',
      'shifts:drawer',
      'payments:byReceipt',
      'shifts:open',
      'shifts:moveCash',
      'shifts:pause',
      'shifts:resume',
      'shifts:xReport',
      'shifts:close',
      'alerts:list',
      'alerts:resolve',
      'lot:list',
      'photos:get',
      'sync:status',
      'sync:now',
      'bookings:list',
      'bookings:create',
      'bookings:checkIn',
      'bookings:scanToken',
      'bookings:startService',
      'bookings:complete',
      'bookings:cancel',
      'bookings:convertToWalkIn',
      'loyalty:lookup',
      'loyalty:redeem',
      'loyalty:products',
      'loyalty:redeemProduct',
      'coupons:redeem',
      'fuel:sales',
      'fuel:payCash',
      'fuel:payCard',
      'fuel:confirmPlate',
    ],
  },
  {
    // A manager's, or a cashier's with a manager's one-use approval for that very channel.
    outcomes: [
      'NOT_SIGNED_IN',
      'SESSION_LOCKED',
      'NOT_ALLOWED',
      'NOT_ALLOWED',
      'allowed',
      'allowed',
    ],
    channels: [
      'operators:list',
      'operators:add',
      'operators:resetPin',
      'settings:setLanguage',
      'lanes:setRoi',
      'lot:correctPlate',
      'lot:markPaid',
      'lot:deleteRecord',
      'payments:unableToCollect',
      'alerts:admitBlacklisted',
      'audit:list',
      'journal:list',
      'sync:retryHeld',
      'shifts:acceptVariance',
      'payments:void',
      'payments:refund',
      'payments:waive',
      'charts:demand',
      'charts:forecast',
      'charts:limits',
      'charts:setLimits',
      'exceptions:list',
      'exceptions:acknowledge',
      'coupons:refusals',
    ],
  },
];

/** A manager-only channel, for a cashier's approval that is not for the channel called. */
const OTHER_MANAGER_CHANNEL: ChannelName = 'audit:list';

describe('the permission matrix, every channel × every role', { timeout: 180_000 }, () => {
  let h: Harness;
  let n = 0;
  before(async () => {
    h = await startHarness({ signIn: { idleLockMinutes: { cashier: 10, manager: 5 } } });
    await h.signIn('manager', 'setup');
    // An operator whose PIN is temporary: signing in as them must change it first.
    await h.call('operators:add', { name: 'trainee', role: 'cashier', pin: '482916' }, 'setup');
  });
  after(() => h.stop());

  /** A fresh console in `role` for a call of `channel`. */
  async function consoleAs(role: Role, channel: ChannelName): Promise<string> {
    const id = `matrix-${n++}`;
    if (role === 'signedOut') return id;
    if (role === 'manager') await h.signIn('manager', id);
    else if (role === 'mustChangePin') {
      await h.call('operator:signIn', { name: 'trainee', pin: '482916' }, id);
    } else await h.signIn('cashier', id);
    if (role === 'locked') h.clock.advanceMinutes(11); // past the cashier's 10 idle minutes
    if (role === 'elevated') {
      const approved = channels[channel].access === 'manager' ? channel : OTHER_MANAGER_CHANNEL;
      await h.call(
        'operator:elevate',
        { name: 'manager', pin: demoPin('manager'), channel: approved },
        id,
      );
    }
    return id;
  }

  it('has a row for every channel, and only one', () => {
    const listed = GROUPS.flatMap((g) => g.channels);
    assert.deepEqual([...listed].sort(), Object.keys(channels).sort());
  });

  for (const group of GROUPS) {
    for (const channel of group.channels) {
      it(`${channel}: ${group.outcomes.join(' / ')}`, async () => {
        for (const [i, role] of ROLES.entries()) {
          const expected = group.outcomes[i]!;
          const id = await consoleAs(role, channel);
          // An empty payload: allowed calls then mostly stop at validation, which comes after
          // the permission check, so "allowed" means "got past who-may-call-what".
          const result = await h.raw(channel, {}, id);
          const code = result.ok ? 'ok' : result.error.code;
          if (expected === 'allowed') {
            assert.ok(
              !['NOT_SIGNED_IN', 'NOT_ALLOWED', 'SESSION_LOCKED'].includes(code),
              `${channel} as ${role}: ${code}`,
            );
          } else assert.equal(code, expected, `${channel} as ${role}`);
        }
      });
    }
  }
});
