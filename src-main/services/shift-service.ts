import type {
  CashCountView,
  DrawerView,
  OperatorView,
  ShiftReportView,
  ShiftView,
} from '../../src-shared';
import { refused } from '../../src-shared';
import {
  countProblems,
  countTotal,
  denominationsFor,
  type CashCount,
} from '../../src-shared/domain/denominations';
import {
  canTakeFromDrawer,
  cashVariance,
  shiftTotals,
  varianceNeedsManager,
  type CashMovement,
  type ShiftTotals,
} from '../../src-shared/domain/shift';
import type { ShiftRecord, ShiftRepository } from '../db/repositories/shift-repository';
import type { ReceiptPrinter } from '../devices/printer/receipt-printer';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import { newId } from './ids';
import type { Publisher, Transact } from './ports';
import type { Paper } from './receipt-builder';
import { buildShiftReportDocument } from './shift-report-document';
import { takingShift } from './shift-sales';

export interface ShiftRules {
  currency: string;
  /** A blind count further off than this (either way) needs a reason and a manager. */
  varianceThresholdMinor: number;
  stationName: string;
  /** The receipt language's words and the site's formats, for the printed report. */
  paper: Paper;
}

export interface ShiftServiceDeps {
  shifts: ShiftRepository;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  events: Publisher;
  printer: Pick<ReceiptPrinter, 'print'>;
  rules: ShiftRules;
  /** Loyalty redemptions made at the station in [fromAt, toAt), for the reports (loyalty's). */
  redemptions?: (fromAt: number, toAt: number) => { count: number; points: number };
}

const NO_REDEMPTIONS = { count: 0, points: 0 };

/** What a report was printed as; the report itself is stored before it is printed. */
type Printed = { printState: string; printDetail: string };

/**
 * The cash drawer's shift: opened with a counted float, cash moved in and out with a reference
 * and a reason, a break that shuts the drawer, X reports along the way, and a blind count that
 * closes it with a Z report. Every change and its journal event commit together; a report is
 * stored, then printed, and a printer that fails never undoes it.
 */
export class ShiftService {
  constructor(private readonly d: ShiftServiceDeps) {}

  drawer(): DrawerView {
    const live = this.d.shifts.live();
    return {
      shift: live && this.view(live),
      currency: this.d.rules.currency,
      denominationsMinor: [...denominationsFor(this.d.rules.currency)],
      varianceThresholdMinor: this.d.rules.varianceThresholdMinor,
    };
  }

  open(count: CashCountView, operator: OperatorView): DrawerView {
    const cleanCount = this.checkedCount(count);
    const at = this.d.clock();
    const id = newId('S', at);
    const floatMinor = countTotal(cleanCount);
    this.d.transact(() => {
      if (this.d.shifts.live()) {
        throw refused('CONFLICT', 'refusal.shiftOpenAlready');
      }
      const currency = this.d.rules.currency;
      this.d.shifts.open({
        id,
        currency,
        openedBy: operator.name,
        openedAt: at,
        floatMinor,
        floatCount: cleanCount,
      });
      this.d.journal.append(
        {
          type: 'shift.opened',
          aggregateId: id,
          actor: operator.name,
          payload: { currency, floatMinor, count: cleanCount },
        },
        at,
      );
    });
    return this.changed();
  }

  /** A pay-in, a pay-out or a safe drop. Cash going out can't exceed what the drawer holds. */
  moveCash(
    m: { kind: CashMovement; amountMinor: number; reference: string; reason: string },
    operator: OperatorView,
  ): DrawerView {
    if (m.amountMinor <= 0) throw refused('INVALID_PAYLOAD', 'refusal.amountAboveZero');
    const at = this.d.clock();
    this.d.transact(() => {
      const shift = this.takingShift();
      if (m.kind !== 'pay-in' && !canTakeFromDrawer(this.totals(shift), m.amountMinor)) {
        throw refused('CONFLICT', 'refusal.drawerShortCheck');
      }
      this.d.shifts.addEntry({
        shiftId: shift.id,
        kind: m.kind,
        tender: 'cash',
        amountMinor: m.amountMinor,
        tenderedMinor: 0,
        changeMinor: 0,
        paymentId: null,
        receiptSeq: null,
        reference: m.reference,
        reason: m.reason,
        operator: operator.name,
        at,
      });
      this.d.journal.append(
        { type: 'shift.cashMoved', aggregateId: shift.id, actor: operator.name, payload: m },
        at,
      );
    });
    return this.changed();
  }

  /** A break: the drawer takes nothing until `resume`. */
  pause(operator: OperatorView): DrawerView {
    return this.switchState('open', 'on-break', 'shift.paused', operator);
  }

  resume(operator: OperatorView): DrawerView {
    return this.switchState('on-break', 'open', 'shift.resumed', operator);
  }

