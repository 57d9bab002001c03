import type { CashCount } from '../../../src-shared/domain/denominations';
import type { ShiftEntry, ShiftEntryKind } from '../../../src-shared/domain/shift';
import type { Db } from '../database';

export type ShiftState = 'open' | 'on-break' | 'counted' | 'closed';

export interface ShiftRecord {
  id: string;
  state: ShiftState;
  currency: string;
  openedBy: string;
  openedAt: number;
  floatMinor: number;
  floatCount: CashCount;
  countedMinor: number | null;
  count: CashCount | null;
  countedBy: string | null;
  countedAt: number | null;
  expectedMinor: number | null;
  closedBy: string | null;
  closedAt: number | null;
  varianceReason: string | null;
  approvedBy: string | null;
}

export interface NewShiftEntry {
  shiftId: string;
  kind: ShiftEntryKind;
  tender: ShiftEntry['tender'];
  amountMinor: number;
  tenderedMinor: number;
  changeMinor: number;
  paymentId: string | null;
  receiptSeq: number | null;
  reference: string | null;
  reason: string | null;
  operator: string;
  at: number;
}

export interface ShiftReportRecord {
  id: number;
  shiftId: string;
  kind: 'X' | 'Z';
  at: number;
  takenBy: string;
  body: unknown;
}

/** Shifts, their entries and their reports (migration 11). The service owns the rules. */
export class ShiftRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      live: db.prepare(`SELECT * FROM shifts WHERE state <> 'closed'`),
      get: db.prepare('SELECT * FROM shifts WHERE id = ?'),
      recent: db.prepare('SELECT * FROM shifts ORDER BY opened_at DESC, rowid DESC LIMIT ?'),
      open: db.prepare(`INSERT INTO shifts (id, state, currency, opened_by, opened_at,
        float_minor, float_count) VALUES (@id, 'open', @currency, @openedBy, @openedAt,
        @floatMinor, @floatCount)`),
      setState: db.prepare('UPDATE shifts SET state = ? WHERE id = ? AND state = ?'),
      count: db.prepare(`UPDATE shifts SET state = 'counted', counted_minor = @countedMinor,
        count_json = @count, counted_by = @countedBy, counted_at = @countedAt,
        expected_minor = @expectedMinor WHERE id = @id AND state IN ('open', 'on-break')`),
      close: db.prepare(`UPDATE shifts SET state = 'closed', closed_by = @closedBy,
        closed_at = @closedAt, variance_reason = @varianceReason, approved_by = @approvedBy
        WHERE id = @id AND state = 'counted'`),
      addEntry: db.prepare(`INSERT INTO shift_entries (shift_id, kind, tender, amount_minor,
        tendered_minor, change_minor, payment_id, receipt_seq, reference, reason, operator, at)
        VALUES (@shiftId, @kind, @tender, @amountMinor, @tenderedMinor, @changeMinor,
        @paymentId, @receiptSeq, @reference, @reason, @operator, @at)`),
      // Raw rows: a Z report reads every entry of the shift (thousands), and arrays come back
      // about twice as fast as objects.
      entries: db
        .prepare(
          `SELECT kind, tender, amount_minor, tendered_minor, change_minor, receipt_seq
          FROM shift_entries WHERE shift_id = ? ORDER BY seq`,
        )
        .raw(),
      addReport: db.prepare(`INSERT INTO shift_reports (shift_id, kind, at, taken_by, body)
        VALUES (?, ?, ?, ?, ?)`),
      reports: db.prepare('SELECT * FROM shift_reports WHERE shift_id = ? ORDER BY id'),
      report: db.prepare('SELECT * FROM shift_reports WHERE id = ?'),
    };
  }

  /** The shift not yet closed, if any: there is at most one. */
  live(): ShiftRecord | null {
    const row = this.stmts.live.get() as Row | undefined;
    return row ? toRecord(row) : null;
  }

  get(id: string): ShiftRecord | null {
    const row = this.stmts.get.get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  recent(limit: number): ShiftRecord[] {
    return (this.stmts.recent.all(limit) as Row[]).map(toRecord);
  }

  open(s: {
    id: string;
    currency: string;
    openedBy: string;
    openedAt: number;
    floatMinor: number;
    floatCount: CashCount;
  }): void {
    this.stmts.open.run({ ...s, floatCount: JSON.stringify(s.floatCount) });
  }

  /** False when the shift was not in `from` (someone else got there first). */
  setState(id: string, from: ShiftState, to: ShiftState): boolean {
    return this.stmts.setState.run(to, id, from).changes > 0;
  }

  recordCount(c: {
    id: string;
    countedMinor: number;
    count: CashCount;
    countedBy: string;
    countedAt: number;
    expectedMinor: number;
  }): boolean {
    return this.stmts.count.run({ ...c, count: JSON.stringify(c.count) }).changes > 0;
  }

  close(c: {
    id: string;
    closedBy: string;
    closedAt: number;
    varianceReason: string | null;
    approvedBy: string | null;
  }): boolean {
    return this.stmts.close.run(c).changes > 0;
  }

  addEntry(entry: NewShiftEntry): void {
    this.stmts.addEntry.run(entry);
  }

  entries(shiftId: string): ShiftEntry[] {
    return (this.stmts.entries.all(shiftId) as EntryRow[]).map(
      ([kind, tender, amountMinor, tenderedMinor, changeMinor, receiptSeq]) => ({
        kind,
        tender,
        amountMinor,
        tenderedMinor,
        changeMinor,
        receiptSeq,
      }),
    );
  }

  addReport(r: { shiftId: string; kind: 'X' | 'Z'; at: number; takenBy: string; body: unknown }) {
    const info = this.stmts.addReport.run(
      r.shiftId,
      r.kind,
      r.at,
      r.takenBy,
      JSON.stringify(r.body),
    );
    return Number(info.lastInsertRowid);
  }

  reports(shiftId: string): ShiftReportRecord[] {
    return (this.stmts.reports.all(shiftId) as ReportRow[]).map(toReport);
  }

  report(id: number): ShiftReportRecord | null {
    const row = this.stmts.report.get(id) as ReportRow | undefined;
    return row ? toReport(row) : null;
  }
}

