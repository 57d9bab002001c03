/**
 * Money across a SIGKILL. The station runs in its own process (scripts/soak/station-child.ts)
 * on a real SQLite file with the simulated devices on socat ptys; the test kills it at the
 * moment that matters and starts it again on the same data directory.
 *
 * The printer simulator is told to stop answering first, so a print takes its status timeout:
 * that holds the window between "payment committed" and "printer answered" open long enough to
 * kill the station inside it every time, instead of by luck.
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
import { startStationProcess, type StationProcess } from '../../../scripts/soak/station-process';
import { requestKey } from '../../support/station-harness';

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
    value(await st.call('operator:signIn', { name: 'cashier', pin: '123456' }));
  };
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

  it('a print cut off by a kill is offered to the cashier at start-up, and reprints as COPY', async () => {
    const entered = value<{ sessionId: string }>(
      await st.call('lanes:manualRead', { laneId: 'entry-1', plate: 'PRINT01' }),
    );
    const quote = value<QuoteView>(
      await st.call('sessions:quote', { sessionId: entered.sessionId }),
    );
    await st.setPrinterResponding(false);
    const pay = {
      sessionId: entered.sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    };
    void st.call('payments:cash', pay).catch(() => undefined);
    const queuedJobs = () =>
      query(dbFile, `SELECT id FROM print_jobs WHERE state = 'queued'`).length;
    await until(() => queuedJobs() === 1, 'the receipt queued for printing');
    st.kill();
    await st.exited;

    await restart();
    assert.equal(queuedJobs(), 0, 'nothing stays silently queued');
    const waiting = value<PrintJobView[]>(await st.call('receipts:attention', {}));
    const job = waiting.find((j) => j.plate === 'PRINT01');
    assert.equal(job?.state, 'interrupted');

    const replay = value<PaymentResult>(await st.call('payments:cash', pay));
    assert.equal(replay.receipt.printState, 'interrupted', 'the replay tells the truth about it');
    assert.equal(paymentsOf('PRINT01').length, 1);

    const before = readdirSync(join(dataDir, 'receipts')).filter((f) => f.endsWith('.txt'));
    const reprint = value<{ printState: string }>(
      await st.call('receipts:reprint', { receiptId: job!.receiptId, reason: 'cut off by crash' }),
    );
    assert.equal(reprint.printState, 'printed');
    await until(
      () =>
        readdirSync(join(dataDir, 'receipts')).filter((f) => f.endsWith('.txt')).length >
        before.length,
      'the printer simulator decoded the copy',
    );
    const copy = readdirSync(join(dataDir, 'receipts'))
      .filter((f) => f.endsWith('.txt') && !before.includes(f))
      .map((f) => readFileSync(join(dataDir, 'receipts', f), 'utf8'))
      .join('\n');
    assert.match(copy, /\*\*\* COPY \*\*\*/);
    assert.match(copy, /PRINT01/);
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
    await st.setPrinterResponding(false);
    void st
      .call('payments:cash', {
        sessionId: entered.sessionId,
        tenderedMinor: quote.dueMinor,
        expectedDueMinor: quote.dueMinor,
        idempotencyKey: requestKey(),
      })
      .catch(() => undefined);
    await until(
      () => query(dbFile, `SELECT id FROM print_jobs WHERE state = 'queued'`).length === 1,
      'the receipt queued for printing',
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
