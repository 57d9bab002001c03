/**
 * Receipt numbers: one gapless sequence per station, with the station's prefix, on real SQLite
 * files. A number is taken in the payment's own transaction: a refused or rolled-back payment
 * takes none, a replay returns the same one, a void or a COPY keeps it, and it continues after a
 * kill and a restart. Migration 9 numbers the receipts an older file already holds.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { IpcResult, PaymentResult, PrintJobView, QuoteView } from '../../../src-shared';
import { quoteSession } from '../../../src-shared';
import { canonicalPlate } from '../../../src-shared/domain/plate';
import { defaultTariff } from '../../../src-shared/domain/tariff';
import { openDatabase } from '../../../src-main/db/database';
import { createRepositories } from '../../../src-main/db/repositories';
import { schemaV1 } from '../../../src-main/db/schema-v1';
import { schemaV2 } from '../../../src-main/db/schema-v2';
import { schemaV3 } from '../../../src-main/db/schema-v3';
import { schemaV4 } from '../../../src-main/db/schema-v4';
import { schemaV5 } from '../../../src-main/db/schema-v5';
import { schemaV6 } from '../../../src-main/db/schema-v6';
import { schemaV7 } from '../../../src-main/db/schema-v7';
import { schemaV8 } from '../../../src-main/db/schema-v8';
import { Journal, type JournalWriter } from '../../../src-main/journal/journal';
import { PaymentLedger } from '../../../src-main/services/payment-ledger';
import { ShiftDrawer } from '../../../src-main/services/shift-sales';
import { SiteCatalog } from '../../../src-main/services/site-catalog';
import { checkMoneyInvariants } from '../../../scripts/soak/money-invariants';
import {
  signInToTakeMoney,
  startStationProcess,
  type StationProcess,
} from '../../../scripts/soak/station-process';
import {
  printJobsOf,
  requestKey,
  startHarness,
  testTariff,
  until,
  type Harness,
} from '../../support/station-harness';

/** Receipt numbers in the file, in order, as "prefix+number". */
function numbersIn(dbFile: string): { seq: number; label: string; receiptId: string }[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT number AS seq, prefix || number AS label, receipt_id AS receiptId
         FROM receipt_numbers ORDER BY number`,
      )
      .all() as { seq: number; label: string; receiptId: string }[];
  } finally {
    db.close();
  }
}

describe('receipt numbers on a running station (prefix ST1-)', () => {
  let h: Harness;
  let dbFile: string;
  const printer = () => h.station.devices.simulated!.printerSimulator;
  /** Every receipt the simulated printer decoded, as text. */
  const printed: string[][] = [];
  /**
   * The receipt that carries this line, once the printer simulator has decoded it (it decodes
   * after the print job returns): a bounded wait for the station's own progress, not a timing
   * test.
   */
  const printedWith = async (line: string): Promise<string> => {
    for (let i = 0; i < 2000; i++) {
      const found = printed.find((lines) => lines.some((l) => l.trim() === line));
      if (found) return found.join('\n');
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no receipt printed with "${line}"`);
  };

  before(async () => {
    h = await startHarness({
      receipts: { prefix: 'ST1-' },
      zones: [{ id: 'main', name: 'Main lot', capacity: 50, tariffId: testTariff.id }],
    });
    await h.signIn('cashier');
    dbFile = join(h.dataDir, 'station.db');
    printer().onReceipt((r) => printed.push(r.textLines));
  });
  after(() => h.stop());

  async function carOwing(plate: string, minutes = 40) {
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate });
    assert.equal(entered.kind, 'entered');
    h.clock.advanceMinutes(minutes);
    const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
    const quote = await h.call('sessions:quote', { sessionId });
    const pay = {
      sessionId,
      tenderedMinor: quote.dueMinor,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    };
    return { sessionId, quote, pay };
  }

  it('numbers payments and a lost-ticket charge 1, 2, 3 with the prefix, on paper and in the journal', async () => {
    const a = await carOwing('NUM0001');
    const first = await h.call('payments:cash', a.pay);
    assert.equal(first.payment.receiptNumber, 'ST1-1');
    const firstPaper = await printedWith('Receipt no. ST1-1');
    assert.match(firstPaper, /Parking receipt/, 'the number is printed on the receipt');

    const b = await carOwing('NUM0002');
    const second = await h.call('payments:cash', b.pay);
    assert.equal(second.payment.receiptNumber, 'ST1-2');

    const out = await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'LT99XYZ' });
    assert.equal(out.kind, 'no-record');
    const lost = await h.call('alerts:resolve', {
      alertId: out.kind === 'no-record' ? out.alertId : '',
      action: 'lostTicket',
      tenderedMinor: testTariff.lostTicketFeeMinor,
      idempotencyKey: requestKey(),
    });
    assert.equal(lost.payment?.payment.receiptNumber, 'ST1-3');
    assert.match(await printedWith('Receipt no. ST1-3'), /Lost ticket receipt/);

    assert.deepEqual(
      numbersIn(dbFile).map((n) => n.label),
      ['ST1-1', 'ST1-2', 'ST1-3'],
    );
    const db = new Database(dbFile, { readonly: true });
    try {
      const taken = db
        .prepare(`SELECT version, payload_json FROM journal WHERE type = 'payment.taken'`)
        .all() as { version: number; payload_json: string }[];
      assert.deepEqual(
        taken.map((t) => {
          const p = JSON.parse(t.payload_json) as { receiptSeq: number; receiptNumber: string };
          return [t.version, p.receiptSeq, p.receiptNumber];
        }),
        [
          [4, 1, 'ST1-1'],
          [4, 2, 'ST1-2'],
          [4, 3, 'ST1-3'],
        ],
      );
    } finally {
      db.close();
    }
  });

  it('a replayed request returns the same number and takes no new one', async () => {
    const c = await carOwing('NUM0004');
    const first = await h.call('payments:cash', c.pay);
    const replay = await h.call('payments:cash', c.pay);
    assert.equal(first.payment.receiptNumber, 'ST1-4');
    assert.equal(replay.payment.receiptNumber, 'ST1-4');
    const d = await carOwing('NUM0005');
    assert.equal((await h.call('payments:cash', d.pay)).payment.receiptNumber, 'ST1-5');
  });

  it('a refused payment takes no number', async () => {
    const e = await carOwing('NUM0006');
    const short = await h.raw('payments:cash', {
      ...e.pay,
      tenderedMinor: e.quote.dueMinor - 1,
    });
    assert.equal(!short.ok && short.error.code, 'INVALID_PAYLOAD', 'short tender refused');
    const stale = await h.raw('payments:cash', {
      ...e.pay,
      expectedDueMinor: e.quote.dueMinor + 100,
      idempotencyKey: requestKey(),
    });
    assert.equal(!stale.ok && stale.error.code, 'CONFLICT', 'a stale amount is refused');
    assert.equal(numbersIn(dbFile).length, 5, 'neither took a number');
    assert.equal((await h.call('payments:cash', e.pay)).payment.receiptNumber, 'ST1-6');
  });

  it('a voided print keeps its number; the next payment takes the next one', async () => {
    const f = await carOwing('NUM0007');
    await h.untilPrintQueueEmpty();
    printer().failDuringNextJob('coverOpen');
    const paid = await h.call('payments:cash', f.pay);
    assert.equal(paid.payment.receiptNumber, 'ST1-7');
    await h.untilPrintState(paid.receipt.id, 'interrupted');
    printer().setCoverOpen(false);
    const job = (await h.call('receipts:attention', {})).find((j) => j.plate === 'NUM0007')!;
    assert.equal(job.receiptNumber, 'ST1-7', 'the cashier sees which receipt it is');
    await h.call('receipts:void', { jobId: job.jobId, reason: 'customer left' });

    const replay = await h.call('payments:cash', f.pay);
    assert.equal(replay.receipt.printState, 'voided');
    assert.equal(replay.payment.receiptNumber, 'ST1-7', 'voided, the receipt keeps its number');
    const g = await carOwing('NUM0008');
    assert.equal((await h.call('payments:cash', g.pay)).payment.receiptNumber, 'ST1-8');
    assert.deepEqual(
      numbersIn(dbFile).map((n) => n.seq),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
  });

  it('a COPY shows the same number as the original', async () => {
    const k = await carOwing('NUM0009');
    await h.untilPrintQueueEmpty();
    printer().failDuringNextJob('paperOut');
    const paid = await h.call('payments:cash', k.pay);
    assert.equal(paid.payment.receiptNumber, 'ST1-9');
    await h.untilPrintState(paid.receipt.id, 'interrupted');
    assert.equal(
      printed.some((lines) => lines.some((l) => l.trim() === 'Receipt no. ST1-9')),
      false,
      'nothing came out: the paper ran out mid-receipt',
    );
    printer().setPaperOut(false);
    await h.call('receipts:reprint', { receiptId: paid.receipt.id, reason: 'paper reloaded' });
    const copy = await printedWith('Receipt no. ST1-9');
    assert.match(copy, /\*\*\* COPY \*\*\*/, 'the COPY shows the same number');
    assert.equal(numbersIn(dbFile).length, 9, 'a reprint takes no number');
  });

  it('the database refuses a gap, a renumbering and a freed number', () => {
    const db = new Database(dbFile);
    try {
      const numbers = numbersIn(dbFile);
      const last = numbers.at(-1)!.seq;
      assert.throws(
        () =>
          db
            .prepare(
              `INSERT INTO receipt_numbers (number, receipt_id, prefix, at)
               VALUES (?, ?, 'ST1-', 0)`,
            )
            .run(last + 2, numbers[0]!.receiptId),
        /next number/,
      );
      assert.throws(
        () => db.prepare('UPDATE receipt_numbers SET number = 99 WHERE number = 1').run(),
        /keeps its number/,
      );
      assert.throws(
        () => db.prepare('DELETE FROM receipt_numbers WHERE number = ?').run(last),
        /never freed/,
      );
      assert.deepEqual(numbersIn(dbFile), numbers);
    } finally {
      db.close();
    }
  });
});

