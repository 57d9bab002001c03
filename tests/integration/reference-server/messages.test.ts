import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  startHarness,
  STORE_KINDS,
  type Harness,
  type S,
  type StationClient,
} from './support/harness';

const expiry = (plate: string): S['SessionExpiryMessage'] => ({
  id: randomUUID(),
  kind: 'session-expiry',
  plate,
  sessionId: 'S1',
  expiresAt: 1_700_000_000_000,
});

for (const kind of STORE_KINDS) {
  describe(`reference server outbound messages (${kind})`, () => {
    let h: Harness;
    let st: StationClient;
    before(async () => {
      h = await startHarness(kind, { autoDeliver: false });
      st = await h.station();
      await h.admin.post('/admin/changes', {
        stations: [st.id],
        changes: [
          {
            kind: 'member',
            op: 'put',
            data: { id: 'm1', name: 'Ana', tier: 'gold', smsOptIn: true },
          },
          {
            kind: 'member',
            op: 'put',
            data: { id: 'm2', name: 'Dan', tier: 'gold', smsOptIn: false },
          },
          { kind: 'vehicle', op: 'put', data: { plate: 'B1OWNED', memberId: 'm1', label: null } },
          { kind: 'vehicle', op: 'put', data: { plate: 'B2NOSMS', memberId: 'm2', label: null } },
        ],
      });
    });
    after(() => h.close());

    const receipts = async (messageId: string) => {
      const all: S['Change'][] = [];
      let cursor: string | undefined;
      for (let more = true; more;) {
        const page = await st.pull(cursor, 1000);
        all.push(...page.data.changes);
        cursor = page.data.nextCursor;
        more = page.data.hasMore;
      }
      return all
        .filter(
          (c): c is S['MessageStatusPut'] => c.kind === 'messageStatus' && c.key === messageId,
        )
        .map((c) => [c.data.status, c.data.detail]);
    };

    it('queues a message for a registered owner; its id makes a replay return the first answer', async () => {
      const msg = expiry('B1OWNED');
      const first = await st.http.post('/v1/messages', msg);
      assert.equal(first.status, 202);
      assert.equal(first.data.status, 'queued');
      assert.equal(first.headers['idempotent-replayed'], undefined);
      const again = await st.http.post('/v1/messages', msg);
      assert.equal(again.status, 202);
      assert.deepEqual(again.data, first.data);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      const clash = await st.http.post('/v1/messages', { ...msg, expiresAt: 1 });
      assert.equal(clash.status, 409);
      assert.equal(clash.data.code, 'idempotency-conflict');
    });

    it('delivery status: GET by id and receipts in the feed, as the operator delivers', async () => {
      const msg: S['BookingReminder'] = {
        id: randomUUID(),
        kind: 'booking-reminder',
        plate: 'B1OWNED',
        bookingId: 'bk-1',
        startsAt: 1_700_000_000_000,
      };
      await st.http.post('/v1/messages', msg);
      for (const status of ['sent', 'delivered']) {
        const res = await h.admin.post(`/admin/messages/${st.id}/${msg.id}/status`, { status });
        assert.equal(res.status, 200);
      }
      const now = await st.http.get(`/v1/messages/${msg.id}`);
      assert.equal(now.status, 200);
      assert.equal(now.data.status, 'delivered');
      assert.deepEqual(await receipts(msg.id), [
        ['queued', null],
        ['sent', null],
        ['delivered', null],
      ]);
    });

    it('a plate nobody can be texted about is accepted, then failed with a readable reason', async () => {
      for (const [plate, reason] of [
        ['B9NOBODY', /No vehicle registered/],
        ['B2NOSMS', /not agreed to SMS/],
      ] as const) {
        const msg: S['OverstayMessage'] = {
          id: randomUUID(),
          kind: 'overstay',
          plate,
          sessionId: 'S9',
          overstaySince: 1_700_000_000_000,
          dueMinor: 700,
          currency: 'RON',
        };
        const res = await st.http.post('/v1/messages', msg);
        assert.equal(res.status, 202);
        assert.equal(res.data.status, 'failed');
        assert.match(res.data.detail, reason);
        assert.equal((await receipts(msg.id))[0]![0], 'failed');
      }
    });

    it('every message kind is accepted; one that breaks its schema is a 400', async () => {
      const exit: S['ExitWindowReminder'] = {
        id: randomUUID(),
        kind: 'exit-window-reminder',
        plate: 'B1OWNED',
        sessionId: 'S1',
        exitBy: 1_700_000_000_000,
      };
      assert.equal((await st.http.post('/v1/messages', exit)).status, 202);
      const bad = await st.http.post('/v1/messages', { ...exit, id: randomUUID(), exitBy: 'soon' });
      assert.equal(bad.status, 400);
      const unknown = await st.http.get(`/v1/messages/${randomUUID()}`);
      assert.equal(unknown.status, 404);
      const notUuid = await st.http.get('/v1/messages/nope');
      assert.equal(notUuid.status, 400);
    });

    it('autoDeliver (the demo) runs queued -> sent -> delivered at once', async () => {
      const demo = await startHarness(kind, { autoDeliver: true });
      try {
        const s = await demo.station();
        await demo.admin.post('/admin/changes', {
          changes: [
            {
              kind: 'member',
              op: 'put',
              data: { id: 'm', name: 'A', tier: 'gold', smsOptIn: true },
            },
            { kind: 'vehicle', op: 'put', data: { plate: 'B1', memberId: 'm', label: null } },
          ],
        });
        const msg = expiry('B1');
        assert.equal((await s.http.post('/v1/messages', msg)).data.status, 'queued');
        assert.equal((await s.http.get(`/v1/messages/${msg.id}`)).data.status, 'delivered');
      } finally {
        await demo.close();
      }
    });
  });
}