  /** An X report: the figures so far, stored, journaled and printed; the shift goes on. */
  async xReport(operator: OperatorView): Promise<ShiftReportView> {
    const at = this.d.clock();
    const { shift, reportId, totals } = this.d.transact(() => {
      const shift = this.liveShift();
      if (shift.state === 'counted') {
        throw refused('CONFLICT', 'refusal.countedZOnly');
      }
      const totals = this.totals(shift);
      const reportId = this.d.shifts.addReport({
        shiftId: shift.id,
        kind: 'X',
        at,
        takenBy: operator.name,
        body: totals,
      });
      this.d.journal.append(
        {
          type: 'shift.xReported',
          aggregateId: shift.id,
          actor: operator.name,
          payload: {
            reportId,
            salesMinor: totals.sales.amountMinor,
            expectedCashMinor: totals.expectedCashMinor,
          },
        },
        at,
      );
      return { shift, reportId, totals };
    });
    const report = this.reportView(reportId, shift, 'X', at, operator.name, totals, null);
    return { ...report, ...(await this.print(report)) };
  }

  /**
   * The blind count. The cashier has not seen the expected figure; now the station compares.
   * Within the threshold the shift closes with its Z report at once; beyond it, the shift waits
   * counted for a manager (`acceptVariance`), and the count can't be redone.
   */
  async close(
    count: CashCountView,
    operator: OperatorView,
  ): Promise<{ drawer: DrawerView; report: ShiftReportView | null }> {
    const cleanCount = this.checkedCount(count);
    const countedMinor = countTotal(cleanCount);
    const at = this.d.clock();
    const within = this.d.transact(() => {
      const shift = this.liveShift();
      if (shift.state === 'counted') {
        throw refused('CONFLICT', 'refusal.countedAlready');
      }
      const totals = this.totals(shift);
      const expected = totals.expectedCashMinor;
      const varianceMinor = cashVariance(countedMinor, expected);
      const needsManager = varianceNeedsManager(varianceMinor, this.d.rules.varianceThresholdMinor);
      this.d.shifts.recordCount({
        id: shift.id,
        countedMinor,
        count: cleanCount,
        countedBy: operator.name,
        countedAt: at,
        expectedMinor: expected,
      });
      this.d.journal.append(
        {
          type: 'shift.counted',
          aggregateId: shift.id,
          actor: operator.name,
          payload: {
            countedMinor,
            count: cleanCount,
            expectedCashMinor: expected,
            varianceMinor,
            needsManager,
          },
        },
        at,
      );
      if (needsManager) return null;
      return this.closeCounted(shift.id, operator, null, null, at, totals);
    });
    if (!within) return { drawer: this.changed(), report: null };
    this.changed();
    return { drawer: this.drawer(), report: { ...within, ...(await this.print(within)) } };
  }

  /** A manager accepts a counted drawer's difference with a reason: the Z report is taken. */
  async acceptVariance(reason: string, manager: OperatorView): Promise<ShiftReportView> {
    const at = this.d.clock();
    const report = this.d.transact(() => {
      const shift = this.liveShift();
      if (shift.state !== 'counted') {
        throw refused('CONFLICT', 'refusal.noCountWaiting');
      }
      return this.closeCounted(shift.id, manager, reason, manager.name, at, this.totals(shift));
    });
    this.changed();
    return { ...report, ...(await this.print(report)) };
  }

  /** The shift's reports, newest last (a reprint shows them again). */
  reports(shiftId: string): ShiftReportView[] {
    const shift = this.d.shifts.get(shiftId);
    if (!shift) throw refused('NOT_FOUND', 'refusal.noSuchShift');
    return this.d.shifts
      .reports(shiftId)
      .map((r) =>
        this.reportView(r.id, shift, r.kind, r.at, r.takenBy, r.body as ShiftTotals, null),
      );
  }

  /**
   * Inside a transaction: writes the Z report and closes the counted shift. `totals` were added
   * up in this same transaction (nothing can be added to a counted shift).
   */
  private closeCounted(
    shiftId: string,
    by: OperatorView,
    reason: string | null,
    approvedBy: string | null,
    at: number,
    totals: ShiftTotals,
  ): ShiftReportView {
    const shift = this.d.shifts.get(shiftId)!;
    const countedMinor = shift.countedMinor ?? 0;
    const varianceMinor = cashVariance(countedMinor, totals.expectedCashMinor);
    const reportId = this.d.shifts.addReport({
      shiftId,
      kind: 'Z',
      at,
      takenBy: by.name,
      body: totals,
    });
    if (
      !this.d.shifts.close({
        id: shiftId,
        closedBy: by.name,
        closedAt: at,
        varianceReason: reason,
        approvedBy,
      })
    ) {
      throw refused('CONFLICT', 'refusal.shiftChanged');
    }
    this.d.journal.append(
      {
        type: 'shift.closed',
        aggregateId: shiftId,
        actor: by.name,
        payload: {
          reportId,
          salesMinor: totals.sales.amountMinor,
          expectedCashMinor: totals.expectedCashMinor,
          countedMinor,
          varianceMinor,
          reason,
          approvedBy,
          receiptRange: totals.receiptRange,
        },
      },
      at,
    );
    const closed = { ...shift, varianceReason: reason, approvedBy };
    return this.reportView(reportId, closed, 'Z', at, by.name, totals, countedMinor);
  }