describe('receipt numbers across a kill and a restart (station in its own process)', () => {
  let dataDir: string;
  let st: StationProcess;
  const value = <T>(r: IpcResult<unknown>): T => {
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  const restart = async () => {
    st = await startStationProcess(dataDir);
    await signInToTakeMoney(st);
  };
  const pay = async (plate: string) => {
    const entered = value<{ sessionId: string }>(
      await st.call('lanes:manualRead', { laneId: 'entry-1', plate }),
    );
    const q = value<QuoteView>(await st.call('sessions:quote', { sessionId: entered.sessionId }));
    return {
      sessionId: entered.sessionId,
      tenderedMinor: q.dueMinor,
      expectedDueMinor: q.dueMinor,
      idempotencyKey: requestKey(),
    };
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'station-receipt-numbers-'));
    writeFileSync(join(dataDir, 'station.json'), JSON.stringify({ receipts: { prefix: 'B7/' } }));
    await restart();
  });
  after(async () => {
    await st.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('continues the sequence after a SIGKILL mid-print; the replay finds the same number', async () => {
    const first = value<PaymentResult>(await st.call('payments:cash', await pay('RST0001')));
    assert.equal(first.payment.receiptNumber, 'B7/1');
    const dbFile = join(dataDir, 'station.db');
    await until(
      () => printJobsOf(dbFile, first.receipt.id).at(-1)?.state === 'printed',
      'the first receipt printed',
    );
    // The second receipt's job starts, then the printer goes silent part-way: the driver waits
    // for the status that never comes, and the kill lands while the job is started.
    await st.cutOffNextPrint();
    const second = await pay('RST0002');
    void st.call('payments:cash', second).catch(() => undefined);
    await until(() => numbersIn(dbFile).length === 2, 'the second payment committed');
    const [secondReceipt] = numbersIn(dbFile).slice(1);
    await until(
      () => printJobsOf(dbFile, secondReceipt!.receiptId).at(-1)?.startedAt,
      'the second receipt started printing',
    );
    st.kill();
    await st.exited;

    await restart();
    const replay = value<PaymentResult>(await st.call('payments:cash', second));
    assert.equal(replay.payment.receiptNumber, 'B7/2');
    const waiting = value<PrintJobView[]>(await st.call('receipts:attention', {}));
    assert.equal(waiting.find((j) => j.plate === 'RST0002')?.receiptNumber, 'B7/2');
    const third = value<PaymentResult>(await st.call('payments:cash', await pay('RST0003')));
    assert.equal(third.payment.receiptNumber, 'B7/3', 'the next number continues');
  });
});

