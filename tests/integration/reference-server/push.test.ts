import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { events, startHarness, STORE_KINDS, type Harness, type S } from './support/harness';

type Result = S['EventResult'];

for (const kind of STORE_KINDS) {
  describe(`reference server push (${kind})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(kind);
    });
    after(() => h.close());

    it('accepts a batch in order, one result per event, with increasing serverSeq', async () => {
      const st = await h.station();
      const batch = [...events(st.id, 'S1', 3), ...events(st.id, 'S2', 2, { seqFrom: 4 })];
      const res = await st.push(batch);
      assert.equal(res.status, 200);
      const results = res.data.results as Result[];
      assert.deepEqual(
        results.map((r) => [r.id, r.status]),
        batch.map((e) => [e.id, 'accepted']),
      );
      assert.deepEqual(
        results.map((r) => ('serverSeq' in r ? r.serverSeq : 0)),
        [1, 2, 3, 4, 5],
      );
      const held = await h.held(st.id);
      assert.deepEqual(
        held.map((e) => e.event),
        batch,
      );
    });

    it('a replay gets the original outcome (duplicate, same serverSeq and receivedAt); stored once', async () => {
      const st = await h.station();
      const batch = events(st.id, 'S1', 4);
      const first = await st.push(batch);
      const second = await st.push(batch);
      assert.equal(second.status, 200);
      const a = first.data.results as Extract<Result, { serverSeq: number }>[];
      const b = second.data.results as Extract<Result, { serverSeq: number }>[];
      assert.deepEqual(
        b.map((r) => r.status),
        ['duplicate', 'duplicate', 'duplicate', 'duplicate'],
      );
      assert.deepEqual(
        b.map((r) => [r.id, r.serverSeq, r.receivedAt]),
        a.map((r) => [r.id, r.serverSeq, r.receivedAt]),
      );
      // Key order does not make content different.
      const reordered = Object.fromEntries(Object.entries(batch[0]!).reverse());
      const third = await st.http.post('/v1/events', { events: [reordered] });
      assert.equal(third.data.results[0].status, 'duplicate');
      assert.equal((await h.held(st.id)).length, 4);
    });

    it('the same id with different content is rejected id-conflict; the original stays', async () => {
      const st = await h.station();
      const [e] = events(st.id, 'S1', 1);
      await st.push([e!]);
      const res = await st.push([{ ...e!, payload: { plate: 'CHANGED' } }]);
      const r = res.data.results[0];
      assert.equal(r.status, 'rejected');
      assert.equal(r.error.code, 'id-conflict');
      assert.deepEqual((await h.held(st.id))[0]!.event, e);
    });

    it('per-aggregate order: a gap is rejected out-of-order (the aggregate held), others flow', async () => {
      const st = await h.station();
      const s1 = events(st.id, 'S1', 3);
      const s2 = events(st.id, 'S2', 2);
      // S1 #1 is missing from this batch: S1 #2 and #3 are rejected, S2 goes through.
      const res = await st.push([s1[1]!, s2[0]!, s1[2]!, s2[1]!]);
      const results = res.data.results as Result[];
      assert.deepEqual(
        results.map((r) => r.status),
        ['rejected', 'accepted', 'rejected', 'accepted'],
      );
      for (const r of [results[0]!, results[2]!]) {
        assert.ok(r.status === 'rejected');
        assert.equal(r.error.code, 'out-of-order');
        assert.equal(r.error.expectedAggregateSeq, 1);
        assert.match(r.error.message, /send number 1 first/);
      }
      const fixed = await st.push(s1);
      assert.deepEqual(
        (fixed.data.results as Result[]).map((r) => r.status),
        ['accepted', 'accepted', 'accepted'],
      );
      const held = await h.held(st.id);
      const s1Held = held.filter((e) => e.event.aggregateId === 'S1');
      assert.deepEqual(
        s1Held.map((e) => e.event.aggregateSeq),
        [1, 2, 3],
      );
    });

    it('another id for an aggregateSeq already held is a sequence-conflict', async () => {
      const st = await h.station();
      await st.push(events(st.id, 'S1', 2));
      const [clash] = events(st.id, 'S1', 1, { fromAggSeq: 2 });
      const r = (await st.push([clash!])).data.results[0];
      assert.equal(r.status, 'rejected');
      assert.equal(r.error.code, 'sequence-conflict');
      assert.equal(r.error.expectedAggregateSeq, 3);
    });

    it('an item that breaks JournalEvent is rejected alone (invalid-event), the rest is accepted', async () => {
      const st = await h.station();
      const [good1, bad, good2] = events(st.id, 'S1', 3);
      const broken = { ...bad!, aggregateSeq: 'two', extra: true };
      const res = await st.http.post('/v1/events', {
        events: [good1, broken, { ...good2!, aggregateSeq: 2 }, 42],
      });
      assert.equal(res.status, 200);
      const [a, b, c, d] = res.data.results as Result[];
      assert.equal(a!.status, 'accepted');
      assert.ok(b!.status === 'rejected' && b!.error.code === 'invalid-event');
      assert.equal(b!.id, bad!.id);
      assert.deepEqual(b!.error.errors!.map((e) => e.path).sort(), ['', '/aggregateSeq']);
      assert.match(b!.error.message, /extra/);
      assert.equal(c!.status, 'accepted');
      assert.ok(d!.status === 'rejected' && d!.id === null);
    });

    it('a malformed envelope is a 400 problem and stores nothing', async () => {
      const st = await h.station();
      const cases = [
        {},
        { events: [] },
        { events: events(st.id, 'S1', 1001) },
        { events: events(st.id, 'S1', 1), more: 1 },
        [],
      ];
      for (const body of cases) {
        const res = await st.http.post('/v1/events', body);
        assert.equal(res.status, 400, JSON.stringify(body).slice(0, 80));
        assert.equal(res.data.code, 'invalid-request');
        assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      }
      assert.equal((await h.held(st.id)).length, 0);
    });

    it('concurrent batches from one station: every event once, serverSeq dense, order kept', async () => {
      const st = await h.station();
      const aggregates = Array.from({ length: 8 }, (_, i) => events(st.id, `C${i}`, 30));
      // Each aggregate's events go out in three consecutive batches, all aggregates at once.
      for (let part = 0; part < 3; part += 1) {
        const batches = aggregates.map((evs) => evs.slice(part * 10, part * 10 + 10));
        const answers = await Promise.all(batches.map((b) => st.push(b)));
        for (const a of answers) {
          assert.ok((a.data.results as Result[]).every((r) => r.status === 'accepted'));
        }
      }
      const held = await h.held(st.id);
      assert.equal(held.length, 240);
      assert.deepEqual(
        held.map((e) => e.serverSeq),
        Array.from({ length: 240 }, (_, i) => i + 1),
      );
      for (let i = 0; i < 8; i += 1) {
        const seqs = held.filter((e) => e.event.aggregateId === `C${i}`);
        assert.deepEqual(
          seqs.map((e) => e.event.aggregateSeq),
          Array.from({ length: 30 }, (_, k) => k + 1),
        );
      }
      const me = await st.http.get('/v1/station');
      assert.equal(me.data.eventsHeld, 240);
    });

    it('the same event twice in one batch: accepted, then duplicate', async () => {
      const st = await h.station();
      const [e] = events(st.id, randomUUID(), 1);
      const res = await st.push([e!, e!]);
      assert.deepEqual(
        (res.data.results as Result[]).map((r) => r.status),
        ['accepted', 'duplicate'],
      );
    });
  });
}
