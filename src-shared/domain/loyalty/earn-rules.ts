/**
 * How points are earned (issue 10). Pure and integer-only.
 *
 * Rounding, the one rule: every step rounds DOWN (floor), on integers. The base points of a
 * sale are floor(quantity × points ÷ per), where the quantity is the amount in minor units, or
 * the volume in millilitres for a fuel rule by the litre; a campaign then multiplies by its
 * percentage, floor(base × percent ÷ 100). A customer never gets a point not fully earned, and
 * the same sale always earns the same points, wherever it is computed.
 */

/** `points` for every `per` units: minor units of the amount, or millilitres of fuel. */
export interface EarnRate {
  points: number;
  per: number;
}

/** A fuel grade's rule: by the litre (per = millilitres) or by the amount (per = minor units). */
export type FuelEarnRule = { by: 'litre'; rate: EarnRate } | { by: 'amount'; rate: EarnRate };

/** A campaign multiplies the points of the sales it covers while it runs ([from, to) in ms). */
export interface Campaign {
  id: string;
  /** 200 doubles the points; 150 gives half as many again. At least 100. */
  percent: number;
  from: number;
  to: number;
  /** The sale categories it covers; empty covers all (but excluded ones earn nothing anyway). */
  categories: string[];
  /** For fuel: the grades it covers; empty covers every grade. */
  grades: string[];
}

export interface EarnRules {
  /** Every category's rate by the amount, unless fuel has its own. Null: no points by amount. */
  perAmount: EarnRate | null;
  /** Fuel: a rule for every grade, unless the grade has one of its own. Null: fuel by amount. */
  fuel: FuelEarnRule | null;
  /** Grade id → its own rule. */
  grades: Record<string, FuelEarnRule>;
  /** Categories that never earn (e.g. 'lost-ticket', 'tobacco'). */
  excludedCategories: string[];
  /** When several campaigns cover a sale, the biggest one applies: they never stack. */
  campaigns: Campaign[];
}

/** What a settled sale is, for its points. */
export interface SaleForPoints {
  /** 'fuel', 'parking', 'lost-ticket', a shop category… */
  category: string;
  amountMinor: number;
  /** Fuel: the volume and grade. */
  millilitres?: number;
  gradeId?: string;
  /** When it settled: campaigns are in force by this. */
  at: number;
}

export const FUEL = 'fuel';

export const noEarning: EarnRules = {
  perAmount: null,
  fuel: null,
  grades: {},
  excludedCategories: [],
  campaigns: [],
};

const times = (quantity: number, rate: EarnRate) =>
  rate.per <= 0 || quantity <= 0 ? 0 : Math.floor((quantity * rate.points) / rate.per);

/** The points before any campaign. */
export function basePoints(sale: SaleForPoints, rules: EarnRules): number {
  if (rules.excludedCategories.includes(sale.category)) return 0;
  if (sale.category === FUEL) {
    const rule = (sale.gradeId !== undefined && rules.grades[sale.gradeId]) || rules.fuel;
    if (rule) {
      return rule.by === 'litre'
        ? times(sale.millilitres ?? 0, rule.rate)
        : times(sale.amountMinor, rule.rate);
    }
  }
  return rules.perAmount ? times(sale.amountMinor, rules.perAmount) : 0;
}

/** The campaign that applies to a sale (the biggest in force that covers it), if any. */
export function campaignFor(sale: SaleForPoints, rules: EarnRules): Campaign | null {
  let best: Campaign | null = null;
  for (const c of rules.campaigns) {
    if (sale.at < c.from || sale.at >= c.to) continue;
    if (c.categories.length > 0 && !c.categories.includes(sale.category)) continue;
    if (c.grades.length > 0 && (sale.gradeId === undefined || !c.grades.includes(sale.gradeId))) {
      continue;
    }
    if (!best || c.percent > best.percent) best = c;
  }
  return best;
}

/** The points a settled sale earns: integer, never negative (see the rounding rule above). */
export function pointsFor(sale: SaleForPoints, rules: EarnRules): number {
  const base = basePoints(sale, rules);
  const campaign = campaignFor(sale, rules);
  return campaign ? Math.floor((base * campaign.percent) / 100) : base;
}
