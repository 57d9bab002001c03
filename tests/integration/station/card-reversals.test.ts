import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { CardTerminalSimulator } from '../../../src-main/devices/terminal/card-terminal-simulator';
import {
  queryFile,
  requestKey,
  startHarness,
  until,
  type Harness,
} from '../../support/station-harness';

/**
 * Card voids and refunds on a real station (SQLite file) through the ECR driver to the card
 * terminal simulator on loopback TCP. The simulator is the test's, so it outlives a station
 * restart on the same data directory, as a real terminal does. Every refund asked of the
 * terminal ends as exactly one booking or none: approved is one reversal (a split's cash part
 * from the drawer with it), declined or cancelled nothing, and a lost reply is settled by asking
 * the terminal, never by crediting the card again.
 */
describe('card voids and refunds through the terminal (real station, ECR over TCP)', () => {
  let terminal: CardTerminalSimulator;
  let dataDir: string;
  let dbFile: string;
  let h: Harness;
  let n = 0;
  const MANAGER = 'manager-console';

  async function startStationOnTheData() {
    h = await startHarness(
      {
        cardTerminal: {
          kind: 'ecr-tcp',
          host: '127.0.0.1',
          port: terminal.port!,
          replyTimeoutSeconds: 1,
          statusQueries: 1,
        },
        zones: [{ id: 'main', name: 'Main lot', capacity: 50, tariffId: 'test' }],
      },
      { dataDir },
    );
    await h.signIn('cashier');
    await h.signIn('manager', MANAGER);
  }

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'station-card-refunds-'));
    dbFile = join(dataDir, 'station.db');
    terminal = await CardTerminalSimulator.start({ transport: { kind: 'tcp' } });
    await startStationOnTheData();
    await h.call('shifts:moveCash', {
      kind: 'pay-in',
      amountMinor: 50_000,
      reference: 'FLOAT-2',
      reason: 'change for the day',
    });
  });
  after(async () => {
    await h.stop();
    await terminal.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const q = <T>(sql: string, ...args: unknown[]) => queryFile<T>(dbFile, sql, ...args);
  const reversalsOf = (paymentId: string) =>
    q<{ kind: string; tender: string; amount: number; cardRef: string | null }>(
      `SELECT kind, tender, amount_minor AS amount, card_reference AS cardRef
       FROM payment_reversals WHERE payment_id = ? ORDER BY rowid`,
      paymentId,
    );
  const saleReferenceOf = (paymentId: string) =>
    q<{ ref: string }>(
      `SELECT card_reference AS ref FROM payment_tenders WHERE payment_id = ? AND tender = 'card'`,
      paymentId,
    )[0]!.ref;
  const creditsOf = (saleReference: string) =>
    terminal.refunds.filter((r) => r.saleReference === saleReference).map((r) => r.amount);
  const x = async () => (await h.call('shifts:xReport', {}, MANAGER)).totals;

  async function paidByCard(cashMinor = 0, minutes = 95) {
    const plate = `CR${String(++n).padStart(4, '0')}`;
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate });
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(minutes);
    const quote = await h.call('sessions:quote', { sessionId });
    const paid = await h.call('payments:card', {
      sessionId,
      expectedDueMinor: quote.dueMinor,
      ...(cashMinor > 0 ? { cashMinor, cashTenderedMinor: cashMinor } : {}),
      idempotencyKey: requestKey(),
    });
    await h.call('operator:activity', {});
    return { plate, sessionId, payment: paid.payment };
  }

  const refused = (promise: Promise<unknown>, code: string, message: RegExp) =>
    assert.rejects(promise, (err: Error) => {
      assert.match(err.message, new RegExp(`^${code}: `));
      assert.match(err.message, message);
      return true;
    });

  it('refunds a card payment to its card: part, then the rest, then no more; no cash moves', async () => {
    const { plate, payment } = await paidByCard(0, 200);
    await h.call('lanes:manualRead', { laneId: 'exit-1', plate });
    const found = await h.call('payments:byReceipt', { receiptNumber: payment.receiptNumber });
    assert.deepEqual(found.tenders, [
      { tender: 'card', paidMinor: payment.amountMinor, refundableMinor: payment.amountMinor },
    ]);
    assert.equal(found.refundableMinor, payment.amountMinor);
    assert.equal(found.cardPending, false);
    const before = await x();

    const part = await h.call(
      'payments:refund',
      { paymentId: payment.id, amountMinor: 300, reason: 'goodwill: barrier slow' },
      MANAGER,
    );
    assert.equal(part.refundableMinor, payment.amountMinor - 300);
    assert.deepEqual(
      part.reversals.map((r) => [r.kind, r.tender, r.amountMinor, r.approvedBy]),
      [['refund', 'card', 300, 'manager']],
    );
    const rest = await h.call(
      'payments:refund',
      { paymentId: payment.id, amountMinor: payment.amountMinor - 300, reason: 'complaint upheld' },
      MANAGER,
    );
    assert.equal(rest.refundableMinor, 0);
    await refused(
      h.call('payments:refund', { paymentId: payment.id, amountMinor: 1, reason: 'more' }, MANAGER),
      'CONFLICT',
      /At most/,
    );
    const sale = saleReferenceOf(payment.id);
    assert.deepEqual(
      creditsOf(sale),
      [300, payment.amountMinor - 300],
      'the card, twice, once each',
    );

    const after = await x();
    assert.equal(after.expectedCashMinor, before.expectedCashMinor, 'a card refund moves no cash');
    assert.equal(after.cashReturnedMinor, before.cashReturnedMinor);
    assert.equal(after.refunds.count, before.refunds.count + 2);
    assert.equal(after.refunds.amountMinor, before.refunds.amountMinor + payment.amountMinor);
    const entries = q<{ tender: string; amount: number }>(
      `SELECT tender, amount_minor AS amount FROM shift_entries WHERE payment_id = ? AND kind = 'refund'`,
      payment.id,
    );
    assert.deepEqual(
      entries.map((e) => e.tender),
      ['card', 'card'],
    );
    // Each refund asked is journaled before the terminal heard of it, with its answer.
    const journaled = q<{ ref: string; asked: string; answer: string }>(
      `SELECT r.aggregate_id AS ref, r.payload_json AS asked, a.payload_json AS answer
       FROM journal r JOIN journal a ON a.aggregate_id = r.aggregate_id
         AND a.type = 'card.refundAnswered'
       WHERE r.type = 'card.refundRequested' AND json_extract(r.payload_json, '$.paymentId') = ?
       ORDER BY r.seq`,
      payment.id,
    );
    assert.deepEqual(
      journaled.map((j) => [JSON.parse(j.asked).cardMinor, JSON.parse(j.answer).state]),
      [
        [300, 'approved'],
        [payment.amountMinor - 300, 'approved'],
      ],
    );
    assert.deepEqual(
      reversalsOf(payment.id).map((r) => r.cardRef),
      journaled.map((j) => j.ref),
    );
  });

  it('refunds a split: the card part back to the card, the rest from the drawer', async () => {
    const { payment } = await paidByCard(400, 300);
    const cardPart = payment.amountMinor - 400;
    const before = await x();
    const done = await h.call(
      'payments:refund',
      { paymentId: payment.id, amountMinor: payment.amountMinor, reason: 'charged twice' },
      MANAGER,
    );
    assert.equal(done.refundableMinor, 0);
    assert.deepEqual(
      reversalsOf(payment.id).map((r) => [r.kind, r.tender, r.amount]),
      [
        ['refund', 'card', cardPart],
        ['refund', 'cash', 400],
      ],
    );
    assert.deepEqual(creditsOf(saleReferenceOf(payment.id)), [cardPart]);
    const after = await x();
    assert.equal(after.expectedCashMinor, before.expectedCashMinor - 400, 'only the cash part');
    assert.equal(after.cashReturnedMinor, before.cashReturnedMinor + 400);
  });

  it('a refund declined or cancelled on the terminal gives nothing back and books nothing', async () => {
    const { payment } = await paidByCard();
    const sale = saleReferenceOf(payment.id);
    terminal.script({ kind: 'decline', code: '05', reason: 'do not honour' });
    await refused(
      h.call(
        'payments:refund',
        { paymentId: payment.id, amountMinor: 200, reason: 'first try' },
        MANAGER,
      ),
      'CONFLICT',
      /declined the refund \(05 do not honour\); nothing went back/,
    );
    terminal.script({ kind: 'cancel' });
    await refused(
      h.call(
        'payments:refund',
        { paymentId: payment.id, amountMinor: 200, reason: 'second try' },
        MANAGER,
      ),
      'CONFLICT',
      /Cancelled on the terminal/,
    );
    assert.deepEqual(reversalsOf(payment.id), []);
    assert.deepEqual(creditsOf(sale), []);
    const found = await h.call('payments:byReceipt', { receiptNumber: payment.receiptNumber });
    assert.equal(found.refundableMinor, payment.amountMinor);
    const states = q<{ state: string }>(
      `SELECT state FROM card_refund_attempts WHERE payment_id = ? ORDER BY created_at, rowid`,
      payment.id,
    );
    assert.deepEqual(
      states.map((s) => s.state),
      ['declined', 'cancelled'],
    );
  });

  it('voids a card sale, and a split, of this shift: the stays owe again, the cards are credited', async () => {
    const before = await x();
    const card = await paidByCard();
    const voided = await h.call(
      'payments:void',
      { paymentId: card.payment.id, reason: 'charged the wrong car' },
      MANAGER,
    );
    assert.deepEqual(
      voided.reversals.map((r) => [r.kind, r.tender, r.amountMinor]),
      [['void', 'card', card.payment.amountMinor]],
    );
    assert.match(voided.voidRefusal ?? '', /voided or refunded already/);
    const stay = await h.call('sessions:get', { sessionId: card.sessionId });
    assert.equal(stay.state, 'open');
    assert.equal(stay.quote?.dueMinor, card.payment.amountMinor, 'the stay owes its fee again');
    assert.deepEqual(creditsOf(saleReferenceOf(card.payment.id)), [card.payment.amountMinor]);

    const split = await paidByCard(250, 200);
    await h.call('payments:void', { paymentId: split.payment.id, reason: 'wrong plate' }, MANAGER);
    assert.deepEqual(
      reversalsOf(split.payment.id).map((r) => [r.kind, r.tender, r.amount]),
      [
        ['void', 'card', split.payment.amountMinor - 250],
        ['void', 'cash', 250],
      ],
    );
    assert.equal((await h.call('sessions:get', { sessionId: split.sessionId })).state, 'open');
    const after = await x();
    assert.equal(after.voids.count, before.voids.count + 3, 'a split voids each of its tenders');
    assert.equal(
      after.expectedCashMinor,
      before.expectedCashMinor + 250 - 250,
      'the split took 250 in cash and gave it back; the card parts moved no cash',
    );
  });

  it('a lost reply: the station stops not knowing, and after its restart books exactly one refund', async () => {
    const { payment } = await paidByCard(0, 120);
    const sale = saleReferenceOf(payment.id);
    // Approved after the driver gave up asking (1 s reply timeout, one status query); its reply
    // never reaches the station.
    terminal.script({ kind: 'lose-reply', afterMs: 4000 });
    await refused(
      h.call(
        'payments:refund',
        { paymentId: payment.id, amountMinor: 500, reason: 'lost reply' },
        MANAGER,
      ),
      'DEVICE_FAULT',
      /has not said whether the card was credited. Do not give it back again/,
    );
    const [attempt] = q<{ reference: string; state: string }>(
      `SELECT reference, state FROM card_refund_attempts WHERE payment_id = ?`,
      payment.id,
    );
    assert.equal(attempt!.state, 'unknown');
    const pending = await h.call('payments:byReceipt', { receiptNumber: payment.receiptNumber });
    assert.equal(pending.cardPending, true);
    assert.equal(pending.refundableMinor, payment.amountMinor - 500, 'held for the open refund');
    assert.match(pending.voidRefusal ?? '', /still being checked with the terminal/);
    await refused(
      h.call(
        'payments:refund',
        { paymentId: payment.id, amountMinor: 100, reason: 'again' },
        MANAGER,
      ),
      'CONFLICT',
      /still being checked with the terminal/,
    );

    await h.stop();
    await until(
      () => terminal.transactions.get(attempt!.reference)?.result.state === 'approved',
      'the terminal approving the refund while the station is down',
    );
    await startStationOnTheData();
    await until(
      () => reversalsOf(payment.id).length > 0,
      'the recovered refund booked after the restart',
    );
    const booked = q<{ state: string; bookedAt: number | null }>(
      `SELECT state, booked_at AS bookedAt FROM card_refund_attempts WHERE reference = ?`,
      attempt!.reference,
    )[0]!;
    assert.equal(booked.state, 'approved');
    assert.notEqual(booked.bookedAt, null);
    const found = await h.call('payments:byReceipt', { receiptNumber: payment.receiptNumber });
    assert.equal(found.cardPending, false);
    assert.equal(found.refundableMinor, payment.amountMinor - 500);
    assert.deepEqual(
      reversalsOf(payment.id).map((r) => [r.kind, r.tender, r.amount, r.cardRef]),
      [['refund', 'card', 500, attempt!.reference]],
    );
    assert.deepEqual(creditsOf(sale), [500]);
  });

  it('the Z report balances: card refunds and voids are listed, only cash parts leave the drawer', async () => {
    const t = await x();
    const cashBack = q<{ total: number }>(
      `SELECT COALESCE(SUM(amount_minor), 0) AS total FROM payment_reversals WHERE tender = 'cash'`,
    )[0]!.total;
    assert.equal(t.cashReturnedMinor, cashBack);
    const cardBack = q<{ total: number }>(
      `SELECT COALESCE(SUM(amount_minor), 0) AS total FROM payment_reversals WHERE tender = 'card'`,
    )[0]!.total;
    assert.ok(cardBack > 0);
    assert.equal(t.cardReturnedMinor, cardBack, 'listed per tender: back to cards');
    assert.equal(
      t.cashReturnedMinor + t.cardReturnedMinor,
      t.voids.amountMinor + t.refunds.amountMinor,
    );
    const all = q<{ kind: string; total: number }>(
      `SELECT kind, SUM(amount_minor) AS total FROM payment_reversals GROUP BY kind ORDER BY kind`,
    );
    assert.deepEqual(
      all.map((r) => [r.kind, r.total]),
      [
        ['refund', t.refunds.amountMinor],
        ['void', t.voids.amountMinor],
      ],
    );
    assert.equal(
      t.expectedCashMinor,
      t.floatMinor +
        t.cashTenderedMinor -
        t.changeMinor +
        t.payInsMinor -
        t.payOutsMinor -
        t.dropsMinor -
        t.cashReturnedMinor,
    );
    const printed = h.nextReceipt();
    const closed = await h.call('shifts:close', {
      count: [{ denominationMinor: 1, pieces: t.expectedCashMinor }],
    });
    assert.equal(closed.report?.varianceMinor, 0);
    assert.equal(closed.report?.totals.refunds.amountMinor, t.refunds.amountMinor);
    assert.equal(closed.report?.totals.byTender.card.amountMinor, t.byTender.card.amountMinor);
    assert.equal(closed.report?.totals.cardReturnedMinor, cardBack);
    // The printed Z says what went back to cards, apart from the cash the drawer gave back.
    const paper = (await printed).textLines.join('\n');
    assert.match(paper, /(Back to cards|Restituit pe card)/);
  });

  it('the database itself books a card refund once, and keeps one open a payment', () => {
    const rw = new Database(dbFile);
    try {
      // A card refund that left part of its payment: only the once-only rule can refuse it.
      const booked = rw
        .prepare(
          `SELECT id, payment_id AS paymentId, shift_id AS shiftId, card_reference AS ref
           FROM payment_reversals r WHERE card_reference IS NOT NULL AND tender = 'card'
             AND (SELECT amount_minor FROM payments WHERE id = r.payment_id) >
               (SELECT SUM(amount_minor) FROM payment_reversals WHERE payment_id = r.payment_id)
           LIMIT 1`,
        )
        .get() as { id: string; paymentId: string; shiftId: string; ref: string };
      const attempt = rw
        .prepare(`SELECT sale_reference AS sale FROM card_refund_attempts WHERE reference = ?`)
        .get(booked.ref) as { sale: string };
      rw.exec('BEGIN');
      try {
        assert.throws(
          () =>
            rw
              .prepare(
                `INSERT INTO payment_reversals (id, payment_id, kind, tender, amount_minor, reason,
                  approved_by, shift_id, at, card_reference)
                 VALUES ('F-again', ?, 'refund', 'card', 1, 'again', 'm', ?, 0, ?)`,
              )
              .run(booked.paymentId, booked.shiftId, booked.ref),
          /UNIQUE constraint failed/,
          'an attempt books its card reversal once',
        );
        const open = rw.prepare(
          `INSERT INTO card_refund_attempts (reference, payment_id, kind, sale_reference,
            card_minor, cash_minor, currency, reason, approved_by, state, created_at, updated_at)
           VALUES (?, ?, 'refund', ?, 1, 0, 'RON', 'test', 'm', 'sending', 0, 0)`,
        );
        open.run('CR-open-1', booked.paymentId, attempt.sale);
        assert.throws(
          () => open.run('CR-open-2', booked.paymentId, attempt.sale),
          /UNIQUE constraint failed/,
          'one refund a payment open at a time',
        );
      } finally {
        rw.exec('ROLLBACK');
      }
    } finally {
      rw.close();
    }
  });
});
