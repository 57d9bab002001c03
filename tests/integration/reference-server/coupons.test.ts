import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startHarness, STORE_KINDS, type Harness, type StationClient } from './support/harness';

/** Races per store here; the station-level race test runs the thousand. */
const RACES = 50;

for (const kind of STORE_KINDS) {
  describe(`reference server coupons (${kind})`, () => {
    let h: Harness;
    let a: StationClient;
    let b: StationClient;
    before(async () => {
      h = await startHarness(kind);
      a = await h.station();
      b = await h.station();
    });
    after(() => h.close());

    const issue = async (body: Record<string, unknown>) => {
      const res = await h.admin.post('/admin/coupons', {
        description: 'Free car wash',
        validForMs: 60_000,
        ...body,
      });
      assert.equal(res.status, 200, JSON.stringify(res.data));
      return res.data.code as string;
    };
    const redeem = (st: StationClient, code: string, redemptionId = randomUUID()) =>
      st.http.post(`/v1/coupons/${code}/redeem`, { redemptionId });

    it('redeems a coupon once; a replay of the winning attempt gets the same answer', async () => {
      const code = await issue({});
      assert.match(code, /^C-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const id = randomUUID();
      const first = await redeem(a, code, id);
      assert.equal(first.status, 200);
      assert.equal(first.data.description, 'Free car wash');
      assert.equal(first.data.redemptionId, id);
      const replay = await redeem(a, code, id);
      assert.equal(replay.status, 200);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      const again = await redeem(a, code);
      assert.equal(again.status, 409);
      assert.equal(again.data.code, 'coupon-refused');
      assert.equal(again.data.reason, 'used');
    });

    it('refuses expired, unknown and wrong-station coupons with a reason, and counts them', async () => {
      const expired = await issue({ validForMs: 1 });
      h.server.clock.offsetMs += 5;
      const onlyB = await issue({ station: b.id });
      const late = await redeem(a, expired);
      assert.deepEqual([late.status, late.data.reason], [409, 'expired']);
      const wrong = await redeem(a, onlyB);
      assert.deepEqual([wrong.status, wrong.data.reason], [409, 'wrong-station']);
      const unknown = await redeem(a, 'C-NONE-NONE-NONE');
      assert.deepEqual([unknown.status, unknown.data.reason], [404, 'unknown']);
      assert.equal((await redeem(b, onlyB)).status, 200);
      const standing = await h.admin.get(`/admin/coupons/${onlyB}`);
      assert.equal(standing.data.coupon.redeemedBy, b.id);
      assert.deepEqual(standing.data.refusals, {
        used: 0,
        expired: 0,
        unknown: 0,
        'wrong-station': 1,
      });
    });

    it('refuses a malformed code and a reused code at issue', async () => {
      assert.equal((await redeem(a, 'lower-case')).status, 400);
      const code = await issue({ code: 'WASH-2026-001' });
      const dup = await h.admin.post('/admin/coupons', {
        code,
        description: 'x',
        validForMs: 1000,
      });
      assert.equal(dup.status, 409);
    });

    it(`two stations racing for one coupon: exactly one wins, ${RACES} times`, async () => {
      let single = 0;
      for (let i = 0; i < RACES; i++) {
        const code = await issue({});
        const answers = await Promise.all([redeem(a, code), redeem(b, code)]);
        const statuses = answers.map((r) => r.status).sort();
        assert.deepEqual(statuses, [200, 409], `race ${i}: ${JSON.stringify(statuses)}`);
        const loser = answers.find((r) => r.status === 409)!;
        assert.equal(loser.data.reason, 'used');
        const standing = await h.admin.get(`/admin/coupons/${code}`);
        const winner = answers.find((r) => r.status === 200)!;
        assert.equal(standing.data.coupon.redemptionId, winner.data.redemptionId);
        assert.equal(standing.data.refusals.used, 1);
        single++;
      }
      assert.equal(single, RACES);
    });
  });
}
