import type { HourForecast } from './types';

/**
 * Which hours need more hands: where the forecast, or its interval's upper bound when the
 * manager plans for a busy week rather than an average one, goes past what the site can take.
 */
export interface StaffingLimits {
  /** What the lanes, pumps or bays can serve in an hour; null when not configured. */
  capacityPerHour: number | null;
  /** Customers one cashier handles in an hour, and how many cashiers are rostered. */
  cashierLoadPerHour: number | null;
  cashiers: number;
  /** 'upper' plans for the interval's upper bound, 'expected' for the point forecast. */
  basis: 'expected' | 'upper';
}

export interface StaffingHint {
  hourStart: number;
  demand: number;
  overCapacity: boolean;
  overCashierLoad: boolean;
  /** Cashiers this hour's demand needs (null without a cashier load). */
  cashiersNeeded: number | null;
}

export function staffingHints(
  forecast: readonly HourForecast[],
  limits: StaffingLimits,
): StaffingHint[] {
  const perCashier = limits.cashierLoadPerHour;
  return forecast.map((f) => {
    const demand = limits.basis === 'upper' ? f.upper : f.expected;
    return {
      hourStart: f.hourStart,
      demand,
      overCapacity: limits.capacityPerHour !== null && demand > limits.capacityPerHour,
      overCashierLoad: perCashier !== null && demand > perCashier * limits.cashiers,
      cashiersNeeded: perCashier !== null && perCashier > 0 ? Math.ceil(demand / perCashier) : null,
    };
  });
}

/** Only the hours to mark on the chart. */
export const hoursToMark = (hints: readonly StaffingHint[]): StaffingHint[] =>
  hints.filter((h) => h.overCapacity || h.overCashierLoad);
