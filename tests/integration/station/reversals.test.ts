import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { demoPin, requestKey, startHarness, type Harness } from '../../support/station-harness';

/**
 * Voids and refunds on a real station (SQLite file): a manager's decisions with a reason, cash
 * back out of the drawer, never more back than was paid, never a void outside its shift or
 * after the car has left, and a Z report that still balances to the cent.
 */
describe('voids and refunds (real station)', () => {
  let h: Harness;
  let db: Database.Database;
  let n = 0;
  const MANAGER = 'manager-console';

  before(async () => {
    h = await startHarness();
    await h.signIn('cashier');
    await h.signIn('manager', MANAGER);
    await h.call('shifts:moveCash', {
      kind: 'pay-in',
      amountMinor: 50_000,
      reference: 'FLOAT-2',
      reason: 'change for the day',
    });
    db = new Database(join(h.dataDir, 'station.db'), { readonly: true });
  });
  after(async () => {
    db.close();
    await h.stop();
  });

  async function sale(minutes = 95) {
    const plate = `RV${String(++n).padStart(4, '0')}`;
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate });
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(minutes);
    const quote = await h.call('sessions:quote', { sessionId });
    const paid = await h.call('payments:cash', {
      sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    });
    await h.call('operator:activity', {});
    return { plate, sessionId, payment: paid.payment };
  }

  const refused = (promise: Promise<unknown>, code: string, message?: RegExp) =>
    assert.rejects(promise, (err: Error) => {
      assert.match(err.message, new RegExp(`^${code}: `));
      if (message) assert.match(err.message, message);
      return true;
    });

  const expectedCash = async () =>
    (await h.call('shifts:xReport', {}, MANAGER)).totals.expectedCashMinor;

  it('voids the latest sale of the open shift: the stay owes again, the cash leaves the drawer', async () => {
    const { sessionId, payment } = await sale();
    const before = await expectedCash();
    const found = await h.call('payments:byReceipt', { receiptNumber: payment.receiptNumber });
    assert.equal(found.id, payment.id);
    assert.equal(found.voidRefusal, null);
    assert.equal(found.refundableMinor, payment.amountMinor);
    await refused(
      h.call('payments:void', { paymentId: payment.id, reason: 'wrong car' }),
      'NOT_ALLOWED',
    );

    const voided = await h.call(
      'payments:void',
      { paymentId: payment.id, reason: 'charged the wrong car' },
      MANAGER,
    );
    assert.equal(voided.reversals.length, 1);
    assert.equal(voided.reversals[0]!.kind, 'void');
    assert.equal(voided.reversals[0]!.approvedBy, 'manager');
    assert.equal(voided.refundableMinor, 0);
    assert.match(voided.voidRefusal ?? '', /voided or refunded already/);
    const session = await h.call('sessions:get', { sessionId });
    assert.equal(session.state, 'open');
    assert.equal(session.paidMinor, 0);
    assert.equal(session.quote?.dueMinor, payment.amountMinor, 'the stay owes its fee again');
    assert.equal(await expectedCash(), before - payment.amountMinor);
    await refused(
      h.call('payments:void', { paymentId: payment.id, reason: 'again' }, MANAGER),
      'CONFLICT',
      /already/,
    );
    const event = db
      .prepare(`SELECT actor, payload_json FROM journal WHERE type = 'payment.voided'`)
      .get() as { actor: string; payload_json: string };
    assert.equal(event.actor, 'manager');
    assert.equal(JSON.parse(event.payload_json).reason, 'charged the wrong car');
    assert.equal(JSON.parse(event.payload_json).receiptNumber, payment.receiptNumber);
    // The receipt keeps its number; the payment keeps its row.
    assert.equal(
      (await h.call('payments:byReceipt', { receiptNumber: payment.receiptNumber })).id,
      payment.id,
    );
  });

  it('refunds a car that has left, in parts, never more than was paid', async () => {
    const { plate, payment } = await sale(200);
    await h.call('lanes:manualRead', { laneId: 'exit-1', plate });
    const found = await h.call('payments:byReceipt', { receiptNumber: payment.receiptNumber });
    assert.match(found.voidRefusal ?? '', /car has left: refund it instead/);
    await refused(
      h.call('payments:void', { paymentId: payment.id, reason: 'too late' }, MANAGER),
      'CONFLICT',
      /refund it instead/,
    );
    const before = await expectedCash();
    const part = await h.call(
      'payments:refund',
      { paymentId: payment.id, amountMinor: 300, reason: 'goodwill: barrier slow' },
      MANAGER,
    );
    assert.equal(part.refundableMinor, payment.amountMinor - 300);
    await refused(
      h.call(
        'payments:refund',
        { paymentId: payment.id, amountMinor: payment.amountMinor, reason: 'all of it' },
        MANAGER,
      ),
      'CONFLICT',
      /At most/,
    );
    const rest = await h.call(
      'payments:refund',
      { paymentId: payment.id, amountMinor: payment.amountMinor - 300, reason: 'complaint upheld' },
      MANAGER,
    );
    assert.equal(rest.refundableMinor, 0);
    assert.equal(rest.reversals.length, 2);
    assert.equal(await expectedCash(), before - payment.amountMinor);
  });

  it('voids only in its own shift, and the Z report lists voids and refunds and balances', async () => {
    const { payment } = await sale();
    const x = await h.call('shifts:xReport', {}, MANAGER);
    assert.equal(x.totals.voids.count, 1);
    assert.equal(x.totals.refunds.count, 2);
    const closed = await h.call('shifts:close', {
      count: [{ denominationMinor: 1, pieces: x.totals.expectedCashMinor }],
    });
    assert.equal(closed.report?.varianceMinor, 0);
    assert.equal(closed.report?.totals.cashReturnedMinor, x.totals.cashReturnedMinor);
    await h.call('shifts:open', { count: [] });
    const found = await h.call('payments:byReceipt', { receiptNumber: payment.receiptNumber });
    assert.match(found.voidRefusal ?? '', /shift open now/);
    await refused(
      h.call('payments:void', { paymentId: payment.id, reason: 'next shift' }, MANAGER),
      'CONFLICT',
      /shift open now/,
    );
    // The new drawer holds nothing: a refund can't take cash it doesn't have.
    await refused(
      h.call(
        'payments:refund',
        { paymentId: payment.id, amountMinor: 100, reason: 'x' + 'yz' },
        MANAGER,
      ),
      'CONFLICT',
      /does not hold/,
    );
  });

  it('finds a receipt only by its own prefix and number', async () => {
    await refused(h.call('payments:byReceipt', { receiptNumber: 'X-1' }), 'NOT_FOUND');
    await refused(h.call('payments:byReceipt', { receiptNumber: 'R-99999' }), 'NOT_FOUND');
    await refused(h.call('payments:byReceipt', { receiptNumber: 'nothing' }), 'NOT_FOUND');
    assert.equal((await h.call('payments:byReceipt', { receiptNumber: '1' })).receiptNumber, 'R-1');
  });

  it('a cashier gets a void only with a manager’s one-use approval', async () => {
    const { payment } = await sale();
    await h.call('operator:elevate', {
      name: 'manager',
      pin: demoPin('manager'),
      channel: 'payments:void',
    });
    const voided = await h.call('payments:void', { paymentId: payment.id, reason: 'double tap' });
    assert.equal(voided.reversals[0]!.approvedBy, 'manager');
    const { payment: other } = await sale();
    await refused(
      h.call('payments:void', { paymentId: other.id, reason: 'once only' }),
      'NOT_ALLOWED',
    );
  });

  it('the database itself refuses more back than was paid, and any edit', () => {
    const rw = new Database(join(h.dataDir, 'station.db'));
    try {
      const row = rw
        .prepare(`SELECT payment_id, shift_id FROM payment_reversals LIMIT 1`)
        .get() as {
        payment_id: string;
        shift_id: string;
      };
      assert.throws(
        () =>
          rw
            .prepare(
              `INSERT INTO payment_reversals (id, payment_id, kind, tender, amount_minor,
              reason, approved_by, shift_id, at) VALUES ('F-x', ?, 'refund', 'cash', 1, 'x', 'm', ?, 0)`,
            )
            .run(row.payment_id, row.shift_id),
        /more would go back than was paid/,
      );
      assert.throws(
        () => rw.exec(`UPDATE payment_reversals SET amount_minor = 1`),
        /kept as it was/,
      );
      assert.throws(() => rw.exec(`DELETE FROM payment_reversals`), /never deleted/);
    } finally {
      rw.close();
    }
  });
});
