/**
 * Durable print jobs on a whole station (SQLite file, printer simulator on a socat pty): a
 * payment is answered at its commit whatever the printer does; a receipt the printer cannot
 * take waits in the queue and prints once, by itself, when the printer is ready again; one cut
 * off part-way is never sent again by the station and waits for the cashier's COPY or void.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { PaymentResult } from '../../../src-shared';
import { PrintJobRepository } from '../../../src-main/db/repositories/print-job-repository';
import {
  queryFile,
  requestKey,
  startHarness,
  until,
  type Harness,
} from '../../support/station-harness';

describe('the print queue on a running station', { timeout: 120_000 }, () => {
  let h: Harness;
  let dbFile: string;
  const printer = () => h.station.devices.simulated!.printerSimulator;
  /** Every receipt the simulated printer decoded, as text. */
  const printed: string[] = [];
  const printedFor = (plate: string) => printed.filter((text) => text.includes(plate));

  const pay = async (plate: string): Promise<PaymentResult> => {
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate });
    assert.equal(entered.kind, 'entered');
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    h.clock.advanceMinutes(30);
    const quote = await h.call('sessions:quote', { sessionId });
    return h.call('payments:cash', {
      sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    });
  };
  /** Waits for the queue to try a job and hold it for the printer; returns the job. */
  const held = (receiptId: string) =>
    until(() => {
      const job = h.printJobs(receiptId)[0];
      return job?.lastStatus ? job : null;
    }, 'the job held for the printer');
  const printerOnStrip = async () =>
    (await h.call('station:status', {})).devices.find((d) => d.id === 'printer');
  const journalOf = (receiptId: string) =>
    queryFile<{ type: string; actor: string; payload: string }>(
      dbFile,
      `SELECT type, actor, payload_json AS payload FROM journal
       WHERE aggregate_id = ? ORDER BY seq`,
      receiptId,
    );
  /** What PrintQueue.printsWaitingForPrinter lists, read from the file on its own connection. */
  const waitingForPrinter = () => {
    const db = new Database(dbFile, { readonly: true });
    try {
      return new PrintJobRepository(db).held();
    } finally {
      db.close();
    }
  };
  /** Two polls of the printer (PRINTER_POLL_MS is 1000): long enough for a wrong resend. */
  const twoPolls = () => new Promise((r) => setTimeout(r, 2500));

  before(async () => {
    h = await startHarness({
      zones: [{ id: 'main', name: 'Main lot', capacity: 50, tariffId: 'test' }],
    });
    await h.signIn('cashier');
    dbFile = join(h.dataDir, 'station.db');
    printer().onReceipt((r) => printed.push(r.textLines.join('\n')));
  });
  after(() => h.stop());

  it('answers a payment while the printer is unplugged; the receipt prints once it is back', async () => {
    printer().setUnresponsive(true);
    const paid = await pay('QUEUE01');
    assert.equal(paid.session.state, 'paid', 'the payment committed');
    assert.deepEqual(
      [paid.receipt.printState, paid.receipt.detail],
      ['queued', 'queued for printing'],
      'answered without waiting for the printer',
    );
    const job = await held(paid.receipt.id);
    assert.deepEqual([job.state, job.startedAt, job.attempts], ['queued', null, 0]);
    assert.match(job.detail, /^waiting for the printer: printer not answering/);
    assert.equal((await printerOnStrip())?.health, 'offline');

    printer().setUnresponsive(false);
    const done = await h.untilPrintState(paid.receipt.id, 'printed');
    assert.equal(done.attempts, 1);
    await until(() => printedFor('QUEUE01').length === 1, 'the receipt decoded');
    await twoPolls();
    assert.equal(printedFor('QUEUE01').length, 1, 'printed exactly once');
    assert.equal((await printerOnStrip())?.health, 'ok', 'the poll shows it back');
  });

  it('holds receipts while the paper is out (not failed) and prints them in order once, when reloaded', async () => {
    await h.untilPrintQueueEmpty();
    const told: unknown[] = [];
    const stopListening = h.station.events.subscribe((event, payload) => {
      if (event === 'receipt:printed') told.push(payload);
    });
    printer().setPaperOut(true);
    const first = await pay('QUEUE02');
    const second = await pay('QUEUE03');
    const job = await held(first.receipt.id);
    assert.deepEqual(
      [job.state, job.lastStatus, job.detail],
      ['queued', 'paper out', 'waiting for the printer: paper out'],
    );
    await held(second.receipt.id);
    assert.deepEqual(
      waitingForPrinter().map((j) => [j.receiptId, j.receiptNumber, j.state, j.detail]),
      [
        [
          first.receipt.id,
          first.payment.receiptNumber,
          'queued',
          'waiting for the printer: paper out',
        ],
        [
          second.receipt.id,
          second.payment.receiptNumber,
          'queued',
          'waiting for the printer: paper out',
        ],
      ],
      'both listed as waiting for the printer',
    );
    const strip = await printerOnStrip();
    assert.deepEqual([strip?.health, strip?.detail], ['fault', 'paper out']);
    const attention = await h.call('receipts:attention', {});
    assert.equal(
      attention.some((j) => j.receiptId === first.receipt.id),
      false,
      'nothing for the cashier to do: it prints by itself',
    );
    const copy = await h.raw('receipts:reprint', {
      receiptId: first.receipt.id,
      reason: 'customer asked for one',
    });
    assert.equal(!copy.ok && copy.error.code, 'CONFLICT', 'no COPY beside a waiting original');
    await twoPolls(); // polls find the paper still out: nothing new to tell
    assert.equal(printedFor('QUEUE02').length + printedFor('QUEUE03').length, 0);

    printer().setPaperOut(false);
    await h.untilPrintState(second.receipt.id, 'printed');
    assert.deepEqual(waitingForPrinter(), [], 'none left waiting');
    assert.equal(h.printJobs(first.receipt.id)[0]?.state, 'printed');
    await until(() => printedFor('QUEUE03').length === 1, 'both receipts decoded');
    const order = printed.filter((t) => /QUEUE0[23]/.test(t)).map((t) => /QUEUE0[23]/.exec(t)![0]);
    assert.deepEqual(order, ['QUEUE02', 'QUEUE03'], 'in the order the customers paid');
    await twoPolls();
    assert.equal(printedFor('QUEUE02').length, 1, 'printed exactly once');
    assert.deepEqual(
      journalOf(first.receipt.id).map((e) => e.type),
      ['receipt.printed'],
      'held then printed: one outcome journaled',
    );
    stopListening();
    const toldOfFirst = told.filter(
      (e) => (e as { receiptId: string }).receiptId === first.receipt.id,
    );
    assert.deepEqual(
      toldOfFirst.map((e) => {
        const { printState, detail } = e as { printState: string; detail: string };
        return [printState, printState === 'printed' ? /^printed \d+ bytes/.test(detail) : detail];
      }),
      [
        ['queued', 'waiting for the printer: paper out'],
        ['printed', true],
      ],
      'the screen is told once it is held (not at every poll) and once it is printed',
    );
  });

  it('a waiting receipt the customer took digitally can be voided, and never prints', async () => {
    await h.untilPrintQueueEmpty();
    printer().setPaperOut(true);
    const paid = await pay('QUEUE04');
    const job = await held(paid.receipt.id);
    await h.call('receipts:void', { jobId: job.id, reason: 'took the digital receipt' });
    printer().setPaperOut(false);
    await twoPolls();
    assert.equal(h.printJobs(paid.receipt.id)[0]?.state, 'voided');
    assert.equal(printedFor('QUEUE04').length, 0);
    const [voided] = journalOf(paid.receipt.id);
    assert.equal(voided?.type, 'receipt.voided');
    assert.equal(voided?.actor, 'cashier');
  });

  for (const fault of ['coverOpen', 'unplug'] as const) {
    it(`a receipt cut off part-way (${fault}) is interrupted, never resent, and reprints as a COPY that records who and why`, async () => {
      await h.untilPrintQueueEmpty();
      const plate = fault === 'coverOpen' ? 'QUEUE05' : 'QUEUE06';
      printer().failDuringNextJob(fault);
      const paid = await pay(plate);
      assert.equal(paid.receipt.printState, 'queued');
      const cut = await h.untilPrintState(paid.receipt.id, 'interrupted');
      assert.equal(cut.attempts, 1);
      assert.match(cut.detail, /may be incomplete/);
      printer().setState({ coverOpen: false, unplugged: false }); // the cashier fixes the printer
      await twoPolls();
      assert.equal(printedFor(plate).length, 0, 'not sent again by the station');
      assert.equal(h.printJobs(paid.receipt.id).length, 1);
      const waiting = await h.call('receipts:attention', {});
      assert.equal(waiting.find((j) => j.receiptId === paid.receipt.id)?.state, 'interrupted');

      const reprint = await h.call('receipts:reprint', {
        receiptId: paid.receipt.id,
        reason: `printer ${fault} mid-receipt`,
      });
      assert.equal(reprint.printState, 'printed');
      await until(() => printedFor(plate).length === 1, 'the copy decoded');
      assert.match(printedFor(plate)[0]!, /\*\*\* COPY \*\*\*/);
      const copyJob = h.printJobs(paid.receipt.id)[1]!;
      assert.deepEqual(
        [copyJob.copy, copyJob.requestedBy, copyJob.reason],
        [1, 'cashier', `printer ${fault} mid-receipt`],
      );
      const events = journalOf(paid.receipt.id);
      assert.deepEqual(
        events.map((e) => e.type),
        ['receipt.interrupted', 'receipt.reprinted', 'receipt.printed'],
      );
      assert.equal(events[1]!.actor, 'cashier', 'who asked for the copy');
      assert.deepEqual(JSON.parse(events[1]!.payload), {
        jobId: copyJob.id,
        reason: `printer ${fault} mid-receipt`,
      });
      assert.equal(JSON.parse(events[2]!.payload).copy, true);
      const left = await h.call('receipts:attention', {});
      assert.equal(
        left.some((j) => j.receiptId === paid.receipt.id),
        false,
      );
    });
  }
});
