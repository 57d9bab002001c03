import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  events,
  startHarness,
  STORE_KINDS,
  type Harness,
  type S,
  type StationClient,
} from './support/harness';

for (const kind of STORE_KINDS) {
  describe(`reference server per-station isolation (${kind})`, () => {
    let h: Harness;
    let a: StationClient;
    let b: StationClient;
    before(async () => {
      h = await startHarness(kind);
      a = await h.station('station-a');
      b = await h.station('station-b');
    });
    after(() => h.close());

    it("a station cannot write events in another station's name", async () => {
      const forged = events(a.id, 'S1', 1);
      const res = await b.push(forged);
      const r = res.data.results[0];
      assert.equal(r.status, 'rejected');
      assert.equal(r.error.code, 'station-mismatch');
      assert.equal((await h.held(a.id)).length, 0);
      assert.equal((await h.held(b.id)).length, 0);
    });

    it("ids and aggregates are per station: B's event never reads as A's duplicate", async () => {
      const [mine] = events(a.id, 'S1', 1);
      assert.equal((await a.push([mine!])).data.results[0].status, 'accepted');
      // The same id and aggregate from B is B's own first event, not "duplicate" of A's.
      const theirs = { ...mine!, stationId: b.id };
      const res = await b.push([theirs]);
      assert.equal(res.data.results[0].status, 'accepted');
      assert.equal(res.data.results[0].serverSeq, 1);
      assert.equal((await b.http.get('/v1/station')).data.eventsHeld, 1);
      assert.equal((await a.http.get('/v1/station')).data.eventsHeld, 1);
    });

    it("a station cannot read another's feed, app payments or messages", async () => {
      await h.admin.post('/admin/app-payments', {
        stations: [a.id],
        plate: 'B55AAA',
        amountMinor: 500,
        currency: 'RON',
      });
      const seenByB = await b.pull();
      assert.ok(!seenByB.data.changes.some((c) => c.kind === 'appPayment'));
      const seenByA = await a.pull();
      assert.ok(seenByA.data.changes.some((c) => c.kind === 'appPayment'));
      // A cursor from A's feed means nothing special in B's: B still sees only its own.
      const fromA = await b.pull(seenByA.data.nextCursor);
      assert.equal(fromA.status, 200);
      assert.ok(!fromA.data.changes.some((c) => c.kind === 'appPayment'));

      const msg: S['SessionExpiryMessage'] = {
        id: randomUUID(),
        kind: 'session-expiry',
        plate: 'B55AAA',
        sessionId: 'S1',
        expiresAt: 1,
      };
      assert.equal((await a.http.post('/v1/messages', msg)).status, 202);
      const peek = await b.http.get(`/v1/messages/${msg.id}`);
      assert.equal(peek.status, 404);
      // B sending a message with A's id is B's own new message, not a replay of A's answer.
      const reuse = await b.http.post('/v1/messages', msg);
      assert.equal(reuse.status, 202);
      assert.equal(reuse.headers['idempotent-replayed'], undefined);
    });

    it("one station's refresh token only ever signs in that station", async () => {
      const res = await h.anon.post('/v1/auth/token', {
        grantType: 'refresh_token',
        refreshToken: b.tokens.refreshToken,
      });
      assert.equal(res.data.stationId, b.id);
      const me = await h.anon.get('/v1/station', {
        headers: { authorization: `Bearer ${res.data.accessToken}` },
      });
      assert.equal(me.data.stationId, b.id);
      b.tokens = res.data;
      b.http.defaults.headers['authorization'] = `Bearer ${res.data.accessToken}`;
    });
  });
}