  private switchState(
    from: 'open' | 'on-break',
    to: 'open' | 'on-break',
    type: 'shift.paused' | 'shift.resumed',
    operator: OperatorView,
  ): DrawerView {
    const at = this.d.clock();
    this.d.transact(() => {
      const shift = this.liveShift();
      if (!this.d.shifts.setState(shift.id, from, to)) {
        throw refused('CONFLICT', to === 'on-break' ? 'refusal.notTaking' : 'refusal.notOnBreak');
      }
      this.d.journal.append({ type, aggregateId: shift.id, actor: operator.name, payload: {} }, at);
    });
    return this.changed();
  }

  private liveShift(): ShiftRecord {
    const shift = this.d.shifts.live();
    if (!shift) throw refused('CONFLICT', 'refusal.noShiftOpen');
    return shift;
  }

  private takingShift(): ShiftRecord {
    return takingShift(this.d.shifts);
  }

  private totals(shift: ShiftRecord): ShiftTotals {
    const redemptions =
      this.d.redemptions?.(shift.openedAt, shift.closedAt ?? this.d.clock() + 1) ?? NO_REDEMPTIONS;
    return { ...shiftTotals(shift.floatMinor, this.d.shifts.entries(shift.id)), redemptions };
  }

  private checkedCount(count: CashCountView): CashCount {
    const problems = countProblems(count, this.d.rules.currency);
    if (problems.length > 0) {
      const p = problems[0]!;
      const currency = this.d.rules.currency;
      const amount = this.d.rules.paper.format.money(p.denominationMinor, currency);
      throw p.problem === 'unknown'
        ? refused('INVALID_PAYLOAD', 'refusal.countNotMoney', { amount, currency })
        : refused('INVALID_PAYLOAD', 'refusal.countTwice', { amount });
    }
    return count.filter((line) => line.pieces > 0);
  }

  private view(s: ShiftRecord): ShiftView {
    const counted = s.state === 'counted' || s.state === 'closed';
    const varianceMinor =
      counted && s.countedMinor !== null && s.expectedMinor !== null
        ? cashVariance(s.countedMinor, s.expectedMinor)
        : null;
    return {
      id: s.id,
      state: s.state,
      currency: s.currency,
      openedBy: s.openedBy,
      openedAt: s.openedAt,
      floatMinor: s.floatMinor,
      // Blind: nothing of what the drawer should hold until the count is in.
      countedMinor: counted ? s.countedMinor : null,
      expectedMinor: counted ? s.expectedMinor : null,
      varianceMinor,
      needsManager:
        s.state === 'counted' &&
        varianceMinor !== null &&
        varianceNeedsManager(varianceMinor, this.d.rules.varianceThresholdMinor),
      closedAt: s.closedAt,
    };
  }

  private reportView(
    id: number,
    shift: ShiftRecord,
    kind: 'X' | 'Z',
    at: number,
    takenBy: string,
    totals: ShiftTotals,
    countedMinor: number | null,
  ): ShiftReportView {
    const counted = kind === 'Z' ? (countedMinor ?? shift.countedMinor) : null;
    return {
      id,
      shiftId: shift.id,
      kind,
      at,
      takenBy,
      currency: shift.currency,
      openedBy: shift.openedBy,
      openedAt: shift.openedAt,
      totals: { ...totals, redemptions: totals.redemptions ?? NO_REDEMPTIONS },
      countedMinor: counted,
      varianceMinor: counted === null ? null : cashVariance(counted, totals.expectedCashMinor),
      varianceReason: kind === 'Z' ? shift.varianceReason : null,
      approvedBy: kind === 'Z' ? shift.approvedBy : null,
      printState: 'not printed',
      printDetail: '',
    };
  }

  private async print(report: ShiftReportView): Promise<Printed> {
    const doc = buildShiftReportDocument(report, this.d.rules);
    try {
      const result = await this.d.printer.print(doc);
      return { printState: result.ok ? 'printed' : 'failed', printDetail: result.detail };
    } catch (error) {
      return { printState: 'failed', printDetail: (error as Error).message };
    }
  }

  private changed(): DrawerView {
    const drawer = this.drawer();
    this.d.events.publish('shift:changed', drawer);
    return drawer;
  }
}
