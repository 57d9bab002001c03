/**
 * Money across a SIGKILL. The station runs in its own process (scripts/soak/station-child.ts)
 * on a real SQLite file with the simulated devices on socat ptys; the test kills it at the
 * moment that matters and starts it again on the same data directory.
 *
 * A payment is answered at its commit and its receipt printed afterwards by the print queue.
 * To kill the station while a receipt is part-printed, the printer simulator is told to fall
 * silent part-way through the next job: the driver then waits out its status timeout with the
 * job marked started, which holds the window open long enough to kill inside it every time.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type {
  AlertView,
  IpcResult,
  PaymentResult,
  PrintJobView,
  QuoteView,
} from '../../../src-shared';
import {
  signInToTakeMoney,
  startStationProcess,
  type StationProcess,
} from '../../../scripts/soak/station-process';
import { printJobsOf, requestKey } from '../../support/station-harness';

function value<T>(r: IpcResult<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

function query<T>(dbFile: string, sql: string, ...args: unknown[]): T[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

/** Polls until `check` holds; a bounded wait for the station's own progress, not a timing test. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never saw: ${what}`);
}

describe('money across a SIGKILL (a station in its own process)', () => {
  let dataDir: string;
  let dbFile: string;
  let st: StationProcess;

  const restart = async () => {
    st = await startStationProcess(dataDir);
    await signInToTakeMoney(st);
  };
  /** Receipts the printer simulator decoded (all runs, one folder) that mention `text`. */
  const receiptFilesWith = (text: string) =>
    readdirSync(join(dataDir, 'receipts'))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => readFileSync(join(dataDir, 'receipts', f), 'utf8'))
      .filter((receipt) => receipt.includes(text));
  const untilPrintQueueEmpty = () =>
    until(
      () => query(dbFile, `SELECT id FROM print_jobs WHERE state = 'queued'`).length === 0,
      'the print queue empty',
    );
  const paymentsOf = (plate: string) =>
    query<{ id: string; alertId: string | null }>(
      dbFile,
      `SELECT p.id, p.alert_id AS alertId FROM payments p JOIN sessions s ON s.id = p.session_id
       WHERE s.plate = ?`,
      plate,
    );

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'station-crash-'));
    dbFile = join(dataDir, 'station.db');
    await restart();
  });
  after(async () => {
    await st.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a lost ticket killed mid-print: paid once, its alert resolved with it, a replay finds it', async () => {
    const out = value<{ alertId: string }>(
      await st.call('lanes:manualRead', { laneId: 'exit-1', plate: 'LOST001' }),
    );
    const alert = value<AlertView[]>(await st.call('alerts:list', {})).find(
      (a) => a.id === out.alertId,
    )!;
    await st.setPrinterResponding(false);
    const charge = {
      alertId: alert.id,
      action: 'lostTicket',
      tenderedMinor: alert.lostTicketFeeMinor!,
      idempotencyKey: requestKey(),
    };
    void st.call('alerts:resolve', charge).catch(() => undefined);
    await until(() => paymentsOf('LOST001').length === 1, 'the lost-ticket payment committed');
    st.kill();
    await st.exited;

    await restart();
    const open = value<AlertView[]>(await st.call('alerts:list', {}));
    assert.equal(
      open.some((a) => a.id === alert.id),
      false,
      'the alert was resolved in the payment commit, so the cashier is not asked to charge again',
    );
    const again = await st.call('alerts:resolve', { ...charge, idempotencyKey: requestKey() });
    assert.equal(again.ok, false, 'a second charge with a new key is refused');
    const replay = value<{ payment: PaymentResult }>(await st.call('alerts:resolve', charge));
    const [paid] = paymentsOf('LOST001');
    assert.equal(replay.payment.payment.id, paid!.id, 'the replay returns the first payment');
    assert.equal(paid!.alertId, alert.id);
    assert.equal(paymentsOf('LOST001').length, 1, 'charged exactly once');
  });

  it('a receipt the printer never took survives a kill, and prints once after the restart', async () => {
    const entered = value<{ sessionId: string }>(
      await st.call('lanes:manualRead', { laneId: 'entry-1', plate: 'PRINT01' }),
    );
    const quote = value<QuoteView>(
      await st.call('sessions:quote', { sessionId: entered.sessionId }),
    );
    await st.setPrinterResponding(false); // unplugged
    const paid = value<PaymentResult>(
      await st.call('payments:cash', {
        sessionId: entered.sessionId,
        tenderedMinor: quote.dueMinor,
        expectedDueMinor: quote.dueMinor,
        idempotencyKey: requestKey(),
      }),
    );
    assert.equal(paid.receipt.printState, 'queued', 'the payment is answered without the printer');
    assert.equal(paymentsOf('PRINT01').length, 1);
    await until(
      () => printJobsOf(dbFile, paid.receipt.id)[0]?.lastStatus != null,
      'the queue tried the printer and held the job',
    );
    const held = printJobsOf(dbFile, paid.receipt.id)[0]!;
    assert.equal(held.state, 'queued', 'held, not failed');
    assert.equal(held.startedAt, null, 'nothing was sent');
    assert.match(held.detail, /not answering/);
    st.kill();
    await st.exited;

    await restart(); // a fresh station, and the printer plugged back in
    await until(
      () => printJobsOf(dbFile, paid.receipt.id)[0]?.state === 'printed',
      'the held receipt printed after the restart',
    );
    const jobs = printJobsOf(dbFile, paid.receipt.id);
    assert.equal(jobs.length, 1, 'no copy was made of it');
    assert.equal(jobs[0]!.attempts, 1, 'sent exactly once');
    const attention = value<PrintJobView[]>(await st.call('receipts:attention', {}));
    assert.equal(
      attention.some((j) => j.receiptId === paid.receipt.id),
      false,
    );
    assert.equal(receiptFilesWith('PRINT01').length, 1, 'one receipt came out');
  });

  it('a print cut off mid-job by a kill is offered to the cashier at start-up, never resent, and reprints as COPY', async () => {
    const entered = value<{ sessionId: string }>(
      await st.call('lanes:manualRead', { laneId: 'entry-1', plate: 'PRINT02' }),
    );
    const quote = value<QuoteView>(
      await st.call('sessions:quote', { sessionId: entered.sessionId }),
    );
    await untilPrintQueueEmpty();
    await st.cutOffNextPrint();
    const pay = {
      sessionId: entered.sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    };
    const paid = value<PaymentResult>(await st.call('payments:cash', pay));
    // Part of the job went out, then the printer fell silent; the driver is still waiting for
    // its status when the station dies.
    await until(
      () => printJobsOf(dbFile, paid.receipt.id)[0]?.startedAt != null,
      'the receipt started printing',
    );
    st.kill();
    await st.exited;

    await restart();
    const waiting = value<PrintJobView[]>(await st.call('receipts:attention', {}));
    const job = waiting.find((j) => j.plate === 'PRINT02');
    assert.equal(job?.state, 'interrupted');
    const replay = value<PaymentResult>(await st.call('payments:cash', pay));
    assert.equal(replay.receipt.printState, 'interrupted', 'the replay tells the truth about it');
    assert.equal(paymentsOf('PRINT02').length, 1);
    await new Promise((r) => setTimeout(r, 2500)); // two polls of a ready printer
    assert.equal(receiptFilesWith('PRINT02').length, 0, 'never sent again by the station');
    assert.equal(printJobsOf(dbFile, paid.receipt.id).length, 1);

    const reprint = value<{ printState: string }>(
      await st.call('receipts:reprint', { receiptId: job!.receiptId, reason: 'cut off by crash' }),
    );
    assert.equal(reprint.printState, 'printed');
    await until(() => receiptFilesWith('PRINT02').length === 1, 'the copy decoded');
    assert.match(receiptFilesWith('PRINT02')[0]!, /\*\*\* COPY \*\*\*/);
    const copy = printJobsOf(dbFile, paid.receipt.id)[1]!;
    assert.deepEqual(
      [copy.copy, copy.state, copy.requestedBy, copy.reason],
      [1, 'printed', 'cashier', 'cut off by crash'],
    );
    const [event] = query<{ actor: string; payload: string }>(
      dbFile,
      `SELECT actor, payload_json AS payload FROM journal
       WHERE type = 'receipt.reprinted' AND aggregate_id = ?`,
      paid.receipt.id,
    );
    assert.equal(event?.actor, 'cashier', 'the journal names who reprinted it');
    assert.deepEqual(JSON.parse(event.payload), { jobId: copy.id, reason: 'cut off by crash' });
    const left = value<PrintJobView[]>(await st.call('receipts:attention', {}));
    assert.equal(
      left.some((j) => j.receiptId === job!.receiptId),
      false,
      'settled by the reprint',
    );
  });

  it('the cashier can void an interrupted print instead, with a reason', async () => {
    const entered = value<{ sessionId: string }>(
      await st.call('lanes:manualRead', { laneId: 'entry-1', plate: 'VOID001' }),
    );
    const quote = value<QuoteView>(
      await st.call('sessions:quote', { sessionId: entered.sessionId }),
    );
    await untilPrintQueueEmpty();
    await st.cutOffNextPrint();
    const paid = value<PaymentResult>(
      await st.call('payments:cash', {
        sessionId: entered.sessionId,
        tenderedMinor: quote.dueMinor,
        expectedDueMinor: quote.dueMinor,
        idempotencyKey: requestKey(),
      }),
    );
    await until(
      () => printJobsOf(dbFile, paid.receipt.id)[0]?.startedAt != null,
      'the receipt started printing',
    );
    st.kill();
    await st.exited;
    await restart();
    const job = value<PrintJobView[]>(await st.call('receipts:attention', {})).find(
      (j) => j.plate === 'VOID001',
    )!;
    const short = await st.call('receipts:void', { jobId: job.jobId, reason: '' });
    assert.equal(short.ok, false, 'a void needs a reason');
    const left = value<PrintJobView[]>(
      await st.call('receipts:void', { jobId: job.jobId, reason: 'customer left' }),
    );
    assert.equal(
      left.some((j) => j.jobId === job.jobId),
      false,
    );
    const [row] = query<{ state: string }>(
      dbFile,
      'SELECT state FROM print_jobs WHERE id = ?',
      job.jobId,
    );
    assert.equal(row?.state, 'voided');
    assert.equal(paymentsOf('VOID001').length, 1, 'voiding the print never touches the payment');
  });
});
