/**
 * A fuel sale paid at the booth (issue 10), on a whole station with real parts: the simulated
 * pump controller on a socat pty pair, the pump lane's camera (the bundled frames of one car)
 * reading the plate, the reference server on 127.0.0.1 sending the member whose car it is,
 * and the simulated receipt printer decoding what it printed. The delivery becomes a due sale
 * with its member; the cashier pays it in cash; the payment, the receipt (grade, litres, unit
 * price, points, balance), the drawer's line and the sale's new state commit together; the
 * earning consumer credits the points; a replay returns the first result and a second payment
 * is refused. A manager refunds part of it by its receipt number (cash out of the drawer, the
 * member's points taken back by the refunded share); a void is refused (the fuel was delivered).
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fuelAmount } from '../../../src-shared/domain/fuel';
import { pointsToReverse } from '../../../src-shared/domain/loyalty/ledger-rules';
import { eventually, testForecourt } from '../../support/forecourt';
import { singleCarResources } from '../../support/sample-lanes';
import { queryFile, requestKey, type Harness } from '../../support/station-harness';
import {
  startHarness as startServer,
  type Harness as Server,
} from '../reference-server/support/harness';
import { putAna } from '../sync/support/members';
import { startSyncedStation } from '../sync/support/synced-station';

const forecourt = testForecourt({ camera: true });

describe('a fuel sale paid at the booth', { timeout: 120_000 }, () => {
  let server: Server;
  let h: Harness;
  let resourcesDir: string;
  let stationId: string;

  before(async () => {
    server = await startServer('sqlite');
    resourcesDir = singleCarResources('BR07AAC');
    ({ h, stationId } = await startSyncedStation(
      server,
      {
        forecourt,
        plateReader: { kind: 'sample-labels', labelsCsv: 'sample-lanes/labels.csv' },
      },
      { resourcesDir },
    ));
    await putAna(server, stationId, { plate: 'BR07AAC', label: 'Grey Skoda Octavia' });
    await h.signIn('cashier');
    await h.signIn('manager', 'manager-console');
    assert.equal((await h.call('sync:now', {})).state, 'online');
  });
  after(async () => {
    await h?.stop();
    await server?.close();
    if (resourcesDir) rmSync(resourcesDir, { recursive: true, force: true });
  });

  const events = (aggregateId: string) =>
    queryFile<{ type: string; payload_json: string }>(
      join(h.dataDir, 'station.db'),
      'SELECT type, payload_json FROM journal WHERE aggregate_id = ? ORDER BY seq',
      aggregateId,
    ).map((e) => ({
      type: e.type,
      payload: JSON.parse(e.payload_json) as Record<string, unknown>,
    }));

  it('pays in cash: receipt with litres, unit price, points and balance; points credited once', async () => {
    const simulator = h.station.devices.simulated!.pumpControllerSimulator!;
    // Bounded wait for the station's own start-up (the controller and the lane's camera).
    await eventually(async () => {
      const devices = (await h.call('station:status', {})).devices;
      return ['camera-pumps-a', 'pump-controller'].every(
        (id) => devices.find((d) => d.id === id)?.health === 'ok',
      );
    }, 'the forecourt up');
    simulator.liftNozzle(1, 1, { hangUpAtMl: 5_000 });
    const due = await eventually(async () => {
      const list = await h.call('fuel:sales', {});
      return list.length > 0 ? list : null;
    }, 'the sale due at the booth');
    assert.equal(due.length, 1);
    const sale = due[0]!;
    const amount = fuelAmount(5_000, 678_900);
    assert.deepEqual(
      {
        plate: sale.plate,
        ml: sale.millilitres,
        amount: sale.amountMinor,
        member: sale.member?.name,
      },
      { plate: 'BR07AAC', ml: 5_000, amount, member: 'Ana Popescu' },
    );
    const balanceBefore = sale.member!.balance;

    // The amount the screen showed is checked; short cash is refused; nothing is taken.
    const key = requestKey();
    await assert.rejects(
      h.call('fuel:payCash', {
        saleId: sale.id,
        tenderedMinor: 10_000,
        expectedDueMinor: amount + 1,
        idempotencyKey: requestKey(),
      }),
      /not what the screen showed/,
    );
    await assert.rejects(
      h.call('fuel:payCash', {
        saleId: sale.id,
        tenderedMinor: amount - 1,
        expectedDueMinor: amount,
        idempotencyKey: requestKey(),
      }),
      (e: Error) => e.message.length > 0,
    );

    const request = { saleId: sale.id, tenderedMinor: 5_000, expectedDueMinor: amount };
    const paid = await h.call('fuel:payCash', { ...request, idempotencyKey: key });
    // Default rules: 1 point a litre.
    assert.deepEqual(paid.loyalty, {
      memberName: 'Ana Popescu',
      points: 5,
      balanceAfter: balanceBefore + 5,
    });
    assert.equal(paid.changeMinor, 5_000 - amount);
    assert.equal(paid.sale.state, 'paid');

    const receipt = await h.nextReceipt();
    const text = receipt.textLines.join('\n');
    for (const line of [
      'Benzina 95, pump 1',
      '5,00 l x 6,789 lei/l', // the site's locale (ro-RO)
      'Plate: BR07AAC',
      'Member: Ana Popescu',
      'Points earned: 5',
      `Points balance: ${balanceBefore + 5}`,
      paid.receipt.number,
    ]) {
      assert.ok(text.includes(line), `the receipt says "${line}":\n${text}`);
    }
    assert.deepEqual(
      receipt.barcodes.map((b) => b.data),
      [paid.receipt.id],
    );

    // The same request again: the first result, nothing charged twice.
    const again = await h.call('fuel:payCash', { ...request, idempotencyKey: key });
    assert.equal(again.paymentId, paid.paymentId);
    assert.equal(again.receipt.number, paid.receipt.number);
    await assert.rejects(
      h.call('fuel:payCash', { ...request, idempotencyKey: requestKey() }),
      /paid already/,
    );
    assert.deepEqual(await h.call('fuel:sales', {}), []);

    // One payment, its tender in the drawer's shift, the sale's two events.
    const db = join(h.dataDir, 'station.db');
    const payments = queryFile<{ kind: string; fuel_sale_id: string; session_id: null }>(
      db,
      `SELECT kind, fuel_sale_id, session_id FROM payments`,
    );
    assert.deepEqual(payments, [{ kind: 'fuel', fuel_sale_id: sale.id, session_id: null }]);
    const drawer = queryFile<{ kind: string; tender: string; amount_minor: number }>(
      db,
      `SELECT kind, tender, amount_minor FROM shift_entries WHERE payment_id = ?`,
      paid.paymentId,
    );
    assert.deepEqual(drawer, [{ kind: 'sale', tender: 'cash', amount_minor: amount }]);
    const x = await h.call('shifts:xReport', {});
    assert.equal(x.totals.byTender.cash.amountMinor, amount, 'the X report counts it in cash');
    assert.equal(x.totals.expectedCashMinor, x.totals.floatMinor + amount);
    assert.deepEqual(
      events(sale.id).map((e) => e.type),
      ['fuelSale.recorded', 'fuelSale.settled'],
    );
    assert.deepEqual(
      events(paid.paymentId).map((e) => [e.type, e.payload['receiptNumber']]),
      [['fuelPayment.taken', paid.receipt.number]],
    );

    // The earning consumer credits the points once, as the receipt said.
    const ana = await eventually(async () => {
      const [m] = await h.call('loyalty:lookup', { by: 'plate', value: 'BR07AAC' });
      return m && m.balance === balanceBefore + 5 ? m : null;
    }, 'the points credited');
    assert.equal(ana.recent.filter((e) => e.sourceId === sale.id).length, 1);

    // Found by its receipt, the payment is refunded (never voided: the fuel was delivered).
    const found = await h.call(
      'payments:byReceipt',
      { receiptNumber: paid.receipt.number },
      'manager-console',
    );
    assert.deepEqual(
      { sessionId: found.sessionId, plate: found.plate, refundable: found.refundableMinor },
      { sessionId: null, plate: 'BR07AAC', refundable: amount },
    );
    assert.match(found.voidRefusal ?? '', /fuel was delivered/);
    await assert.rejects(
      h.call(
        'payments:void',
        { paymentId: paid.paymentId, reason: 'wrong pump' },
        'manager-console',
      ),
      /fuel was delivered/,
    );
    const xBefore = (await h.call('shifts:xReport', {})).totals;
    const refunded = await h.call(
      'payments:refund',
      { paymentId: paid.paymentId, amountMinor: 1_000, reason: 'price board was wrong' },
      'manager-console',
    );
    assert.equal(refunded.refundableMinor, amount - 1_000);
    assert.deepEqual(
      refunded.reversals.map((r) => [r.kind, r.tender, r.amountMinor]),
      [['refund', 'cash', 1_000]],
    );
    const xAfter = (await h.call('shifts:xReport', {})).totals;
    assert.equal(xBefore.expectedCashMinor - xAfter.expectedCashMinor, 1_000, 'out of the drawer');
    const [back] = events(paid.paymentId).filter((e) => e.type === 'payment.refunded');
    assert.deepEqual(
      [back!.payload['fuelSaleId'], back!.payload['sessionId']],
      [sale.id, undefined],
    );
    // The member's points go back by the refunded share, rounded up: ceil(5 x 10.00 / 33.95).
    const taken = pointsToReverse(5, amount, 1_000, 0);
    assert.equal(taken, 2);
    const member = await eventually(async () => {
      const [m] = await h.call('loyalty:lookup', { by: 'plate', value: 'BR07AAC' });
      return m && m.balance === balanceBefore + 5 - taken ? m : null;
    }, 'the refunded share of the points taken back');

    // She spends 2 points at the booth: the shift's X report lists the redemption (points,
    // not money: the drawer's figures are unchanged).
    const before = (await h.call('shifts:xReport', {})).totals;
    await h.call('loyalty:redeem', { memberId: member.id, points: 2, description: 'Coffee' });
    const printed = h.nextReceipt();
    const after = (await h.call('shifts:xReport', {})).totals;
    const report = (await printed).textLines.join('\n');
    assert.match(report, /^Loyalty redemptions \(\d+\)\s+\d+ points$/m, report);
    assert.deepEqual(
      [
        after.redemptions.count - before.redemptions.count,
        after.redemptions.points - before.redemptions.points,
      ],
      [1, 2],
    );
    assert.equal(after.expectedCashMinor, before.expectedCashMinor);
  });

  it('a sale paid in the app settles without the cashier; one whose app payment lapsed stays due and says so', async () => {
    const simulator = h.station.devices.simulated!.pumpControllerSimulator!;
    // The operator's clock reads the station's (the harness's clock is its own).
    server.server.clock.offsetMs = h.clock.now - Date.now();
    const payInApp = async (amountMinor: number, validForMs: number) => {
      const res = await server.admin.post('/admin/app-payments', {
        stations: [stationId],
        plate: 'BR07AAC',
        purpose: 'fuel',
        amountMinor,
        currency: 'RON',
        validForMs,
      });
      assert.equal(res.status, 200, JSON.stringify(res.data));
      assert.equal((await h.call('sync:now', {})).state, 'online');
    };

    // Paid in the app (up to 100 lei, for 5 minutes) before the nozzle is lifted.
    await payInApp(10_000, 5 * 60_000);
    simulator.liftNozzle(1, 1, { hangUpAtMl: 3_000 });
    const [paidInApp] = await eventually(async () => {
      const list = await h.call('fuel:sales', {});
      return list.length > 0 && list[0]!.app === 'paid' ? list : null;
    }, 'the sale paid in the app');
    assert.equal(paidInApp!.state, 'paid');
    assert.equal(paidInApp!.amountMinor, fuelAmount(3_000, 678_900));
    assert.deepEqual(
      events(paidInApp!.id).map((e) => [e.type, e.payload['via'] ?? null]),
      [
        ['fuelSale.recorded', null],
        ['fuelSale.settled', 'app'],
      ],
    );
    const [fromApp] = queryFile<{ payload_json: string }>(
      join(h.dataDir, 'station.db'),
      `SELECT payload_json FROM journal WHERE type = 'fuelPayment.fromApp'`,
    );
    assert.deepEqual(
      (({ amountMinor, appAmountMinor }) => ({ amountMinor, appAmountMinor }))(
        JSON.parse(fromApp!.payload_json) as Record<string, number>,
      ),
      { amountMinor: paidInApp!.amountMinor, appAmountMinor: 10_000 },
    );
    await assert.rejects(
      h.call('fuel:payCash', {
        saleId: paidInApp!.id,
        tenderedMinor: 10_000,
        expectedDueMinor: paidInApp!.amountMinor,
        idempotencyKey: requestKey(),
      }),
      /paid already/,
    );

    // Delivered first; the app payment (1 minute) reaches the station only after it lapsed.
    simulator.liftNozzle(1, 1, { hangUpAtMl: 2_000 });
    const lapsing = await eventually(async () => {
      const due = (await h.call('fuel:sales', {})).filter((x) => x.state === 'due');
      return due.length > 0 ? due[0]! : null;
    }, 'the second sale due');
    server.server.clock.offsetMs = h.clock.now - Date.now();
    const res = await server.admin.post('/admin/app-payments', {
      stations: [stationId],
      plate: 'BR07AAC',
      purpose: 'fuel',
      amountMinor: 5_000,
      currency: 'RON',
      validForMs: 60_000,
    });
    assert.equal(res.status, 200);
    h.clock.advanceMinutes(2);
    assert.equal((await h.call('sync:now', {})).state, 'online');
    const expired = (await h.call('fuel:sales', {})).find((x) => x.id === lapsing.id)!;
    assert.deepEqual(
      { state: expired.state, app: expired.app },
      { state: 'due', app: 'expired' },
      'a clear state: due at the booth, the app payment expired',
    );
    // The cashier takes it as any other sale.
    const paid = await h.call('fuel:payCash', {
      saleId: lapsing.id,
      tenderedMinor: 2_000,
      expectedDueMinor: lapsing.amountMinor,
      idempotencyKey: requestKey(),
    });
    assert.equal(paid.sale.state, 'paid');
  });
});
