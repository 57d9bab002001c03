/**
 * A fuel sale paid by card, or part cash and the rest by card, at the booth (issue 10), on a
 * whole station with real parts: the simulated pump controller and the card terminal simulator
 * each on a socat pty pair (the ECR driver speaks the terminal's protocol), SQLite a real
 * file, the simulated receipt printer decoding what it printed. The card engine is the stays'
 * (CardPayments): the attempt commits before the terminal hears of it, an approval becomes
 * exactly one payment even when its answer is lost, and a card whose fate is unknown holds
 * every other payment of the sale. A manager's refund goes back to the card through the
 * terminal.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { CardTerminalSimulator } from '../../../src-main/devices/terminal/card-terminal-simulator';
import { eventually, testForecourt } from '../../support/forecourt';
import { requestKey, startHarness, type Harness } from '../../support/station-harness';

describe('a fuel sale paid by card or split', { timeout: 120_000 }, () => {
  let h: Harness;
  let db: Database.Database;
  let terminal: CardTerminalSimulator;

  before(async () => {
    h = await startHarness({
      forecourt: testForecourt(),
      cardTerminal: { kind: 'simulated', replyTimeoutSeconds: 2, statusQueries: 2 },
    });
    await h.signIn('cashier');
    await h.signIn('manager', 'manager-console');
    terminal = h.station.devices.simulated!.cardTerminalSimulator!;
    db = new Database(join(h.dataDir, 'station.db'), { readonly: true });
    await eventually(async () => {
      const devices = (await h.call('station:status', {})).devices;
      return devices.find((d) => d.id === 'pump-controller')?.health === 'ok';
    }, 'the pump controller up');
  });
  after(async () => {
    db?.close();
    await h?.stop();
  });

  /** A delivery of `ml` at pump 1, due at the booth. */
  async function dueSale(ml: number) {
    const known = new Set((await h.call('fuel:sales', {})).map((s) => s.id));
    h.station.devices.simulated!.pumpControllerSimulator!.liftNozzle(1, 1, { hangUpAtMl: ml });
    return eventually(async () => {
      const fresh = (await h.call('fuel:sales', {})).find((s) => !known.has(s.id));
      return fresh?.state === 'due' ? fresh : null;
    }, 'the sale due at the booth');
  }

  const tendersOf = (paymentId: string) =>
    db
      .prepare(
        `SELECT tender, amount_minor AS amount, card_reference IS NOT NULL AS byRef
         FROM payment_tenders WHERE payment_id = ? ORDER BY rowid`,
      )
      .all(paymentId) as { tender: string; amount: number; byRef: number }[];
  const drawerOf = (paymentId: string) =>
    db
      .prepare(
        `SELECT tender, amount_minor AS amount FROM shift_entries WHERE payment_id = ?
         ORDER BY rowid`,
      )
      .all(paymentId) as { tender: string; amount: number }[];
  const paymentsOf = (saleId: string) =>
    db
      .prepare(`SELECT id, method, amount_minor AS amount FROM payments WHERE fuel_sale_id = ?`)
      .all(saleId) as { id: string; method: string; amount: number }[];
  const journalOf = (aggregateId: string) =>
    (
      db
        .prepare(`SELECT type, payload_json FROM journal WHERE aggregate_id = ? ORDER BY seq`)
        .all(aggregateId) as { type: string; payload_json: string }[]
    ).map((e) => ({
      type: e.type,
      payload: JSON.parse(e.payload_json) as Record<string, unknown>,
    }));

  it('takes a card for all of it: one charge, one payment, a card line on the receipt and in the drawer', async () => {
    const sale = await dueSale(5_000);
    const xBefore = (await h.call('shifts:xReport', {})).totals;
    const charges = terminal.charges.length;
    const key = requestKey();
    const request = { saleId: sale.id, expectedDueMinor: sale.amountMinor };
    const printed = h.nextReceipt();
    const paid = await h.call('fuel:payCard', { ...request, idempotencyKey: key });
    assert.deepEqual(
      {
        method: paid.method,
        amount: paid.amountMinor,
        card: paid.cardMinor,
        change: paid.changeMinor,
        state: paid.sale.state,
      },
      {
        method: 'card',
        amount: sale.amountMinor,
        card: sale.amountMinor,
        change: 0,
        state: 'paid',
      },
    );
    assert.equal(terminal.charges.length, charges + 1);
    assert.equal(terminal.charges.at(-1)!.amount, sale.amountMinor);

    const text = (await printed).textLines.join('\n');
    assert.match(text, /Card VISA 411111\*+1111 auth \w+/, text);
    assert.doesNotMatch(text, /^Cash/m, 'no cash was handed over');
    assert.ok(text.includes(paid.receipt.number), text);

    assert.deepEqual(tendersOf(paid.paymentId), [
      { tender: 'card', amount: sale.amountMinor, byRef: 1 },
    ]);
    assert.deepEqual(drawerOf(paid.paymentId), [{ tender: 'card', amount: sale.amountMinor }]);
    const x = (await h.call('shifts:xReport', {})).totals;
    assert.equal(x.byTender.card.amountMinor - xBefore.byTender.card.amountMinor, sale.amountMinor);
    assert.equal(x.expectedCashMinor, xBefore.expectedCashMinor, 'a card takes no cash');

    // The attempt names the sale (no stay) and settled with the payment; all journaled.
    const attempt = db
      .prepare(
        `SELECT reference, session_id AS sessionId, fuel_sale_id AS saleId, state,
         payment_id AS paymentId FROM card_attempts WHERE request_key = ?`,
      )
      .get(key) as Record<string, string | null>;
    assert.deepEqual(
      { ...attempt, reference: undefined },
      {
        reference: undefined,
        sessionId: null,
        saleId: sale.id,
        state: 'approved',
        paymentId: paid.paymentId,
      },
    );
    assert.deepEqual(
      journalOf(attempt['reference']!).map((e) => [e.type, e.payload['fuelSaleId'] ?? null]),
      [
        ['card.requested', sale.id],
        ['card.answered', null],
      ],
    );
    const [taken] = journalOf(paid.paymentId);
    assert.equal(taken!.type, 'fuelPayment.taken');
    assert.equal(taken!.payload['method'], 'card');

    // The same request again: the first result, the card not charged again.
    const again = await h.call('fuel:payCard', { ...request, idempotencyKey: key });
    assert.deepEqual(
      [again.paymentId, again.method, again.cardMinor],
      [paid.paymentId, 'card', sale.amountMinor],
    );
    assert.equal(terminal.charges.length, charges + 1);
    await assert.rejects(
      h.call('fuel:payCash', { ...request, tenderedMinor: 10_000, idempotencyKey: requestKey() }),
      /paid already/,
    );
    assert.equal(paymentsOf(sale.id).length, 1);

    // A manager refunds part of it to the same card, through the terminal.
    const refunded = await h.call(
      'payments:refund',
      { paymentId: paid.paymentId, amountMinor: 500, reason: 'pump overran the display' },
      'manager-console',
    );
    assert.deepEqual(
      refunded.reversals.map((r) => [r.kind, r.tender, r.amountMinor]),
      [['refund', 'card', 500]],
    );
    assert.deepEqual(
      terminal.refunds.map((r) => r.amount),
      [500],
    );
  });

  it('splits: the typed cash, the rest on the card, with change; a part that is all or short is refused', async () => {
    const sale = await dueSale(4_000);
    const request = { saleId: sale.id, expectedDueMinor: sale.amountMinor };
    const charges = terminal.charges.length;
    await assert.rejects(
      h.call('fuel:payCard', {
        ...request,
        cashMinor: sale.amountMinor,
        cashTenderedMinor: sale.amountMinor,
        idempotencyKey: requestKey(),
      }),
      /card must pay part/,
    );
    await assert.rejects(
      h.call('fuel:payCard', {
        ...request,
        cashMinor: 1_000,
        cashTenderedMinor: 500,
        idempotencyKey: requestKey(),
      }),
      /less than the .* cash part/,
    );
    assert.equal(terminal.charges.length, charges, 'nothing refused reached the terminal');

    const xBefore = (await h.call('shifts:xReport', {})).totals;
    const printed = h.nextReceipt();
    const paid = await h.call('fuel:payCard', {
      ...request,
      cashMinor: 1_000,
      cashTenderedMinor: 2_000,
      idempotencyKey: requestKey(),
    });
    const card = sale.amountMinor - 1_000;
    assert.deepEqual(
      {
        method: paid.method,
        card: paid.cardMinor,
        tendered: paid.tenderedMinor,
        change: paid.changeMinor,
      },
      { method: 'split', card, tendered: 2_000 + card, change: 1_000 },
    );
    assert.equal(terminal.charges.at(-1)!.amount, card);
    const text = (await printed).textLines.join('\n');
    assert.match(text, /^Cash\s+20,00 lei$/m, text);
    assert.match(text, /^Card VISA 411111\*+1111 auth \w+\s+[\d,]+ lei$/m, text);
    assert.match(text, /^Change\s+10,00 lei$/m, text);

    assert.deepEqual(tendersOf(paid.paymentId), [
      { tender: 'cash', amount: 1_000, byRef: 0 },
      { tender: 'card', amount: card, byRef: 1 },
    ]);
    assert.deepEqual(drawerOf(paid.paymentId), [
      { tender: 'cash', amount: 1_000 },
      { tender: 'card', amount: card },
    ]);
    const x = (await h.call('shifts:xReport', {})).totals;
    assert.equal(x.expectedCashMinor - xBefore.expectedCashMinor, 1_000, 'the cash part only');
    assert.equal(x.byTender.card.amountMinor - xBefore.byTender.card.amountMinor, card);
    const [taken] = journalOf(paid.paymentId);
    assert.deepEqual(
      [taken!.payload['method'], (taken!.payload['tenders'] as unknown[]).length],
      ['split', 2],
    );
  });

  it('books an approval whose answer was lost once the terminal tells, and holds the sale meanwhile', async () => {
    const sale = await dueSale(3_000);
    const request = { saleId: sale.id, expectedDueMinor: sale.amountMinor };
    const charges = terminal.charges.length;
    // The customer takes longer than the console waits (a reply and two status queries).
    terminal.script({ kind: 'lose-reply', afterMs: 7_000 });
    const key = requestKey();
    await assert.rejects(
      h.call('fuel:payCard', { ...request, idempotencyKey: key }),
      /Do not charge it again/,
    );
    // Meanwhile nothing else may pay it: not cash, not another card.
    await assert.rejects(
      h.call('fuel:payCash', { ...request, tenderedMinor: 10_000, idempotencyKey: requestKey() }),
      /still being checked with the terminal/,
    );
    await assert.rejects(
      h.call('fuel:payCard', { ...request, idempotencyKey: requestKey() }),
      /still being checked with the terminal/,
    );
    assert.equal(paymentsOf(sale.id).length, 0);

    // The station's recovery asks the terminal until it knows, and books the approval once.
    const [booked] = await eventually(
      async () => {
        const rows = paymentsOf(sale.id);
        return rows.length > 0 ? rows : null;
      },
      'the approval booked by recovery',
      60_000,
    );
    assert.deepEqual(
      { method: booked!.method, amount: booked!.amount },
      { method: 'card', amount: sale.amountMinor },
    );
    const listed = (await h.call('fuel:sales', {})).find((s) => s.id === sale.id);
    assert.equal(listed?.state ?? 'paid', 'paid', 'no longer due at the booth');
    // The cashier's retry with the same key is told of that payment; nothing charged again.
    const retried = await h.call('fuel:payCard', { ...request, idempotencyKey: key });
    assert.equal(retried.paymentId, booked!.id);
    assert.equal(terminal.charges.length, charges + 1);
    assert.equal(paymentsOf(sale.id).length, 1);
  });
});
