import type { Minor } from './money';

/**
 * The notes and coins a cashier counts, largest first, in minor units. A currency not listed
 * here is counted on the 1-2-5 series, which covers any decimal currency's notes and coins.
 */
const DENOMINATIONS: Record<string, readonly Minor[]> = {
  RON: [50000, 20000, 10000, 5000, 1000, 500, 100, 50, 10, 5, 1],
  EUR: [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  USD: [10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5, 1],
  GBP: [5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  BRL: [20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 25, 10, 5],
};

const SERIES: readonly Minor[] = [
  50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1,
];

export function denominationsFor(currency: string): readonly Minor[] {
  return DENOMINATIONS[currency] ?? SERIES;
}

/** How many of each note or coin the cashier counted: denomination (minor units) → pieces. */
export type CashCount = { denominationMinor: Minor; pieces: number }[];

/** 'unknown': not a note or coin of the currency; 'twice': the same one on two lines. */
export type CountProblem = { denominationMinor: Minor; problem: 'unknown' | 'twice' };

/** What is wrong with a count for this currency, if anything: unknown or repeated denominations. */
export function countProblems(count: CashCount, currency: string): CountProblem[] {
  const known = new Set(denominationsFor(currency));
  const seen = new Set<Minor>();
  const problems: CountProblem[] = [];
  for (const { denominationMinor } of count) {
    if (!known.has(denominationMinor)) {
      problems.push({ denominationMinor, problem: 'unknown' });
    } else if (seen.has(denominationMinor)) {
      problems.push({ denominationMinor, problem: 'twice' });
    }
    seen.add(denominationMinor);
  }
  return problems;
}

export function countTotal(count: CashCount): Minor {
  return count.reduce((sum, line) => sum + line.denominationMinor * line.pieces, 0);
}