describe('the ledger takes a number only when the payment commits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'receipt-numbers-ledger-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a payment rolled back after its number was read leaves no gap (and the soak would see one)', () => {
    const db = openDatabase(join(dir, 'station.db'));
    try {
      const repos = createRepositories(db, () => 0);
      repos.site.upsertTariff(defaultTariff, 0);
      repos.site.upsertZone({ id: 'main', name: 'Main', capacity: 10, tariffId: defaultTariff.id });
      const insert = db.prepare(`INSERT INTO sessions (id, plate, plate_canon, zone_id,
        tariff_id, entry_at, state, paid_minor, updated_at) VALUES (?, ?, ?, 'main', ?, 0,
        'open', 0, 0)`);
      for (const [id, plate] of [
        ['S1', 'B01AAA'],
        ['S2', 'B02BBB'],
      ] as const) {
        insert.run(id, plate, canonicalPlate(plate), defaultTariff.id);
      }
      const site = new SiteCatalog(
        'Test',
        [defaultTariff],
        [{ id: 'main', name: 'Main', capacity: 10, tariffId: defaultTariff.id }],
        new Map(),
      );
      const journal = new Journal(db, randomBytes(32), 'test');
      // The journal refuses the payment's event: the whole transaction must roll back.
      const failing: JournalWriter = {
        append: (draft, at) => {
          if (draft.type === 'payment.taken') throw new Error('disk full');
          return journal.append(draft, at);
        },
      };
      const transact = <T>(fn: () => T): T => db.transaction(fn)();
      repos.shifts.open({
        id: 'T1',
        currency: 'RON',
        openedBy: 'cashier',
        openedAt: 0,
        floatMinor: 0,
        floatCount: [],
      });
      const drawer = new ShiftDrawer(repos.shifts);
      const ledger = (j: JournalWriter) =>
        new PaymentLedger({
          ...repos,
          journal: j,
          transact,
          site,
          drawer,
          receiptPrefix: 'L-',
        });
      const commit = (l: PaymentLedger, sessionId: string) => {
        const session = repos.sessions.get(sessionId)!;
        const quote = quoteSession(session, defaultTariff, 95 * 60_000);
        return l.commit({
          session,
          quote,
          tenderedMinor: quote.dueMinor,
          operator: { name: 'cashier', role: 'cashier' },
          kind: 'parking',
          request: { channel: 'payments:cash', key: `k-${sessionId}`, requestHash: 'h' },
        });
      };
      assert.throws(() => commit(ledger(failing), 'S1'), /disk full/);
      assert.equal(db.prepare('SELECT COUNT(*) FROM payments').pluck().get(), 0);
      assert.equal(db.prepare('SELECT COUNT(*) FROM receipt_numbers').pluck().get(), 0);
      const ok = commit(ledger(journal), 'S2');
      assert.equal(ok.payment.receiptNumber, 'L-1', 'the number the rolled-back one read');
      assert.ok(ok.receipt.header.includes('Receipt no. L-1'));
      const next = commit(ledger(journal), 'S1');
      assert.equal(next.payment.receiptNumber, 'L-2');

      // The crash soak's check reads the same file: clean now, and it sees a gap if one is made
      // behind the triggers' back.
      const file = join(dir, 'station.db');
      const told = new Map([
        [ok.payment.id, 'L-1'],
        [next.payment.id, 'L-2'],
      ]);
      const client = {
        ackedPaymentIds: [ok.payment.id, next.payment.id],
        ackedReceiptNumbers: told,
        plates: [],
      };
      // The ledger leaves the print to the print queue; these came out.
      for (const p of [ok, next]) repos.printJobs.finish(p.jobId, 'printed', '', null, 0);
      assert.deepEqual(checkMoneyInvariants(file, client).failures, []);
      db.exec(`DROP TRIGGER receipt_numbers_kept;
        UPDATE receipt_numbers SET number = 5 WHERE number = 2`);
      const failures = checkMoneyInvariants(file, client).failures;
      assert.ok(
        failures.some((f) => /gaps/.test(f)),
        failures.join('; '),
      );
      assert.ok(failures.some((f) => /was told L-2, its receipt is L-5/.test(f)));
    } finally {
      db.close();
    }
  });
});