interface Row {
  id: string;
  state: ShiftState;
  currency: string;
  opened_by: string;
  opened_at: number;
  float_minor: number;
  float_count: string;
  counted_minor: number | null;
  count_json: string | null;
  counted_by: string | null;
  counted_at: number | null;
  expected_minor: number | null;
  closed_by: string | null;
  closed_at: number | null;
  variance_reason: string | null;
  approved_by: string | null;
}

/** A raw row of the entries query, in its column order. */
type EntryRow = [ShiftEntryKind, ShiftEntry['tender'], number, number, number, number | null];

interface ReportRow {
  id: number;
  shift_id: string;
  kind: 'X' | 'Z';
  at: number;
  taken_by: string;
  body: string;
}

function toRecord(r: Row): ShiftRecord {
  return {
    id: r.id,
    state: r.state,
    currency: r.currency,
    openedBy: r.opened_by,
    openedAt: r.opened_at,
    floatMinor: r.float_minor,
    floatCount: JSON.parse(r.float_count) as CashCount,
    countedMinor: r.counted_minor,
    count: r.count_json === null ? null : (JSON.parse(r.count_json) as CashCount),
    countedBy: r.counted_by,
    countedAt: r.counted_at,
    expectedMinor: r.expected_minor,
    closedBy: r.closed_by,
    closedAt: r.closed_at,
    varianceReason: r.variance_reason,
    approvedBy: r.approved_by,
  };
}

function toReport(r: ReportRow): ShiftReportRecord {
  return {
    id: r.id,
    shiftId: r.shift_id,
    kind: r.kind,
    at: r.at,
    takenBy: r.taken_by,
    body: JSON.parse(r.body) as unknown,
  };
}
