import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toPrintableAscii } from '../../src-main/devices/printer/ascii-text';
import { catalogues, LANGUAGES } from '../../src-shared/i18n/translate';

/** What the soak's client was told: payments it saw acknowledged, and the plates it used. */
export interface ClientRecord {
  ackedPaymentIds: string[];
  /** The receipt number each acknowledged payment was told (payment id -> "R-42"). */
  ackedReceiptNumbers?: Map<string, string>;
  /** Each scenario uses a plate of its own, so one plate is one stay. */
  plates: string[];
}

export interface InvariantReport {
  ok: boolean;
  failures: string[];
  payments: number;
  interruptedJobs: number;
}

const count = (db: Database.Database, sql: string, ...args: unknown[]) =>
  (db.prepare(sql).get(...args) as { n: number }).n;

/**
 * The money invariants, read straight from the station's SQLite file (read-only) after a
 * restart: every acknowledged payment exists exactly once; no stay is charged twice; every
 * payment has its receipt and every receipt a print job; every receipt has one number, the
 * numbers run 1..N with no gap and none twice, and each acknowledged payment's receipt has the
 * number it was told; no job is left silently queued; every lost-ticket payment resolved its
 * alert; and the file passes SQLite's integrity check.
 */
/**
 * `restartedAt`: when the station now running on the file was started (the time before it,
 * when checking a stopped one). A job it started itself since may be printing right now.
 */
export function checkMoneyInvariants(
  dbFile: string,
  client: ClientRecord,
  restartedAt = Number.POSITIVE_INFINITY,
): InvariantReport {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  const failures: string[] = [];
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') failures.push(`integrity_check: ${String(integrity)}`);
    for (const id of client.ackedPaymentIds) {
      const n = count(db, 'SELECT COUNT(*) AS n FROM payments WHERE id = ?', id);
      if (n !== 1) failures.push(`acknowledged payment ${id} exists ${n} times`);
    }
    const perPlate = db.prepare(
      `SELECT COUNT(*) AS n FROM payments p JOIN sessions s ON s.id = p.session_id
       WHERE s.plate = ?`,
    );
    for (const plate of client.plates) {
      const n = (perPlate.get(plate) as { n: number }).n;
      if (n > 1) failures.push(`${plate} was charged ${n} times for one stay`);
    }
    const noReceipt = count(
      db,
      `SELECT COUNT(*) AS n FROM payments p LEFT JOIN receipts r ON r.payment_id = p.id
       WHERE r.id IS NULL`,
    );
    if (noReceipt) failures.push(`${noReceipt} payments have no receipt`);
    const noJob = count(
      db,
      `SELECT COUNT(*) AS n FROM receipts r LEFT JOIN print_jobs j ON j.receipt_id = r.id
       WHERE j.id IS NULL`,
    );
    if (noJob) failures.push(`${noJob} receipts have no print job`);
    failures.push(...receiptNumberFailures(db, client));
    // A job that never started may wait for the printer across restarts (it prints when the
    // printer is ready); one started before the restart must be interrupted at the start, never
    // left queued (it would look as if it could still be sent, and might print twice).
    const started = count(
      db,
      `SELECT COUNT(*) AS n FROM print_jobs WHERE state = 'queued' AND started_at < ?`,
      restartedAt,
    );
    if (started) failures.push(`${started} started print jobs are still queued after a restart`);
    // Every cash payment is one sale in the drawer's shift, for its amount: the Z report can
    // only balance if a kill never leaves a payment without its sale or a sale without it.
    const unmatchedSales = count(
      db,
      `SELECT COUNT(*) AS n FROM payments p WHERE p.method = 'cash' AND (SELECT COUNT(*)
         FROM shift_entries e WHERE e.payment_id = p.id AND e.kind = 'sale'
         AND e.amount_minor = p.amount_minor) <> 1`,
    );
    if (unmatchedSales) failures.push(`${unmatchedSales} cash payments are not one drawer sale`);
    const orphanSales = count(
      db,
      `SELECT COUNT(*) AS n FROM shift_entries e LEFT JOIN payments p ON p.id = e.payment_id
       WHERE e.kind = 'sale' AND p.id IS NULL`,
    );
    if (orphanSales) failures.push(`${orphanSales} drawer sales have no payment`);
    const openPaidAlerts = count(
      db,
      `SELECT COUNT(*) AS n FROM payments p JOIN alerts a ON a.id = p.alert_id
       WHERE a.resolved_at IS NULL`,
    );
    if (openPaidAlerts) failures.push(`${openPaidAlerts} lost tickets paid with alert open`);
    return {
      ok: failures.length === 0,
      failures,
      payments: count(db, 'SELECT COUNT(*) AS n FROM payments'),
      interruptedJobs: count(
        db,
        `SELECT COUNT(*) AS n FROM print_jobs WHERE state = 'interrupted' AND settled_at IS NULL`,
      ),
    };
  } finally {
    db.close();
  }
}

/**
 * Receipt numbers: one per receipt, 1..N with no gap and none twice, whatever the kills did;
 * and a number once told to the client never changes (a replay, a void or a reprint keeps it).
 */
