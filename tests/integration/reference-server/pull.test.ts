import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHarness, STORE_KINDS, type Harness, type S } from './support/harness';

const vehicle = (n: number): S['Vehicle'] => ({
  plate: `B${String(n).padStart(3, '0')}XYZ`,
  memberId: null,
  label: null,
});

for (const kind of STORE_KINDS) {
  describe(`reference server pull (${kind})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(kind);
    });
    after(() => h.close());

    const seed = async (stations: string[] | 'all', changes: unknown[]) => {
      const res = await h.admin.post('/admin/changes', { stations, changes });
      assert.equal(res.status, 200, JSON.stringify(res.data));
    };

    it('pages by cursor: every change once, in seq order, hasMore until the end', async () => {
      const st = await h.station();
      await seed(
        [st.id],
        Array.from({ length: 25 }, (_, i) => ({ kind: 'vehicle', op: 'put', data: vehicle(i) })),
      );
      const pages: S['ChangesPage'][] = [];
      let cursor: string | undefined;
      for (let guard = 0; guard < 10; guard += 1) {
        const res = await st.pull(cursor, 10);
        assert.equal(res.status, 200);
        pages.push(res.data);
        cursor = res.data.nextCursor;
        if (!res.data.hasMore) break;
      }
      assert.deepEqual(
        pages.map((p) => [p.changes.length, p.hasMore]),
        [
          [10, true],
          [10, true],
          [5, false],
        ],
      );
      const all = pages.flatMap((p) => p.changes);
      assert.deepEqual(
        all.map((c) => c.seq),
        Array.from({ length: 25 }, (_, i) => i + 1),
      );
      assert.deepEqual(
        all.map((c) => c.key),
        Array.from({ length: 25 }, (_, i) => vehicle(i).plate),
      );
      // The end of the feed: an empty page, the same cursor, until something new arrives.
      const end = await st.pull(cursor);
      assert.deepEqual(
        [end.data.changes, end.data.nextCursor, end.data.hasMore],
        [[], cursor, false],
      );
      await seed([st.id], [{ kind: 'vehicle', op: 'delete', key: vehicle(3).plate }]);
      const next = await st.pull(cursor);
      assert.deepEqual(
        next.data.changes.map((c) => [c.seq, c.kind, c.key, c.op, 'data' in c]),
        [[26, 'vehicle', vehicle(3).plate, 'delete', false]],
      );
    });

    it('serves every kind of reference data and decision, each checked against the document', async () => {
      const st = await h.station();
      const now = Date.now();
      const data: [string, unknown][] = [
        ['priceList', { id: 'fuel', name: 'Fuel', currency: 'RON', effectiveFrom: now, items: [] }],
        ['member', { id: 'm1', name: 'Ana', tier: 'gold', smsOptIn: true }],
        ['loyaltyBalance', { memberId: 'm1', points: 10, asOf: now }],
        [
          'permit',
          { id: 'p1', plate: 'B1', kind: 'season', zoneIds: [], validFrom: now, validTo: null },
        ],
        ['plateListEntry', { plate: 'B2', list: 'blacklist', reason: 'unpaid', validTo: null }],
      ];
      await seed(
        [st.id],
        data.map(([k, d]) => ({ kind: k, op: 'put', data: d })),
      );
      const paid = await h.admin.post('/admin/app-payments', {
        stations: [st.id],
        plate: 'b 12-abc',
        amountMinor: 1250,
        currency: 'RON',
      });
      assert.equal(paid.status, 200);
      assert.equal(paid.data.plate, 'B12ABC');
      const res = await st.pull();
      assert.deepEqual(
        res.data.changes.map((c) => [c.kind, c.key]),
        [
          ['priceList', 'fuel'],
          ['member', 'm1'],
          ['loyaltyBalance', 'm1'],
          ['permit', 'p1'],
          ['plateListEntry', 'blacklist:B2'],
          ['appPayment', paid.data.id],
        ],
      );
      const payment = res.data.changes[5] as S['AppPaymentPut'];
      assert.equal(payment.data.amountMinor, 1250);
      assert.equal(payment.data.validUntil - payment.data.paidAt, 15 * 60_000);
    });

    it('refuses reference data that breaks the document, so no station is ever served it', async () => {
      const st = await h.station();
      const res = await h.admin.post('/admin/changes', {
        stations: [st.id],
        changes: [{ kind: 'tariff', op: 'put', data: { id: 't', name: 'x', currency: 'lei' } }],
      });
      assert.equal(res.status, 400);
      assert.ok(
        res.data.errors.some((e: { path: string }) => e.path.startsWith('/changes/0/data')),
      );
      assert.equal((await st.pull()).data.changes.length, 0);
    });

    it('a station registered later starts with the operator-wide data, not old app payments', async () => {
      await seed('all', [{ kind: 'vehicle', op: 'put', data: vehicle(900) }]);
      await seed('all', [{ kind: 'vehicle', op: 'put', data: { ...vehicle(900), label: 'red' } }]);
      await seed('all', [{ kind: 'vehicle', op: 'put', data: vehicle(901) }]);
      await seed('all', [{ kind: 'vehicle', op: 'delete', key: vehicle(901).plate }]);
      await h.admin.post('/admin/app-payments', {
        plate: 'B900XYZ',
        amountMinor: 1,
        currency: 'RON',
      });
      const late = await h.station();
      const res = await late.pull();
      assert.deepEqual(
        res.data.changes.map((c) => [
          c.kind,
          c.key,
          c.op === 'put' ? (c.data as S['Vehicle']).label : null,
        ]),
        [['vehicle', 'B900XYZ', 'red']],
      );
    });

    it('a bad cursor or limit is a 400 problem', async () => {
      const st = await h.station();
      const bad = await st.pull('not-a-cursor');
      assert.equal(bad.status, 400);
      assert.equal(bad.data.code, 'invalid-cursor');
      for (const limit of [0, 1001]) {
        const res = await st.pull(undefined, limit);
        assert.equal(res.status, 400);
        assert.equal(res.data.code, 'invalid-request');
        assert.equal(res.data.errors?.[0]?.path, '/limit');
      }
      const text = await st.http.get('/v1/changes?limit=ten');
      assert.equal(text.status, 400);
    });
  });
}
