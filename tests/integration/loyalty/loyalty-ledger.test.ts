/**
 * The points ledger on a real SQLite file (migration 19): a property test drives random
 * earn, redeem and reverse sequences through LoyaltyLedger and checks, after every step, that
 * each balance is the sum of its entries (and the cache equals it), that a redemption never
 * leaves a balance negative (one that would is refused, and so is any offline), and that the
 * reversals of a sale never take back more than it earned. Then the schema's own guards: no
 * entry is changed or deleted, and no reversal beyond its earn gets in even past the service.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { StationError, translator } from '../../../src-shared';
import { openDatabase, type Db } from '../../../src-main/db/database';
import { LoyaltyLedgerRepository } from '../../../src-main/db/repositories/loyalty-ledger-repository';
import { Journal } from '../../../src-main/journal/journal';
import { verifyJournal } from '../../../src-main/journal/verify';
import { LoyaltyLedger } from '../../../src-main/services/loyalty-ledger';
import { Cleanup, tempDir } from '../devices/device-test-helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function ledgerOnFile() {
  const dir = await tempDir(cleanup, 'loyalty');
  const db: Db = openDatabase(join(dir, 'station.db'));
  cleanup.add(() => db.close());
  const key = randomBytes(32);
  const connectivity = { online: true };
  let now = 1_750_000_000_000;
  const entries = new LoyaltyLedgerRepository(db);
  const ledger = new LoyaltyLedger({
    entries,
    journal: new Journal(db, key, 'station-1'),
    transact: (fn) => db.transaction(fn)(),
    clock: () => now++,
    connectivity: { offline: () => !connectivity.online },
    words: () => translator('en'),
  });
  return { db, key, entries, ledger, connectivity };
}

const MEMBERS = ['m-ana', 'm-dan', 'm-eva'];

type Op =
  | { op: 'earn'; member: number; sale: number; points: number; paidMinor: number }
  | { op: 'redeem'; member: number; points: number; online: boolean }
  | { op: 'void'; sale: number }
  | { op: 'refund'; sale: number; amountMinor: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant('earn' as const),
    member: fc.nat(MEMBERS.length - 1),
    sale: fc.nat(30),
    points: fc.integer({ min: 0, max: 500 }),
    paidMinor: fc.integer({ min: 1, max: 50_000 }),
  }),
  fc.record({
    op: fc.constant('redeem' as const),
    member: fc.nat(MEMBERS.length - 1),
    points: fc.integer({ min: -5, max: 800 }),
    online: fc.boolean(),
  }),
  fc.record({ op: fc.constant('void' as const), sale: fc.nat(30) }),
  fc.record({
    op: fc.constant('refund' as const),
    sale: fc.nat(30),
    amountMinor: fc.integer({ min: 1, max: 30_000 }),
  }),
);

describe('the points ledger', { timeout: 120_000 }, () => {
  it('balance = sum of entries, never negative after a redeem, reversals bounded by earns', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 80 }), async (ops) => {
        const { db, entries, ledger, connectivity } = await ledgerOnFile();
        // The model: what each member should have, and each sale's earn, paid and refunds.
        const expected = new Map<string, number>(MEMBERS.map((m) => [m, 0]));
        const sales = new Map<
          string,
          { member: string; earned: number; paid: number; refunded: number; reversed: number }
        >();
        for (const o of ops) {
          if (o.op === 'earn') {
            const id = `P-${o.sale}`;
            const member = MEMBERS[o.member]!;
            const entry = ledger.earn({
              memberId: member,
              points: o.points,
              sourceKind: 'payment',
              sourceId: id,
              category: 'parking',
              amountMinor: o.paidMinor,
              millilitres: null,
              gradeId: null,
              campaignId: null,
            });
            if (sales.has(id) || o.points === 0) {
              assert.equal(entry, null, 'a sale earns once, and 0 points is no entry');
            } else {
              assert.equal(entry?.points, o.points);
              sales.set(id, {
                member,
                earned: o.points,
                paid: o.paidMinor,
                refunded: 0,
                reversed: 0,
              });
              expected.set(member, expected.get(member)! + o.points);
            }
          } else if (o.op === 'redeem') {
            const member = MEMBERS[o.member]!;
            connectivity.online = o.online;
            const before = expected.get(member)!;
            const allowed = o.online && o.points > 0 && o.points <= before;
            try {
              ledger.redeem({
                memberId: member,
                points: o.points,
                description: 'Car wash',
                actor: 'cashier',
              });
              assert.ok(
                allowed,
                `redeem ${o.points} of ${before} (online ${o.online}) went through`,
              );
              expected.set(member, before - o.points);
              assert.ok(
                ledger.balance(member) >= 0,
                'a redemption never leaves a balance negative',
              );
            } catch (error) {
              assert.ok(error instanceof StationError && error.code === 'CONFLICT', String(error));
              assert.ok(!allowed, `redeem ${o.points} of ${before} refused: ${error.message}`);
              if (!o.online) assert.match(error.message, /offline/);
            }
          } else {
            const id = `P-${o.sale}`;
            const sale = sales.get(id);
            const amounts =
              o.op === 'void'
                ? { paidMinor: sale?.paid ?? 1, refundedMinor: sale?.paid ?? 1 }
                : {
                    paidMinor: sale?.paid ?? 1,
                    refundedMinor: Math.min(sale?.paid ?? 1, (sale?.refunded ?? 0) + o.amountMinor),
                  };
            const entry = ledger.reverse(
              { kind: 'payment', id },
              o.op === 'void' ? 'voided' : 'refunded',
              amounts,
            );
            if (!sale) {
              assert.equal(entry, null, 'nothing to reverse for a sale that never earned');
              continue;
            }
            sale.refunded = amounts.refundedMinor;
            const taken = entry ? -entry.points : 0;
            sale.reversed += taken;
            expected.set(sale.member, expected.get(sale.member)! - taken);
            assert.ok(sale.reversed <= sale.earned, 'reversals never exceed the earn');
            if (o.op === 'void' || sale.refunded >= sale.paid) {
              assert.equal(sale.reversed, sale.earned, 'a void or a full refund takes it all');
            }
          }
          for (const m of MEMBERS) {
            const check = entries.verify(m);
            assert.ok(check.equal, `${m}: cached ${check.cached}, sum ${check.sum}`);
            assert.equal(check.sum, expected.get(m), `${m}: balance is the sum of its entries`);
          }
        }
        // Every entry went with its journal event, and the chain holds.
        const ledgerRows = db.prepare('SELECT COUNT(*) FROM loyalty_entries').pluck().get();
        const events = db
          .prepare(`SELECT COUNT(*) FROM journal WHERE type LIKE 'loyalty.%'`)
          .pluck()
          .get();
        assert.equal(events, ledgerRows);
      }),
      { numRuns: 60 },
    );
  });

  it('the schema keeps the ledger append-only and the reversals bounded', async () => {
    const { db, key, entries, ledger } = await ledgerOnFile();
    const earned = ledger.earn({
      memberId: 'm-ana',
      points: 40,
      sourceKind: 'fuelSale',
      sourceId: 'F-1',
      category: 'fuel',
      amountMinor: 27_156,
      millilitres: 40_000,
      gradeId: 'e95',
      campaignId: null,
    })!;
    assert.throws(
      () => db.prepare('UPDATE loyalty_entries SET points = 4000').run(),
      /never changes/,
    );
    assert.throws(() => db.prepare('DELETE FROM loyalty_entries').run(), /never deleted/);
    const sneak = (points: number, id: string) =>
      db
        .prepare(
          `INSERT INTO loyalty_entries (id, member_id, kind, points, source_kind, source_id,
           reverses, at) VALUES (?, 'm-ana', 'reverse', ?, 'fuelSale', 'F-1', ?, 1)`,
        )
        .run(id, points, earned.id);
    sneak(-30, 'X-1');
    assert.throws(() => sneak(-11, 'X-2'), /more than its earn gave/);
    assert.deepEqual(entries.verify('m-ana'), { sum: 10, cached: 10, entries: 2, equal: true });
    assert.equal(
      ledger.reverse({ kind: 'fuelSale', id: 'F-1' }, 'voided', {
        paidMinor: 27_156,
        refundedMinor: 27_156,
      })?.points,
      -10,
    );
    assert.equal(ledger.balance('m-ana'), 0);
    const verified = verifyJournal(db, key);
    assert.equal(verified.ok, true);
  });
});
