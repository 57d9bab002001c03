/**
 * Products for points (issue 10), on a real SQLite file and journal: a member takes one
 * catalogue product, which spends its points and takes one from this station's stock in one
 * transaction with both events; none left, a short balance or no operator refuse it with the
 * reason and change nothing; the stock the config gives counts once, so a restart keeps the
 * station's own count.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { translator } from '../../../src-shared';
import { openDatabase, type Db } from '../../../src-main/db/database';
import { MessageRepository } from '../../../src-main/db/repositories/message-repository';
import { ReferenceDataRepository } from '../../../src-main/db/repositories/reference-data-repository';
import { Journal } from '../../../src-main/journal/journal';
import { createLogger } from '../../../src-main/platform/logger';
import { loyaltySchema } from '../../../src-main/platform/loyalty-config';
import { createLoyalty } from '../../../src-main/app/loyalty';
import { ReferenceApplier } from '../../../src-main/sync/reference-applier';
import { change as changeSchema } from '../../../src-main/sync/wire';
import { Cleanup, tempDir } from '../devices/device-test-helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const rules = loyaltySchema.parse({
  catalogue: [
    { sku: 'coffee', name: 'Coffee', points: 40, stock: 1 },
    { sku: 'wash', name: 'Car wash', points: 500, stock: 3 },
  ],
});

function open(db: Db, net: { offline: boolean }) {
  const journal = new Journal(db, randomBytes(32), 'station-1');
  const transact = <T>(fn: () => T): T => db.transaction(fn)();
  let now = Date.parse('2026-11-20T09:00:00Z');
  const clock = () => now++;
  const loyalty = createLoyalty({
    db,
    journal,
    transact,
    clock,
    connectivity: () => ({ offline: () => net.offline }),
    words: () => translator('en'),
    rules,
    catalogue: rules.catalogue,
    locale: 'ro-RO',
    log: createLogger('test', true),
  });
  const applier = new ReferenceApplier({
    referenceData: new ReferenceDataRepository(db),
    messages: new MessageRepository(db),
    journal,
    useTariff: () => undefined,
    members: loyalty.members,
  });
  const pull = (...changes: Array<Record<string, unknown>>) =>
    transact(() =>
      applier.apply(
        changes.map((c, i) => changeSchema.parse({ ...c, seq: i + 1, changedAt: now })),
        clock(),
      ),
    );
  return { loyalty, pull };
}

const events = (db: Db, type: string) =>
  (
    db.prepare('SELECT payload_json FROM journal WHERE type = ? ORDER BY seq').all(type) as {
      payload_json: string;
    }[]
  ).map((r) => JSON.parse(r.payload_json) as Record<string, unknown>);

describe('products for points', () => {
  it('spends the points and takes one from stock; refuses none left, short, offline', async () => {
    const dir = await tempDir(cleanup, 'loyalty-catalogue');
    const file = join(dir, 'station.db');
    const db = openDatabase(file);
    cleanup.add(() => db.close());
    const net = { offline: false };
    const { loyalty, pull } = open(db, net);
    pull({
      kind: 'member',
      op: 'put',
      key: 'm-ana',
      data: { id: 'm-ana', name: 'Ana Popescu', tier: 'gold', smsOptIn: false },
    });
    loyalty.ledger.earn({
      memberId: 'm-ana',
      points: 100,
      sourceKind: 'fuelSale',
      sourceId: 'F-1',
      category: 'fuel',
      amountMinor: 10_000,
      millilitres: 13_000,
      gradeId: 'e95',
      campaignId: null,
    });
    const stock = () => Object.fromEntries(loyalty.products().map((p) => [p.sku, p.onHand]));
    assert.deepEqual(stock(), { coffee: 1, wash: 3 });

    const after = loyalty.redeemProduct({ memberId: 'm-ana', sku: 'coffee' }, 'cashier');
    assert.equal(after.member.balance, 60);
    // What the customer's slip will say (tests/integration/sync/loyalty.test.ts prints one).
    assert.deepEqual(
      { ...after.redemption, id: undefined, at: undefined },
      {
        id: undefined,
        at: undefined,
        description: 'Coffee',
        points: 40,
        memberName: after.member.name,
        balanceAfter: 60,
        operator: 'cashier',
      },
    );
    assert.deepEqual(stock(), { coffee: 0, wash: 3 });
    const [spent] = events(db, 'loyalty.redeemed');
    const [taken] = events(db, 'loyalty.productRedeemed');
    assert.equal(spent!['description'], 'Coffee');
    assert.deepEqual(taken, {
      redemptionId: spent!['redemptionId'],
      sku: 'coffee',
      name: 'Coffee',
      points: 40,
      onHandAfter: 0,
    });

    const balance = () => loyalty.ledger.balance('m-ana');
    assert.throws(
      () => loyalty.redeemProduct({ memberId: 'm-ana', sku: 'coffee' }, 'cashier'),
      /No Coffee is left at this station/,
    );
    assert.throws(
      () => loyalty.redeemProduct({ memberId: 'm-ana', sku: 'wash' }, 'cashier'),
      /has 60 points: not enough for 500/,
    );
    assert.throws(
      () => loyalty.redeemProduct({ memberId: 'm-ana', sku: 'tea' }, 'cashier'),
      /no product tea/,
    );
    net.offline = true;
    loyalty.ledger.earn({
      memberId: 'm-ana',
      points: 1000,
      sourceKind: 'fuelSale',
      sourceId: 'F-2',
      category: 'fuel',
      amountMinor: 100_000,
      millilitres: 130_000,
      gradeId: 'e95',
      campaignId: null,
    });
    assert.throws(
      () => loyalty.redeemProduct({ memberId: 'm-ana', sku: 'wash' }, 'cashier'),
      /can't be redeemed while the station is offline/,
    );
    assert.equal(balance(), 1060, 'nothing spent by a refusal');
    assert.deepEqual(stock(), { coffee: 0, wash: 3 }, 'nothing taken by a refusal');
    assert.equal(events(db, 'loyalty.productRedeemed').length, 1);

    // A restart with the same configured stock keeps the station's own count.
    const again = open(db, net);
    assert.deepEqual(Object.fromEntries(again.loyalty.products().map((p) => [p.sku, p.onHand])), {
      coffee: 0,
      wash: 3,
    });
  });
});