function receiptNumberFailures(db: Database.Database, client: ClientRecord): string[] {
  const failures: string[] = [];
  const receipts = count(db, 'SELECT COUNT(*) AS n FROM receipts');
  const numbers = db
    .prepare(
      `SELECT COUNT(*) AS n, COUNT(DISTINCT number) AS distinctN,
        COUNT(DISTINCT receipt_id) AS receiptsN, MIN(number) AS lo, MAX(number) AS hi
       FROM receipt_numbers`,
    )
    .get() as { n: number; distinctN: number; receiptsN: number; lo: number; hi: number };
  if (numbers.n !== receipts) {
    failures.push(`${receipts} receipts but ${numbers.n} receipt numbers`);
  }
  if (numbers.distinctN !== numbers.n || numbers.receiptsN !== numbers.n) {
    failures.push('a receipt number or a receipt is numbered twice');
  }
  if (numbers.n > 0 && (numbers.lo !== 1 || numbers.hi !== numbers.n)) {
    failures.push(
      `receipt numbers have gaps: ${numbers.n} numbers from ${numbers.lo} to ${numbers.hi}`,
    );
  }
  const unnumbered = count(
    db,
    `SELECT COUNT(*) AS n FROM receipts r LEFT JOIN receipt_numbers n ON n.receipt_id = r.id
     WHERE n.number IS NULL`,
  );
  if (unnumbered) failures.push(`${unnumbered} receipts have no number`);
  const numberOf = db.prepare(`SELECT n.prefix || n.number AS label FROM receipts r
    JOIN receipt_numbers n ON n.receipt_id = r.id WHERE r.payment_id = ?`);
  for (const [paymentId, told] of client.ackedReceiptNumbers ?? []) {
    const now = (numberOf.get(paymentId) as { label: string } | undefined)?.label;
    if (now !== told) failures.push(`payment ${paymentId} was told ${told}, its receipt is ${now}`);
  }
  return failures;
}

/** socat processes serving this data directory's virtual serial ports. */
export function socatProcessesFor(dataDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(join('/proc', entry, 'cmdline'), 'utf8').split('\0');
      if (cmd.some((a) => /(^|\/)socat$/.test(a)) && cmd.some((a) => a.includes(dataDir))) {
        pids.push(Number(entry));
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The receipt's number line and COPY mark in every language a receipt may print in, as printed. */
const printed = (text: string) => toPrintableAscii(text);
const NUMBER_LINES = LANGUAGES.map(
  (l) =>
    new RegExp(escape(printed(catalogues[l]['receipt.number'])).replace('\\{number\\}', '(\\S+)')),
);
const COPY_MARKS = LANGUAGES.map((l) => printed(catalogues[l]['receipt.copy']));

function numberOf(text: string): string | undefined {
  for (const line of NUMBER_LINES) {
    const number = line.exec(text)?.[1];
    if (number) return number;
  }
  return undefined;
}

/**
 * Receipts that came out of the simulated printer more than once as an original (without the
 * COPY mark), read from the receipt-<n>.txt files it decoded across every restart: the station
 * must never send again a job that may have printed, so each number prints at most once.
 */
export function receiptsPrintedTwice(receiptsDir: string): string[] {
  const originals = new Map<string, number>();
  let files: string[];
  try {
    files = readdirSync(receiptsDir).filter((f) => /^receipt-\d+\.txt$/.test(f));
  } catch {
    return []; // nothing printed yet
  }
  for (const file of files) {
    const text = readFileSync(join(receiptsDir, file), 'utf8');
    const number = numberOf(text);
    if (number && !COPY_MARKS.some((mark) => text.includes(mark))) {
      originals.set(number, (originals.get(number) ?? 0) + 1);
    }
  }
  return [...originals]
    .filter(([, times]) => times > 1)
    .map(([number, times]) => `receipt ${number} printed ${times} times as an original`);
}

/** What the card terminal charged, as the terminal (outside the station) remembers it. */
export interface TerminalCharge {
  reference: string;
  amount: number;
}

/**
 * Card money, checked against the terminal's own record once the station has settled every
 * attempt it can: each charge is exactly one card tender of one payment, for its amount, and
 * no card tender exists that the terminal never charged. No reference is charged twice.
 */
export function cardChargeFailures(dbFile: string, charges: readonly TerminalCharge[]): string[] {
  const failures: string[] = [];
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const tenders = db
      .prepare(
        `SELECT card_reference AS reference, amount_minor AS amount FROM payment_tenders
         WHERE tender = 'card'`,
      )
      .all() as { reference: string; amount: number }[];
    const booked = new Map<string, number[]>();
    for (const t of tenders)
      booked.set(t.reference, [...(booked.get(t.reference) ?? []), t.amount]);
    const seen = new Set<string>();
    for (const c of charges) {
      if (seen.has(c.reference)) failures.push(`the terminal charged ${c.reference} twice`);
      seen.add(c.reference);
      const amounts = booked.get(c.reference) ?? [];
      if (amounts.length !== 1 || amounts[0] !== c.amount) {
        failures.push(
          `card charge ${c.reference} of ${c.amount} is booked as [${amounts.join(', ')}]`,
        );
      }
    }
    for (const reference of booked.keys()) {
      if (!seen.has(reference)) failures.push(`card tender ${reference} was never charged`);
    }
  } finally {
    db.close();
  }
  return failures;
}

/** Card attempts the station has not settled yet (outcome unknown, or approved, not booked). */
export function unsettledCardAttempts(dbFile: string): number {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return (
      db
        .prepare(
          `SELECT COUNT(*) AS n FROM card_attempts WHERE state IN ('sending', 'unknown')
           OR (state = 'approved' AND payment_id IS NULL)`,
        )
        .get() as { n: number }
    ).n;
  } finally {
    db.close();
  }
}