describe('migration 9 numbers the receipts an older file holds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'schema-v9-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('in payment order, from 1, with no gap; the next payment takes the next number', () => {
    const file = join(dir, 'station.db');
    const v8 = new Database(file);
    v8.pragma('journal_mode = WAL');
    v8.function('canonical_plate', { deterministic: true }, (p: unknown) =>
      canonicalPlate(String(p)),
    );
    v8.exec(`CREATE TABLE schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
    const schemas = [
      schemaV1,
      schemaV2,
      schemaV3,
      schemaV4,
      schemaV5,
      schemaV6,
      schemaV7,
      schemaV8,
    ];
    for (const [i, sql] of schemas.entries()) {
      v8.exec(sql);
      v8.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(i + 1, `v${i + 1}`);
    }
    v8.pragma('foreign_keys = ON');
    v8.exec(`
      INSERT INTO tariffs (id, rules_json, updated_at) VALUES ('t', '{}', 0);
      INSERT INTO zones (id, name, capacity, tariff_id) VALUES ('main', 'Main', 5, 't');
      INSERT INTO sessions (id, plate, plate_canon, zone_id, tariff_id, entry_at, state,
        paid_minor, updated_at) VALUES ('S1', 'B1ABC', 'B1ABC', 'main', 't', 0, 'paid', 0, 0);
    `);
    // Ids out of time order on purpose: the numbers follow when each payment was taken.
    const paid = payer(v8);
    paid('Y-c', 300, 'R-c');
    paid('Y-a', 100, 'R-a');
    paid('Y-app', 150, null); // an app payment: no booth receipt, no number
    paid('Y-b', 200, 'R-b');
    paid('Y-d', 200, 'R-d'); // same time as Y-b, taken after it
    v8.close();

    const migrated = openDatabase(file);
    try {
      assert.deepEqual(
        migrated
          .prepare('SELECT number, receipt_id AS id, prefix FROM receipt_numbers ORDER BY number')
          .all(),
        [
          { number: 1, id: 'R-a', prefix: 'R-' },
          { number: 2, id: 'R-b', prefix: 'R-' },
          { number: 3, id: 'R-d', prefix: 'R-' },
          { number: 4, id: 'R-c', prefix: 'R-' },
        ],
      );
      const repos = createRepositories(migrated, () => 0);
      assert.equal(repos.payments.nextReceiptSeq(), 5);
      assert.equal(repos.payments.view('Y-c')?.receiptNumber, 'R-4');
    } finally {
      migrated.close();
    }
  });

  function payer(v8: Database.Database) {
    return (id: string, at: number, receiptId: string | null) => {
      v8.prepare(
        `INSERT INTO payments (id, session_id, kind, method, amount_minor, tendered_minor,
          change_minor, currency, at, operator) VALUES (?, 'S1', 'parking', ?, 100, 100, 0,
          'RON', ?, 'cashier')`,
      ).run(id, receiptId ? 'cash' : 'app', at);
      if (receiptId) {
        v8.prepare(
          'INSERT INTO receipts (id, payment_id, body_json, created_at) VALUES (?, ?, ?, ?)',
        ).run(receiptId, id, '{}', at);
      }
    };
  }
});
