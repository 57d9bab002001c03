/**
 * Loyalty at the station (issue 10), on a real SQLite file and journal: members and vehicles
 * arrive through the sync pull's applier (checked against the wire schema) and are found by
 * phone (its digest), card code or plate; the earning consumer follows the journal by its own
 * cursor and credits a settled sale's points to the plate's member, once, with its event;
 * a void or refund takes them back; earning goes on offline while redemption is refused.
 *
 * The fuel sale is recorded by the real FuelSaleService. The payment layer's events
 * (payment.taken, payment.refunded, fuelSale.settled) are appended here through the real
 * journal, schema-checked, in a transaction each, so the consumer is tested alone; the whole
 * path (FuelCheckout writing fuelSale.settled) is tests/integration/station/fuel-checkout.test.ts.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { translator, type JournalDraft } from '../../../src-shared';
import { fuelAmount } from '../../../src-shared/domain/fuel';
import { openDatabase, type Db } from '../../../src-main/db/database';
import { FuelSaleRepository } from '../../../src-main/db/repositories/fuel-sale-repository';
import { MessageRepository } from '../../../src-main/db/repositories/message-repository';
import { ReferenceDataRepository } from '../../../src-main/db/repositories/reference-data-repository';
import { Journal } from '../../../src-main/journal/journal';
import { createLogger } from '../../../src-main/platform/logger';
import { loyaltySchema } from '../../../src-main/platform/loyalty-config';
import { stationConfigSchema } from '../../../src-main/platform/station-config';
import { FuelSaleService } from '../../../src-main/services/fuel-sale-service';
import { createLoyalty } from '../../../src-main/app/loyalty';
import { phoneDigest } from '../../../src-main/services/loyalty-members';
import { ReferenceApplier } from '../../../src-main/sync/reference-applier';
import { change as changeSchema } from '../../../src-main/sync/wire';
import { Cleanup, tempDir } from '../devices/device-test-helpers';
import { testForecourt } from '../../support/forecourt';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const forecourt = stationConfigSchema.shape.forecourt.parse(testForecourt());

async function station() {
  const dir = await tempDir(cleanup, 'loyalty-earning');
  const db: Db = openDatabase(join(dir, 'station.db'));
  cleanup.add(() => db.close());
  const journal = new Journal(db, randomBytes(32), 'station-1');
  const transact = <T>(fn: () => T): T => db.transaction(fn)();
  let now = Date.parse('2026-11-20T09:00:00Z');
  const clock = () => now++;
  const net = { offline: false };
  const loyalty = createLoyalty({
    db,
    journal,
    transact,
    clock,
    connectivity: () => ({ offline: () => net.offline }),
    words: () => translator('en'),
    // 1 point a 1.00; fuel 2 points a litre; lost tickets earn nothing
    rules: loyaltySchema.parse({ fuel: { by: 'litre', rate: { points: 2, per: 1000 } } }),
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
  let seq = 0;
  const pull = (...changes: Array<Record<string, unknown>>) =>
    transact(() =>
      applier.apply(
        changes.map((c) => changeSchema.parse({ ...c, seq: ++seq, changedAt: now })),
        clock(),
      ),
    );
  const append = (draft: JournalDraft) => transact(() => journal.append(draft, clock()));
  const fuel = new FuelSaleService({
    sales: new FuelSaleRepository(db),
    journal,
    transact,
    clock,
    forecourt,
    currency: 'RON',
  });
  return { db, loyalty, pull, append, fuel, net };
}

const anaPhone = phoneDigest('+40722123456');

describe('loyalty at the station', { timeout: 60_000 }, () => {
  it('members and vehicles from the pull, found by phone, card code and plate', async () => {
    const { loyalty, pull } = await station();
    pull(
      {
        kind: 'member',
        op: 'put',
        key: 'm-ana',
        data: {
          id: 'm-ana',
          name: 'Ana Popescu',
          tier: 'gold',
          smsOptIn: true,
          phoneSha256: anaPhone,
          codes: ['MBR-0001-ANA'],
        },
      },
      {
        kind: 'member',
        op: 'put',
        key: 'm-dan',
        data: { id: 'm-dan', name: 'Dan Ionescu', tier: 'standard', smsOptIn: false },
      },
      {
        kind: 'vehicle',
        op: 'put',
        key: 'B123ABC',
        data: { plate: 'B123ABC', memberId: 'm-ana', label: 'Blue Dacia' },
      },
      {
        kind: 'vehicle',
        op: 'put',
        key: 'CJ45XYZ',
        data: { plate: 'CJ45XYZ', memberId: 'm-dan', label: null },
      },
    );
    const ids = (by: 'phone' | 'code' | 'plate', value: string) =>
      loyalty.members.identify({ by, value }).map((m) => m.id);
    assert.deepEqual(ids('phone', '0722 123 456'), ['m-ana']);
    assert.deepEqual(ids('phone', '+40 722-123-456'), ['m-ana']);
    assert.deepEqual(ids('code', 'MBR-0001-ANA'), ['m-ana']);
    assert.deepEqual(ids('plate', 'b 123 abc'), ['m-ana']);
    assert.deepEqual(ids('phone', '0799 999 999'), []);
    assert.throws(() => ids('phone', 'call me'), /not a phone number/);
    const [ana] = loyalty.members.identify({ by: 'code', value: 'MBR-0001-ANA' });
    assert.deepEqual(
      { name: ana!.name, balance: ana!.balance, vehicles: ana!.vehicles },
      { name: 'Ana Popescu', balance: 0, vehicles: ['B123ABC'] },
    );
    // The car changes hands, and Dan leaves the programme.
    pull(
      {
        kind: 'vehicle',
        op: 'put',
        key: 'B123ABC',
        data: { plate: 'B123ABC', memberId: 'm-dan', label: null },
      },
      { kind: 'member', op: 'delete', key: 'm-dan' },
    );
    assert.deepEqual(ids('plate', 'B123ABC'), []);
    assert.deepEqual(
      loyalty.members.identify({ by: 'code', value: 'MBR-0001-ANA' })[0]!.vehicles,
      [],
    );
  });

  it('a settled sale earns once, for the plate’s member; a void or refund takes it back', async () => {
    const { db, loyalty, pull, append, fuel, net } = await station();
    pull(
      {
        kind: 'member',
        op: 'put',
        key: 'm-ana',
        data: { id: 'm-ana', name: 'Ana Popescu', tier: 'gold', smsOptIn: true },
      },
      {
        kind: 'vehicle',
        op: 'put',
        key: 'B123ABC',
        data: { plate: 'B123ABC', memberId: 'm-ana', label: null },
      },
    );
    // Fuel: 40.123 l at 6.789 recorded at the pump lane with the plate, then settled.
    const outcome = fuel.record({
      controllerId: 'pumps',
      delivery: {
        pump: 1,
        deliveryId: 'D-1',
        authId: 'A-1',
        nozzle: 1,
        grade: 'e95',
        millilitres: 40_123,
        unitPrice: 678_900,
        amountMinor: fuelAmount(40_123, 678_900),
        presetMinor: null,
        reason: 'hung-up',
      },
      plate: 'B123ABC',
    });
    assert.equal(outcome.kind, 'recorded');
    const saleId = outcome.kind === 'recorded' ? outcome.sale.id : '';
    loyalty.earning.catchUp();
    assert.equal(loyalty.ledger.balance('m-ana'), 0, 'a due sale earns nothing yet');
    // Settled while the operator's server is away: earned here at once, pushed later.
    net.offline = true;
    append({
      type: 'fuelSale.settled',
      aggregateId: saleId,
      actor: 'cashier',
      payload: { via: 'booth', paymentId: 'P-F1' },
    });
    loyalty.earning.catchUp();
    assert.equal(loyalty.ledger.balance('m-ana'), 80, 'floor(40.123 l × 2) points');
    assert.throws(
      () =>
        loyalty.ledger.redeem({
          memberId: 'm-ana',
          points: 10,
          description: 'Coffee',
          actor: 'cashier',
        }),
      /offline/,
    );
    net.offline = false;

    // Parking: a stay for the plate, paid 12.99.
    append({
      type: 'session.opened',
      aggregateId: 'S-1',
      actor: 'station',
      payload: {
        plate: 'B123ABC',
        zoneId: 'main',
        laneId: 'entry-1',
        entryAt: 1,
        photoId: null,
        continuesSessionId: null,
        lostTicket: false,
        coveredBy: null,
      },
    } as JournalDraft);
    const paid = {
      sessionId: 'S-1',
      kind: 'parking',
      method: 'cash',
      tenders: [
        {
          tender: 'cash',
          amountMinor: 1_299,
          tenderedMinor: 1_299,
          changeMinor: 0,
          cardReference: null,
        },
      ],
      amountMinor: 1_299,
      tenderedMinor: 1_299,
      changeMinor: 0,
      currency: 'RON',
      receiptId: 'RC-1',
      receiptSeq: 1,
      receiptNumber: 'R-000001',
      alertId: null,
      shiftId: 'SH-1',
    };
    append({
      type: 'payment.taken',
      aggregateId: 'P-1',
      actor: 'cashier',
      payload: paid,
    } as JournalDraft);
    loyalty.earning.catchUp();
    loyalty.earning.catchUp();
    assert.equal(loyalty.ledger.balance('m-ana'), 92, '12 points for 12.99, once');

    // A refund of 6.00 of the 12.99 takes back ceil(12 × 600 / 1299) = 6 points.
    const reversal = {
      sessionId: 'S-1',
      tender: 'cash',
      amountMinor: 600,
      currency: 'RON',
      receiptNumber: 'R-000001',
      shiftId: 'SH-1',
      reason: 'Charged twice',
    };
    append({
      type: 'payment.refunded',
      aggregateId: 'P-1',
      actor: 'manager',
      payload: reversal,
    } as JournalDraft);
    loyalty.earning.catchUp();
    assert.equal(loyalty.ledger.balance('m-ana'), 86);
    // The rest refunded: everything the payment earned is back, and no more.
    append({
      type: 'payment.refunded',
      aggregateId: 'P-1',
      actor: 'manager',
      payload: { ...reversal, amountMinor: 699 },
    } as JournalDraft);
    append({
      type: 'payment.voided',
      aggregateId: 'P-1',
      actor: 'manager',
      payload: { ...reversal, amountMinor: 1_299 },
    } as JournalDraft);
    loyalty.earning.catchUp();
    assert.equal(loyalty.ledger.balance('m-ana'), 80);

    const redeemed = loyalty.ledger.redeem({
      memberId: 'm-ana',
      points: 50,
      description: 'Car wash',
      actor: 'cashier',
    });
    assert.equal(redeemed.points, -50);
    assert.throws(
      () =>
        loyalty.ledger.redeem({
          memberId: 'm-ana',
          points: 31,
          description: 'Car wash',
          actor: 'cashier',
        }),
      /has 30 points: not enough for 31/,
    );
    const events = db
      .prepare(`SELECT type FROM journal WHERE aggregate_id = 'm-ana' ORDER BY seq`)
      .pluck()
      .all();
    assert.deepEqual(events, [
      'loyalty.earned',
      'loyalty.earned',
      'loyalty.reversed',
      'loyalty.reversed',
      'loyalty.redeemed',
    ]);
    const [view] = loyalty.members.identify({ by: 'plate', value: 'B123ABC' });
    assert.equal(view!.balance, 30);
    assert.deepEqual(
      view!.recent.map((e) => [e.kind, e.points]),
      [
        ['redeem', -50],
        ['reverse', -6],
        ['reverse', -6],
        ['earn', 12],
        ['earn', 80],
      ],
    );
  });
});
