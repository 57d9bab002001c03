import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AxiosError, type AxiosResponse } from 'axios';
import { FAULT_KINDS } from '../../../reference-server/faults';
import {
  events,
  startHarness,
  STORE_KINDS,
  type Harness,
  type S,
  type StationClient,
} from './support/harness';

type Outcome = { res: AxiosResponse; error?: undefined } | { res?: undefined; error: string };

/** A request's answer, or the network error code when no answer came. */
async function attempt(p: Promise<AxiosResponse>): Promise<Outcome> {
  try {
    return { res: await p };
  } catch (err) {
    if (err instanceof AxiosError) return { error: err.code ?? err.message };
    throw err;
  }
}

const statuses = (res: AxiosResponse) =>
  (res.data.results as S['EventResult'][]).map((r) => r.status);

for (const kind of STORE_KINDS) {
  describe(`reference server fault injection (${kind})`, () => {
    let h: Harness;
    let st: StationClient;
    before(async () => {
      h = await startHarness(kind);
    });
    after(() => h.close());
    const fresh = async () => (st = await h.station());

    it('drop: the connection is reset before handling; nothing applied; a retry is accepted', async () => {
      await fresh();
      const batch = events(st.id, 'S1', 3);
      const out = await attempt(st.push(batch, { 'x-fault': 'drop' }));
      assert.equal(out.error, 'ECONNRESET');
      assert.equal((await h.held(st.id)).length, 0);
      assert.deepEqual(statuses(await st.push(batch)), ['accepted', 'accepted', 'accepted']);
    });

    it('drop-after-commit: applied, then reset; the retry gets the original serverSeqs', async () => {
      await fresh();
      const batch = events(st.id, 'S1', 3);
      const out = await attempt(st.push(batch, { 'x-fault': 'drop-after-commit' }));
      assert.equal(out.error, 'ECONNRESET');
      const held = await h.held(st.id);
      assert.equal(held.length, 3);
      const retry = await st.push(batch);
      assert.deepEqual(statuses(retry), ['duplicate', 'duplicate', 'duplicate']);
      assert.deepEqual(
        retry.data.results.map((r: { serverSeq: number }) => r.serverSeq),
        held.map((e) => e.serverSeq),
      );
    });

    it('error-500: a problem+json 500, nothing applied; the retry is accepted', async () => {
      await fresh();
      const batch = events(st.id, 'S1', 2);
      const res = await st.push(batch, { 'x-fault': 'error-500' });
      assert.equal(res.status, 500);
      assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
      assert.equal(res.data.code, 'internal');
      assert.equal(res.headers['x-fault-injected'], 'error-500');
      assert.equal((await h.held(st.id)).length, 0);
      assert.deepEqual(statuses(await st.push(batch)), ['accepted', 'accepted']);
    });

    it('error-429: Retry-After in seconds (and retryAfterMs in the body), nothing applied', async () => {
      await fresh();
      const res = await st.push(events(st.id, 'S1', 1), { 'x-fault': 'error-429=2' });
      assert.equal(res.status, 429);
      assert.equal(res.headers['retry-after'], '2');
      assert.equal(res.data.code, 'rate-limited');
      assert.equal(res.data.retryAfterMs, 2000);
      const pull = await st.pull(undefined, undefined, { 'x-fault': 'error-429' });
      assert.equal(pull.status, 429);
      assert.equal(pull.headers['retry-after'], '1');
      assert.equal((await h.held(st.id)).length, 0);
    });

    it('delay: the answer comes later and is the normal one', async () => {
      await fresh();
      const res = await st.push(events(st.id, 'S1', 2), { 'x-fault': 'delay=150' });
      assert.equal(res.status, 200);
      assert.equal(res.headers['x-fault-injected'], 'delay');
      assert.deepEqual(statuses(res), ['accepted', 'accepted']);
    });

    it('timeout-after-commit: applied, the answer never comes; the retry gets the original outcome', async () => {
      await fresh();
      const batch = events(st.id, 'S1', 2);
      const out = await attempt(
        st.http.post(
          '/v1/events',
          { events: batch },
          {
            headers: { 'x-fault': 'timeout-after-commit' },
            timeout: 300,
          },
        ),
      );
      assert.equal(out.error, 'ECONNABORTED');
      const held = await h.held(st.id);
      assert.deepEqual(
        held.map((e) => e.event.id),
        batch.map((e) => e.id),
      );
      const retry = await st.push(batch);
      assert.deepEqual(statuses(retry), ['duplicate', 'duplicate']);

      const msg: S['SessionExpiryMessage'] = {
        id: randomUUID(),
        kind: 'session-expiry',
        plate: 'B1',
        sessionId: 'S1',
        expiresAt: 1,
      };
      const lost = await attempt(
        st.http.post('/v1/messages', msg, {
          headers: { 'x-fault': 'timeout-after-commit' },
          timeout: 300,
        }),
      );
      assert.equal(lost.error, 'ECONNABORTED');
      const replay = await st.http.post('/v1/messages', msg);
      assert.equal(replay.status, 202);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
    });

    it('timeout-after-commit on a refresh: the used token is spent; device credentials sign in again', async () => {
      await fresh();
      const grant = { grantType: 'refresh_token', refreshToken: st.tokens.refreshToken };
      const lost = await attempt(
        h.anon.post('/v1/auth/token', grant, {
          headers: { 'x-fault': 'timeout-after-commit' },
          timeout: 300,
        }),
      );
      assert.equal(lost.error, 'ECONNABORTED');
      const again = await h.anon.post('/v1/auth/token', grant);
      assert.equal(again.status, 401);
      assert.equal(again.data.code, 'invalid-grant');
      const signIn = await h.anon.post('/v1/auth/token', {
        grantType: 'device_credentials',
        stationId: st.id,
        deviceSecret: st.secret,
      });
      assert.equal(signIn.status, 200);
    });

    it('duplicate-delivery: a push handled twice is stored once; the answer is the replay', async () => {
      await fresh();
      const batch = events(st.id, 'S1', 3);
      const res = await st.push(batch, { 'x-fault': 'duplicate-delivery' });
      assert.equal(res.status, 200);
      assert.deepEqual(statuses(res), ['duplicate', 'duplicate', 'duplicate']);
      const held = await h.held(st.id);
      assert.equal(held.length, 3);
      assert.deepEqual(
        res.data.results.map((r: { serverSeq: number }) => r.serverSeq),
        held.map((e) => e.serverSeq),
      );
      const msg: S['ExitWindowReminder'] = {
        id: randomUUID(),
        kind: 'exit-window-reminder',
        plate: 'B1',
        sessionId: 'S1',
        exitBy: 1,
      };
      const sent = await st.http.post('/v1/messages', msg, {
        headers: { 'x-fault': 'duplicate-delivery' },
      });
      assert.equal(sent.status, 202);
      assert.equal(sent.headers['idempotent-replayed'], 'true');
    });

    it('duplicate-delivery on a pull repeats changes; skipping seq <= last applied gets each once', async () => {
      await fresh();
      await h.admin.post('/admin/changes', {
        stations: [st.id],
        changes: Array.from({ length: 10 }, (_, i) => ({
          kind: 'plateListEntry',
          op: 'put',
          data: { plate: `B${i}X`, list: 'whitelist', reason: 'test', validTo: null },
        })),
      });
      const first = await st.pull(undefined, 4);
      const second = await st.pull(first.data.nextCursor, 4, {
        'x-fault': 'duplicate-delivery=2',
      });
      assert.deepEqual(
        second.data.changes.map((c) => c.seq),
        [3, 4, 5, 6],
      );
      let applied = 0;
      const seqs: number[] = [];
      let cursor: string | undefined;
      for (let guard = 0, more = true; more && guard < 20; guard += 1) {
        const page = await st.pull(cursor, 3, { 'x-fault': 'duplicate-delivery=2' });
        for (const c of page.data.changes) {
          if (c.seq <= applied) continue; // the client's rule from the document
          seqs.push(c.seq);
          applied = c.seq;
        }
        cursor = page.data.nextCursor;
        more = page.data.hasMore;
      }
      assert.deepEqual(
        seqs,
        Array.from({ length: 10 }, (_, i) => i + 1),
      );
    });

    it('clock-skew: the server clock is off (per request or run-wide); nothing depends on it', async () => {
      await fresh();
      const skew = 3_600_000;
      const before = Date.now();
      const res = await st.http.get('/v1/station', {
        headers: { 'x-fault': `clock-skew=${skew}` },
      });
      const after = Date.now();
      assert.equal(res.status, 200);
      assert.ok(res.data.serverTime >= before + skew && res.data.serverTime <= after + skew);

      await h.admin.put('/admin/clock', { offsetMs: -7 * 86_400_000 });
      try {
        const signIn = await h.anon.post('/v1/auth/token', {
          grantType: 'device_credentials',
          stationId: st.id,
          deviceSecret: st.secret,
        });
        assert.equal(signIn.status, 200);
        assert.ok(signIn.data.serverTime < Date.now() - 6 * 86_400_000);
        const skewed = await h.anon.post(
          '/v1/events',
          { events: events(st.id, 'S1', 1, { type: 'session.opened' }) },
          { headers: { authorization: `Bearer ${signIn.data.accessToken}` } },
        );
        // Events are never judged by their `at` against the server's clock.
        assert.deepEqual(statuses(skewed), ['accepted']);
      } finally {
        await h.admin.put('/admin/clock', { offsetMs: 0 });
      }
    });

    it('a run-wide plan (every n-th, at most n times) and its count of injected faults', async () => {
      await fresh();
      const plan = {
        rules: [
          { kind: 'error-429', operationId: 'pushEvents', times: 1, param: 0 },
          { kind: 'error-500', operationId: 'pushEvents', every: 2 },
        ],
      };
      const before = (await h.admin.get('/admin/faults')).data.injected;
      assert.equal((await h.admin.put('/admin/faults', plan)).status, 200);
      try {
        const seen: number[] = [];
        for (let i = 0; i < 5; i += 1) seen.push((await st.push(events(st.id, `P${i}`, 1))).status);
        assert.deepEqual(seen, [429, 200, 500, 200, 500]);
        const after = (await h.admin.get('/admin/faults')).data.injected;
        assert.equal(after['error-429'] - before['error-429'], 1);
        assert.equal(after['error-500'] - before['error-500'], 2);
      } finally {
        await h.admin.delete('/admin/faults');
      }
    });

    it('X-Fault is refused when unknown and ignored unless the server allows it', async () => {
      await fresh();
      const bad = await st.push(events(st.id, 'S1', 1), { 'x-fault': 'meteor' });
      assert.equal(bad.status, 400);
      const strict = await startHarness(kind, { faultHeader: false });
      try {
        const s = await strict.station();
        const res = await s.push(events(s.id, 'S1', 1), { 'x-fault': 'error-500' });
        assert.equal(res.status, 200);
      } finally {
        await strict.close();
      }
    });

    it('randomised faults of every kind: a retrying client ends with every event once, in order', async (t) => {
      await fresh();
      const rules = [
        {
          kind: 'random',
          operationId: 'pushEvents',
          probability: 0.6,
          params: { delay: 5, 'error-429': 0, 'clock-skew': 90_000 },
        },
      ];
      await h.admin.put('/admin/faults', { seed: 7, rules });
      const before = (await h.admin.get('/admin/faults')).data.injected;
      try {
        // 6 aggregates x 60 events, interleaved as a journal would commit them.
        const byAgg = Array.from({ length: 6 }, (_, i) => events(st.id, `R${i}`, 60));
        const journal = Array.from({ length: 360 }, (_, i) => byAgg[i % 6]![Math.floor(i / 6)]!);
        let attempts = 0;
        for (let i = 0; i < journal.length; i += 5) {
          const batch = journal.slice(i, i + 5);
          for (let done = false; !done;) {
            attempts += 1;
            assert.ok(attempts < 500, 'the retry loop must end');
            const out = await attempt(
              st.http.post('/v1/events', { events: batch }, { timeout: 400 }),
            );
            done =
              out.res?.status === 200 &&
              statuses(out.res).every((s) => s === 'accepted' || s === 'duplicate');
          }
        }
        const held = await h.held(st.id);
        assert.equal(held.length, 360);
        assert.equal(new Set(held.map((e) => e.event.id)).size, 360);
        for (const evs of byAgg) {
          const mine = held.filter((e) => e.event.aggregateId === evs[0]!.aggregateId);
          assert.deepEqual(
            mine.map((e) => e.event.id),
            evs.map((e) => e.id),
          );
        }
        const after = (await h.admin.get('/admin/faults')).data.injected;
        const injected = Object.fromEntries(FAULT_KINDS.map((k) => [k, after[k] - before[k]]));
        t.diagnostic(`${attempts} attempts, faults injected: ${JSON.stringify(injected)}`);
        for (const k of FAULT_KINDS)
          assert.ok((injected[k] ?? 0) > 0, `${k}: ${JSON.stringify(injected)}`);
      } finally {
        await h.admin.delete('/admin/faults');
      }
    });
  });
}
