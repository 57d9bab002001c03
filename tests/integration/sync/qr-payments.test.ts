/**
 * The QR tender end to end on real parts: a whole station (real SQLite file, printer simulator
 * on a pty) asks the reference server on 127.0.0.1 for a QR payment; the code on the cashier's
 * screen is read back with Debian's zbarimg; the "customer" opens that link in the operator's
 * app (the reference server's app page) and pays; the station books it as exactly one payment
 * with a numbered receipt. Also: a split with cash, cancel, a payment made just before the
 * cancel, expiry, the stay held for other tenders while a code is out, a station restart with
 * the customer paying while it was down, and the operator unreachable.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { QrPaymentView } from '../../../src-shared';
import {
  startHarness as startServer,
  type Harness as Server,
} from '../reference-server/support/harness';
import { requestKey, startHarness, type Harness } from '../../support/station-harness';
import { startSyncedStation } from './support/synced-station';

const QR_CONFIG = { qrPayments: { validSeconds: 300, pollMilliseconds: 200 } };

describe('QR payments through the operator app', { timeout: 240_000 }, () => {
  let server: Server;
  let h: Harness;
  let serverUp = true;
  let plateNo = 0;

  before(async () => {
    server = await startServer('sqlite');
    ({ h } = await startSyncedStation(server, {
      ...QR_CONFIG,
      zones: [{ id: 'main', name: 'Main lot', capacity: 50, tariffId: 'test' }],
    }));
    await h.signIn('cashier');
    assert.equal((await h.call('sync:now', {})).state, 'online');
  });
  after(async () => {
    await h?.stop();
    if (serverUp) await server?.close();
  });

  /** The server's clock reads the station's test clock, as two real clocks in sync would. */
  async function alignServerClock(extraMs = 0) {
    const res = await server.admin.put('/admin/clock', {
      offsetMs: h.clock.now - Date.now() + extraMs,
    });
    assert.equal(res.status, 200);
  }

  async function carOwing(station = h) {
    const plate = `B${String(++plateNo).padStart(3, '0')}QRP`;
    const entered = await station.call('lanes:manualRead', { laneId: 'entry-1', plate });
    assert.equal(entered.kind, 'entered');
    station.clock.advanceMinutes(90);
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    const quote = await station.call('sessions:quote', { sessionId });
    assert.ok(quote.dueMinor > 500, 'the car owes money');
    return { sessionId, due: quote.dueMinor, plate };
  }

  async function showQr(sessionId: string, due: number, cashMinor = 0, station = h) {
    await alignServerClock();
    const shown = await station.call('payments:qrStart', {
      sessionId,
      expectedDueMinor: due,
      cashMinor,
      cashTenderedMinor: cashMinor,
      idempotencyKey: requestKey(),
    });
    assert.equal(shown.state, 'shown', shown.detail);
    assert.ok(shown.payUrl?.startsWith(`${server.url}/app/qr/`), shown.payUrl ?? 'no link');
    return shown;
  }

  /** The customer's phone: opens the link and presses Pay. */
  async function payInApp(payUrl: string): Promise<{ status: number; text: string }> {
    const page = await fetch(payUrl);
    assert.equal(page.status, 200);
    const res = await fetch(`${payUrl}/pay`, { method: 'POST' });
    return { status: res.status, text: await res.text() };
  }

  async function until(
    reference: string,
    state: QrPaymentView['state'],
    station = h,
  ): Promise<QrPaymentView> {
    for (let i = 0; i < 200; i++) {
      const view = await station.call('payments:qrStatus', { reference });
      if (view.state === state && (state !== 'paid' || view.result)) return view;
      await new Promise((r) => setTimeout(r, 50));
    }
    const last = await station.call('payments:qrStatus', { reference });
    assert.fail(`QR payment ${reference} is ${last.state} (${last.detail}), not ${state}`);
  }

  function rows<T>(sql: string, ...args: unknown[]): T[] {
    const db = new Database(join(h.dataDir, 'station.db'), { readonly: true });
    try {
      return db.prepare(sql).all(...args) as T[];
    } finally {
      db.close();
    }
  }

  it('shows a code the phone reads, and books the app payment once, with its receipt', async () => {
    const { sessionId, due } = await carOwing();
    const shown = await showQr(sessionId, due);
    // The code on screen carries exactly the link (read back with zbarimg).
    const png = shown.qrPngDataUrl!.replace(/^data:image\/png;base64,/, '');
    const dir = mkdtempSync(join(tmpdir(), 'qr-pay-'));
    try {
      writeFileSync(join(dir, 'qr.png'), Buffer.from(png, 'base64'));
      const { stdout } = await promisify(execFile)('zbarimg', ['--raw', '-q', join(dir, 'qr.png')]);
      assert.equal(stdout.trim(), shown.payUrl);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Nothing is booked while the customer has not paid.
    assert.equal((await h.call('sessions:get', { sessionId })).state, 'open');

    // Listening before the customer pays: the receipt may print before the booking is seen.
    const printed = h.nextReceipt();
    const paid = await payInApp(shown.payUrl!);
    assert.equal(paid.status, 200);
    assert.match(paid.text, /data-status="paid"/);
    const done = await until(shown.reference, 'paid');
    assert.equal(done.result!.payment.method, 'qr');
    assert.equal(done.result!.payment.amountMinor, due);
    assert.equal(done.result!.session.state, 'paid');
    const receipt = await printed;
    const text = receipt.textLines.join('\n');
    assert.match(text, /QR payment/);
    assert.match(text, new RegExp(done.result!.payment.receiptNumber));

    // Paying the same link again is refused by the app; the station books nothing more.
    const again = await payInApp(shown.payUrl!);
    assert.equal(again.status, 409);
    const payments = rows<{ n: number }>(
      'SELECT COUNT(*) AS n FROM payments WHERE session_id = ?',
      sessionId,
    );
    assert.equal(payments[0]!.n, 1);
    const tenders = rows<{ tender: string; amount_minor: number }>(
      `SELECT t.tender, t.amount_minor FROM payment_tenders t JOIN payments p ON p.id = t.payment_id
       WHERE p.session_id = ?`,
      sessionId,
    );
    assert.deepEqual(tenders, [{ tender: 'qr', amount_minor: due }]);
    const events = rows<{ type: string; payload: string }>(
      `SELECT type, payload_json AS payload FROM journal WHERE aggregate_id = ? ORDER BY seq`,
      shown.reference,
    );
    assert.deepEqual(
      events.map((e) => `${e.type}:${(JSON.parse(e.payload) as { state?: string }).state ?? ''}`),
      ['qr.requested:', 'qr.answered:shown', 'qr.answered:paid'],
    );
  });

  it('takes a split: cash for part, the rest by QR, one payment with two tenders', async () => {
    const { sessionId, due } = await carOwing();
    const shown = await showQr(sessionId, due, 500);
    assert.equal(shown.qrMinor, due - 500);
    assert.equal((await payInApp(shown.payUrl!)).status, 200);
    const done = await until(shown.reference, 'paid');
    assert.equal(done.result!.payment.method, 'split');
    const tenders = rows<{ tender: string; amount_minor: number }>(
      `SELECT tender, amount_minor FROM payment_tenders WHERE payment_id = ? ORDER BY tender`,
      done.result!.payment.id,
    );
    assert.deepEqual(tenders, [
      { tender: 'cash', amount_minor: 500 },
      { tender: 'qr', amount_minor: due - 500 },
    ]);
  });

  it("a QR payment goes back in the operator's system: the booth refuses to reverse it", async () => {
    await h.signIn('manager', 'qr-manager');
    for (const cash of [0, 500]) {
      const { sessionId, due } = await carOwing();
      const shown = await showQr(sessionId, due, cash);
      assert.equal((await payInApp(shown.payUrl!)).status, 200);
      const { result } = await until(shown.reference, 'paid');
      for (const [channel, payload] of [
        ['payments:void', { paymentId: result!.payment.id, reason: 'wrong car' }],
        ['payments:refund', { paymentId: result!.payment.id, amountMinor: 100, reason: 'gate' }],
      ] as const) {
        const refused = await h.raw(channel, payload, 'qr-manager');
        assert.equal(refused.ok, false, channel);
        assert.match(
          !refused.ok ? refused.error.message : '',
          /given back in the operator's system/,
        );
      }
    }
  });

  it('holds the stay for other tenders while a code is out; a cancel frees it', async () => {
    const { sessionId, due } = await carOwing();
    const shown = await showQr(sessionId, due);
    const cash = await h.raw('payments:cash', {
      sessionId,
      tenderedMinor: due,
      expectedDueMinor: due,
      idempotencyKey: requestKey(),
    });
    assert.equal(cash.ok, false);
    assert.match(!cash.ok ? cash.error.message : '', /QR payment for this stay is still open/);
    // Nor a waiver, nor a payment made in the app by plate at the exit lane: either would pay
    // the stay a second time if the customer then paid the code.
    await h.signIn('manager', 'qr-manager');
    const waived = await h.raw(
      'payments:waive',
      { sessionId, expectedDueMinor: due, reason: 'goodwill', idempotencyKey: requestKey() },
      'qr-manager',
    );
    assert.equal(waived.ok, false);
    assert.match(!waived.ok ? waived.error.message : '', /QR payment for this stay is still open/);
    const { plate } = (await h.call('sessions:get', { sessionId })) as { plate: string };
    const app = await server.admin.post('/admin/app-payments', {
      plate,
      amountMinor: due + 1000,
      currency: shown.currency,
    });
    assert.equal(app.status, 200, JSON.stringify(app.data));
    assert.equal((await h.call('sync:now', {})).state, 'online');
    const atExit = await h.call('lanes:manualRead', { laneId: 'exit-1', plate });
    assert.notEqual(atExit.kind, 'exited', 'the app payment waits while the code is out');
    assert.equal((await h.call('sessions:get', { sessionId })).state, 'open');

    // The code on paper, for a customer who can't scan the screen: the same link.
    const slip = h.nextReceipt();
    const printed = await h.call('payments:qrPrint', { reference: shown.reference });
    assert.equal(printed.printed, true, printed.detail);
    const paper = await slip;
    assert.deepEqual(
      paper.barcodes.map((b) => [b.kind, b.data]),
      [['qr', shown.payUrl]],
    );
    assert.match(paper.textLines.join('\n'), /Scan to pay/);

    const cancelled = await h.call('payments:qrCancel', { reference: shown.reference });
    assert.equal(cancelled.state, 'cancelled');
    assert.equal(cancelled.payUrl, null, 'no code is shown for a withdrawn payment');
    // The customer's app now refuses it.
    const late = await payInApp(shown.payUrl!);
    assert.equal(late.status, 409);
    assert.match(late.text, /data-status="cancelled"/);
    const paid = await h.call('payments:cash', {
      sessionId,
      tenderedMinor: due,
      expectedDueMinor: due,
      idempotencyKey: requestKey(),
    });
    assert.equal(paid.payment.method, 'cash');
  });

  it('a customer who paid just before the cancel is booked, not refused', async () => {
    const { sessionId, due } = await carOwing();
    const shown = await showQr(sessionId, due);
    assert.equal((await payInApp(shown.payUrl!)).status, 200);
    // Whether the watcher or the cancel hears it first, the answer is the booked payment.
    const answer = await h.call('payments:qrCancel', { reference: shown.reference });
    const view = answer.state === 'paid' ? answer : await until(shown.reference, 'paid');
    assert.equal(view.state, 'paid');
    assert.equal(view.result!.payment.method, 'qr');
    assert.equal(
      rows<{ n: number }>('SELECT COUNT(*) AS n FROM payments WHERE session_id = ?', sessionId)[0]!
        .n,
      1,
    );
  });

  it('a code left unpaid expires: nothing is charged and the stay takes cash', async () => {
    const { sessionId, due } = await carOwing();
    const shown = await showQr(sessionId, due);
    // Six minutes later on both clocks: past the five the customer had.
    h.clock.advanceMinutes(6);
    await alignServerClock();
    const expired = await until(shown.reference, 'expired');
    assert.equal(expired.result, null);
    assert.equal((await payInApp(shown.payUrl!)).status, 409);
    const quote = await h.call('sessions:quote', { sessionId });
    const paid = await h.call('payments:cash', {
      sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    });
    assert.equal(paid.payment.method, 'cash');
  });

  it('a payment made while the station was down is booked once after the restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'qr-restart-'));
    let first: Harness | null = null;
    let second: Harness | null = null;
    try {
      ({ h: first } = await startSyncedStation(server, QR_CONFIG, { dataDir }));
      await first.signIn('cashier');
      const { sessionId, due } = await carOwing(first);
      await alignServerClockFor(first);
      const shown = await first.call('payments:qrStart', {
        sessionId,
        expectedDueMinor: due,
        cashMinor: 0,
        cashTenderedMinor: 0,
        idempotencyKey: requestKey(),
      });
      assert.equal(shown.state, 'shown');
      const at = first.clock.now;
      await first.stop();
      first = null;
      assert.equal((await payInApp(shown.payUrl!)).status, 200);

      second = await startHarness(
        { ...QR_CONFIG, sync: { serverUrl: server.url, intervalSeconds: 0.2 } },
        { dataDir },
      );
      second.clock.now = at;
      await second.signIn('cashier');
      const done = await until(shown.reference, 'paid', second);
      assert.equal(done.result!.payment.method, 'qr');
      const db = new Database(join(dataDir, 'station.db'), { readonly: true });
      try {
        const n = db
          .prepare('SELECT COUNT(*) AS n FROM payments WHERE session_id = ?')
          .pluck()
          .get(sessionId);
        assert.equal(n, 1);
      } finally {
        db.close();
      }
    } finally {
      await first?.stop();
      await second?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  async function alignServerClockFor(station: Harness) {
    const res = await server.admin.put('/admin/clock', {
      offsetMs: station.clock.now - Date.now(),
    });
    assert.equal(res.status, 200);
  }

  it('with the operator unreachable, no code is shown and the stay still takes cash', async () => {
    const { sessionId, due } = await carOwing();
    await server.close();
    serverUp = false;
    const refused = await h.raw('payments:qrStart', {
      sessionId,
      expectedDueMinor: due,
      cashMinor: 0,
      cashTenderedMinor: 0,
      idempotencyKey: requestKey(),
    });
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.error.message : '', /did not answer.*Nothing was charged/);
    const paid = await h.call('payments:cash', {
      sessionId,
      tenderedMinor: due,
      expectedDueMinor: due,
      idempotencyKey: requestKey(),
    });
    assert.equal(paid.payment.method, 'cash');
  });
});
