import { staffingLimits, type StaffingLimits } from '../../src-shared/contract/charts';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Transact } from '../services/ports';

/** The settings key the limits are kept under. */
export const STAFFING_LIMITS_KEY = 'charts.staffingLimits';

const NONE: StaffingLimits = { capacityPerHour: null, cashierLoadPerHour: null, cashiers: 1 };

export interface StaffingLimitsDeps {
  settings: { get(key: string): unknown; set(key: string, value: unknown): void };
  /** The elevation writer: a cashier with a manager's approval is named too. */
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
}

/**
 * The limits that mark the forecast's busy hours (issue 11's staffing hint): the site's
 * capacity and a cashier's load with the cashiers on duty. One setting for the station, as a
 * manager sets it on the forecast panel: kept in the database (every console and every restart
 * sees the same marks) and journaled with who set it, in one transaction.
 */
export class StaffingLimitsSetting {
  constructor(private readonly d: StaffingLimitsDeps) {}

  get(): StaffingLimits {
    const stored = staffingLimits.safeParse(this.d.settings.get(STAFFING_LIMITS_KEY));
    return stored.success ? stored.data : NONE;
  }

  /** The same limits again change and journal nothing. */
  set(limits: StaffingLimits, actor: string): StaffingLimits {
    const next = staffingLimits.parse(limits);
    const now = this.get();
    if (JSON.stringify(now) === JSON.stringify(next)) return now;
    this.d.transact(() => {
      this.d.settings.set(STAFFING_LIMITS_KEY, next);
      this.d.journal.append(
        {
          type: 'charts.staffingLimitsSet',
          aggregateId: STAFFING_LIMITS_KEY,
          actor,
          payload: next,
        },
        this.d.clock(),
      );
    });
    return next;
  }
}
