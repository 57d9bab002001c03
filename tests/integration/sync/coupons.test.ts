/**
 * Coupons end to end on real parts (issue 10): the operator issues coupons on the reference
 * server, and two whole stations redeem them through it (coupons:redeem). A coupon is taken
 * once; a used, expired, unknown or other station's coupon is refused with its reason, each
 * refusal journaled and counted (coupons:refusals); two stations racing for one coupon get
 * exactly one winner, COUPON_RACES times (npm run race:coupons runs 1,000); with the server
 * gone, a coupon is refused as offline.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  startHarness as startServer,
  type Harness as Server,
} from '../reference-server/support/harness';
import { queryFile, type Harness } from '../../support/station-harness';
import { raceForCoupons } from './support/coupon-race';
import { startSyncedStation } from './support/synced-station';

const RACES = Number(process.env['COUPON_RACES'] ?? 200);

describe('coupons with the operator', { timeout: 300_000 }, () => {
  let server: Server;
  let serverUp = false;
  let a: { h: Harness; stationId: string };
  let b: { h: Harness; stationId: string };

  before(async () => {
    server = await startServer('sqlite');
    serverUp = true;
    a = await startSyncedStation(server);
    b = await startSyncedStation(server);
    for (const s of [a, b]) {
      await s.h.signIn('cashier');
      await s.h.signIn('manager', 'manager-console');
      assert.equal((await s.h.call('sync:now', {})).state, 'online');
    }
  });
  after(async () => {
    await a?.h.stop();
    await b?.h.stop();
    if (serverUp) await server?.close();
  });

  const issue = async (body: Record<string, unknown> = {}) => {
    const res = await server.admin.post('/admin/coupons', {
      description: 'Free car wash',
      validForMs: 60_000,
      ...body,
    });
    assert.equal(res.status, 200, JSON.stringify(res.data));
    return res.data.code as string;
  };
  type CouponEvent = [type: string, actor: string, payload: Record<string, unknown>];
  const couponEvents = (s: { h: Harness }, code: string): CouponEvent[] =>
    queryFile<{ type: string; actor: string; payload_json: string }>(
      join(s.h.dataDir, 'station.db'),
      `SELECT type, actor, payload_json FROM journal WHERE aggregate_type = 'coupon'
       AND aggregate_id = ? ORDER BY seq`,
      code,
    ).map((e) => [e.type, e.actor, JSON.parse(e.payload_json) as Record<string, unknown>]);

  it('redeems a coupon once, journaled; a second attempt is refused as used', async () => {
    const code = await issue();
    // Typed as a cashier might: lower case, spaces around; the code is the printed one.
    const got = await a.h.call('coupons:redeem', { code: ` ${code.toLowerCase()} ` });
    assert.equal(got.code, code);
    assert.equal(got.description, 'Free car wash');
    await assert.rejects(a.h.call('coupons:redeem', { code }), /redeemed already/);
    const events = couponEvents(a, code);
    assert.deepEqual(
      events.map(([type, actor, p]) => [type, actor, p['reason'] ?? p['description']]),
      [
        ['coupon.redeemed', 'cashier', 'Free car wash'],
        ['coupon.refused', 'cashier', 'used'],
      ],
    );
    const standing = await server.admin.get(`/admin/coupons/${code}`);
    assert.equal(standing.data.coupon.redeemedBy, a.stationId);
    // The events reach the operator with the journal's push, like any other.
    assert.equal((await a.h.call('sync:now', {})).state, 'online');
    const pushed = (await server.held(a.stationId)).filter((e) => e.event.aggregateId === code);
    assert.deepEqual(
      pushed.map((e) => e.event.type),
      ['coupon.redeemed', 'coupon.refused'],
    );
    assert.equal(standing.data.coupon.redemptionId, events[0]?.[2]['redemptionId']);
  });

  it('refuses used, expired, unknown and wrong-station coupons, each journaled and counted', async () => {
    const before = await b.h.call('coupons:refusals', {}, 'manager-console');
    const used = await issue();
    await a.h.call('coupons:redeem', { code: used });
    const expired = await issue({ validForMs: 1 });
    const forA = await issue({ station: a.stationId });
    server.server.clock.offsetMs += 10;
    const cases = [
      [used, /redeemed already/, 'used'],
      [expired, /has expired/, 'expired'],
      ['C-0000-0000-0000', /no coupon C-0000-0000-0000/, 'unknown'],
      [forA, /not valid at this station/, 'wrong-station'],
    ] as const;
    for (const [code, message, reason] of cases) {
      await assert.rejects(b.h.call('coupons:redeem', { code }), message, reason);
      assert.deepEqual(
        couponEvents(b, code).map(([type, , p]) => [type, p['reason']]),
        [['coupon.refused', reason]],
        reason,
      );
    }
    const counts = await b.h.call('coupons:refusals', {}, 'manager-console');
    assert.deepEqual(counts, {
      used: before.used + 1,
      expired: before.expired + 1,
      unknown: before.unknown + 1,
      'wrong-station': before['wrong-station'] + 1,
      offline: before.offline,
    });
    // The counts are a manager's: a cashier is not allowed them.
    await assert.rejects(b.h.call('coupons:refusals', {}), /manager/i);
    // A coupon for station A still works there, after B was refused it.
    assert.equal((await a.h.call('coupons:redeem', { code: forA })).code, forA);
  });

  it(`two stations racing for one coupon: exactly one wins, ${RACES} races`, async () => {
    const tally = await raceForCoupons(server, [a, b], RACES);
    assert.deepEqual(tally.odd, []);
    assert.equal(tally.exactlyOneWinner, RACES);
    assert.equal(tally.serverAgrees, RACES);
  });

  it('an answer lost after the server took the coupon: the same code again gets it', async () => {
    const code = await issue();
    const faults = await server.admin.put('/admin/faults', {
      rules: [{ kind: 'drop-after-commit', operationId: 'redeemCoupon', times: 1 }],
    });
    assert.equal(faults.status, 200, JSON.stringify(faults.data));
    await assert.rejects(a.h.call('coupons:redeem', { code }), /did not answer/);
    assert.equal(
      (await server.admin.get(`/admin/coupons/${code}`)).data.coupon.redeemedBy,
      a.stationId,
    );
    // Asked again under the same redemption id, the server replays our win instead of "used".
    assert.equal((await a.h.call('coupons:redeem', { code })).code, code);
    assert.deepEqual(
      couponEvents(a, code).map(([type]) => type),
      ['coupon.redeemed'],
    );
    await server.admin.delete('/admin/faults');
  });

  it('refuses a coupon offline with a clear message, journaled as offline', async () => {
    const code = await issue();
    await server.close();
    serverUp = false;
    assert.notEqual((await a.h.call('sync:now', {})).state, 'online');
    await assert.rejects(a.h.call('coupons:redeem', { code }), /can't be checked offline/);
    assert.deepEqual(
      couponEvents(a, code).map(([type, , p]) => [type, p['reason']]),
      [['coupon.refused', 'offline']],
    );
    assert.equal((await a.h.call('coupons:refusals', {}, 'manager-console')).offline, 1);
  });
});
