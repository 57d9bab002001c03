import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { CardTerminalSimulator } from '../../../src-main/devices/terminal/card-terminal-simulator';
import { requestKey, startHarness, type Harness } from '../../support/station-harness';

/**
 * Card and split tenders on a real station: the ECR driver talks to the card terminal simulator
 * over a socat pty, SQLite is a real file. Every outcome ends in exactly one state: approved is
 * one payment, declined or cancelled nothing, and a lost reply or a hung terminal is settled
 * by asking the terminal, never by charging again.
 */
describe('card payments through the terminal (real station, ECR over a pty)', () => {
  let h: Harness;
  let db: Database.Database;
  let terminal: CardTerminalSimulator;
  let n = 0;

  before(async () => {
    h = await startHarness({
      cardTerminal: { kind: 'simulated', replyTimeoutSeconds: 2, statusQueries: 2 },
      zones: [{ id: 'main', name: 'Main lot', capacity: 50, tariffId: 'test' }],
    });
    await h.signIn('cashier');
    terminal = h.station.devices.simulated!.cardTerminalSimulator!;
    db = new Database(join(h.dataDir, 'station.db'), { readonly: true });
  });
  after(async () => {
    db.close();
    await h.stop();
  });

  const paymentsOf = (sessionId: string) =>
    db
      .prepare('SELECT id, method, amount_minor AS amount FROM payments WHERE session_id = ?')
      .all(sessionId) as { id: string; method: string; amount: number }[];
  const chargesFor = (amount: number) => terminal.charges.filter((c) => c.amount === amount);

  async function carOwing(minutes = 95) {
    const plate = `CD${String(++n).padStart(4, '0')}`;
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate });
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(minutes);
    const quote = await h.call('sessions:quote', { sessionId });
    await h.call('operator:activity', {});
    return { plate, sessionId, due: quote.dueMinor };
  }

  const refused = (promise: Promise<unknown>, code: string, message: RegExp) =>
    assert.rejects(promise, (err: Error) => {
      assert.match(err.message, new RegExp(`^${code}: `));
      assert.match(err.message, message);
      return true;
    });

  it('takes an approved card: one payment, one charge, a card line on the receipt and in the drawer', async () => {
    const { sessionId, due } = await carOwing();
    const paid = await h.call('payments:card', {
      sessionId,
      expectedDueMinor: due,
      idempotencyKey: requestKey(),
    });
    assert.equal(paid.payment.method, 'card');
    assert.equal(paid.payment.amountMinor, due);
    assert.equal(paid.payment.changeMinor, 0);
    assert.equal(paid.session.state, 'paid');
    assert.equal(paymentsOf(sessionId).length, 1);
    const tenders = db
      .prepare(
        'SELECT tender, amount_minor AS amount, card_reference AS ref FROM payment_tenders WHERE payment_id = ?',
      )
      .all(paid.payment.id) as { tender: string; amount: number; ref: string }[];
    assert.deepEqual(
      tenders.map((t) => [t.tender, t.amount]),
      [['card', due]],
    );
    assert.equal(terminal.transactions.get(tenders[0]!.ref)?.result.state, 'approved');
    const x = await h.call('shifts:xReport', {});
    assert.equal(x.totals.byTender.card.amountMinor, due);
    assert.equal(
      x.totals.expectedCashMinor,
      x.totals.floatMinor +
        x.totals.cashTenderedMinor -
        x.totals.changeMinor +
        x.totals.payInsMinor -
        x.totals.payOutsMinor -
        x.totals.dropsMinor -
        x.totals.cashReturnedMinor,
      'a card takes no cash',
    );
  });

  it('splits part cash, part card in one payment', async () => {
    const { sessionId, due } = await carOwing(300);
    const cash = Math.floor(due / 3);
    const paid = await h.call('payments:card', {
      sessionId,
      expectedDueMinor: due,
      cashMinor: cash,
      cashTenderedMinor: cash,
      idempotencyKey: requestKey(),
    });
    assert.equal(paid.payment.method, 'split');
    assert.equal(paid.payment.amountMinor, due);
    const tenders = db
      .prepare(
        'SELECT tender, amount_minor AS amount FROM payment_tenders WHERE payment_id = ? ORDER BY tender',
      )
      .all(paid.payment.id) as { tender: string; amount: number }[];
    assert.deepEqual(tenders, [
      { tender: 'card', amount: due - cash },
      { tender: 'cash', amount: cash },
    ]);
    assert.equal(chargesFor(due - cash).length >= 1, true);
    const event = db
      .prepare(
        `SELECT version, payload_json FROM journal WHERE type = 'payment.taken' AND aggregate_id = ?`,
      )
      .get(paid.payment.id) as { version: number; payload_json: string };
    assert.equal(event.version, 4);
    assert.equal((JSON.parse(event.payload_json) as { tenders: unknown[] }).tenders.length, 2);
    // Found for a refund, each tender goes back the way it came: the card part through the
    // terminal, the cash part from the drawer (tests/integration/station/card-reversals.test.ts).
    const found = await h.call('payments:byReceipt', { receiptNumber: paid.payment.receiptNumber });
    assert.equal(found.refundableMinor, due);
    assert.deepEqual(found.tenders, [
      { tender: 'card', paidMinor: due - cash, refundableMinor: due - cash },
      { tender: 'cash', paidMinor: cash, refundableMinor: cash },
    ]);
    assert.equal(found.voidRefusal, null);
  });

  it('charges nothing when the card is declined or cancelled, and says so', async () => {
    const { sessionId, due } = await carOwing();
    terminal.script({ kind: 'decline' });
    await refused(
      h.call('payments:card', { sessionId, expectedDueMinor: due, idempotencyKey: requestKey() }),
      'CONFLICT',
      /Card declined .*nothing was charged/,
    );
    terminal.script({ kind: 'cancel' });
    await refused(
      h.call('payments:card', { sessionId, expectedDueMinor: due, idempotencyKey: requestKey() }),
      'CONFLICT',
      /Cancelled on the terminal/,
    );
    assert.equal(paymentsOf(sessionId).length, 0);
    // A new attempt with a new key goes through.
    const paid = await h.call('payments:card', {
      sessionId,
      expectedDueMinor: due,
      idempotencyKey: requestKey(),
    });
    assert.equal(paid.payment.method, 'card');
    assert.equal(paymentsOf(sessionId).length, 1);
    // Every card asked for is in the journal with the terminal's answer, charged or not.
    const cards = db
      .prepare(
        `SELECT r.aggregate_id AS reference, a.payload_json AS answer FROM journal r
         JOIN journal a ON a.aggregate_id = r.aggregate_id AND a.type = 'card.answered'
         WHERE r.type = 'card.requested' AND json_extract(r.payload_json, '$.sessionId') = ?
         ORDER BY r.seq`,
      )
      .all(sessionId) as { reference: string; answer: string }[];
    assert.deepEqual(
      cards.map((c) => JSON.parse(c.answer).state),
      ['declined', 'cancelled', 'approved'],
    );
    const taken = db
      .prepare(`SELECT payload_json FROM journal WHERE type = 'payment.taken' AND aggregate_id = ?`)
      .get(paid.payment.id) as { payload_json: string };
    assert.equal(JSON.parse(taken.payload_json).tenders[0].cardReference, cards[2]!.reference);
  });

  it('recovers an approval whose reply was lost: exactly one payment and one charge', async () => {
    const { sessionId, due } = await carOwing(200);
    const before = terminal.charges.length;
    terminal.script({ kind: 'lose-reply' });
    const key = requestKey();
    const paid = await h.call('payments:card', {
      sessionId,
      expectedDueMinor: due,
      idempotencyKey: key,
    });
    assert.equal(paid.payment.method, 'card');
    assert.equal(terminal.charges.length, before + 1, 'charged once');
    // The same request again (the cashier's console retrying): the same payment, no charge.
    const again = await h.call('payments:card', {
      sessionId,
      expectedDueMinor: due,
      idempotencyKey: key,
    });
    assert.equal(again.payment.id, paid.payment.id);
    assert.equal(terminal.charges.length, before + 1);
    assert.equal(paymentsOf(sessionId).length, 1);
  });

  it('leaves a hung terminal unknown, refuses to charge again, and books nothing until it knows', async () => {
    const { sessionId, due } = await carOwing(60);
    terminal.script({ kind: 'timeout' });
    const key = requestKey();
    await refused(
      h.call('payments:card', { sessionId, expectedDueMinor: due, idempotencyKey: key }),
      'DEVICE_FAULT',
      /Do not charge it again/,
    );
    const attempt = db
      .prepare(`SELECT state FROM card_attempts WHERE request_key = ?`)
      .get(key) as { state: string };
    assert.equal(attempt.state, 'unknown');
    assert.equal(paymentsOf(sessionId).length, 0);
    // The terminal comes back having made no sale: the attempt is settled as nothing charged.
    terminal.recover();
    for (let i = 0; i < 200; i++) {
      const now = db.prepare(`SELECT state FROM card_attempts WHERE request_key = ?`).get(key) as {
        state: string;
      };
      if (now.state !== 'unknown') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const settled = db
      .prepare(`SELECT state, detail FROM card_attempts WHERE request_key = ?`)
      .get(key) as { state: string; detail: string };
    assert.equal(settled.state, 'declined', settled.detail);
    await refused(
      h.call('payments:card', { sessionId, expectedDueMinor: due, idempotencyKey: key }),
      'CONFLICT',
      /nothing was charged/,
    );
    assert.equal(paymentsOf(sessionId).length, 0);
  });

  it('refuses a card before charging it when no shift is taking money', async () => {
    const { sessionId, due } = await carOwing();
    await h.call('shifts:pause', {});
    await h.call('operator:unlock', { pin: '123456' });
    const before = terminal.charges.length;
    await refused(
      h.call('payments:card', { sessionId, expectedDueMinor: due, idempotencyKey: requestKey() }),
      'CONFLICT',
      /on a break/,
    );
    assert.equal(terminal.charges.length, before, 'the card was never charged');
    await h.call('shifts:resume', {});
  });
});
