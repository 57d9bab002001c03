import { BLOCKS, blockOf, residualFeatures, type HourContext } from './hour-context';
import type { ForecastOptions } from './options';
import { dot, ridgeFit } from './ridge';
import { HOUR_MS, WEEK_HOURS } from './types';

/**
 * The point forecast: a recency-weighted hour-of-week profile of ordinary days, holidays drawn
 * as Sundays scaled by what past holidays did, and a ridge model of what is left (events by time
 * of day, weather) on the log scale. Plain numbers, so it can be stored or posted.
 */
export interface ProfileCore {
  /** Expected count at each local hour of the week (Monday 00:00 = 0) on an ordinary day. */
  profile: number[];
  /** Holiday demand relative to a Sunday, per block of hours. */
  holidayRatio: number[];
  /** Ridge coefficients over residualFeatures, on log((count+1)/(profile+1)). */
  residual: number[];
}

const MON_TO_THU = [0, 1, 2, 3];
const SUNDAY = 6;

export function fitCore(
  hours: readonly HourContext[],
  counts: readonly number[],
  options: ForecastOptions,
): ProfileCore {
  const last = hours[hours.length - 1]?.hourStart ?? 0;
  const halfLifeMs = options.halfLifeWeeks * WEEK_HOURS * HOUR_MS;
  const recency = hours.map((h) => Math.pow(0.5, (last - h.hourStart) / halfLifeMs));
  const ordinary = (h: HourContext): boolean =>
    !options.useCalendar || (h.holiday < 0.25 && h.event === 0);
  const profile = hourOfWeekProfile(hours, counts, recency, ordinary, options.poolWeekdays);
  const holidayRatio = options.useCalendar
    ? holidayRatios(hours, counts, recency, profile)
    : new Array<number>(BLOCKS).fill(1);
  const core: ProfileCore = { profile, holidayRatio, residual: [] };
  if (options.useResiduals) {
    const base = hours.map((h) => baseExpected(core, h));
    const rows = hours.map(residualFeatures);
    const targets = counts.map((c, i) => Math.log((c + 1) / (base[i]! + 1)));
    core.residual = ridgeFit(rows, targets, recency, options.ridgeLambda);
  }
  return core;
}

function hourOfWeekProfile(
  hours: readonly HourContext[],
  counts: readonly number[],
  recency: readonly number[],
  ordinary: (h: HourContext) => boolean,
  poolWeekdays: boolean,
): number[] {
  const sum = new Array<number>(WEEK_HOURS).fill(0);
  const weight = new Array<number>(WEEK_HOURS).fill(0);
  hours.forEach((h, i) => {
    if (!ordinary(h)) return;
    sum[h.hourOfWeek]! += recency[i]! * counts[i]!;
    weight[h.hourOfWeek]! += recency[i]!;
  });
  const own = sum.map((s, i) => (weight[i]! > 0 ? s / weight[i]! : 0));
  if (!poolWeekdays) return own;
  // One shape for Monday–Thursday (four times the data per hour), scaled to each day's total.
  const shape = Array.from({ length: 24 }, (_, hour) => {
    const s = MON_TO_THU.reduce((a, d) => a + sum[d * 24 + hour]!, 0);
    const w = MON_TO_THU.reduce((a, d) => a + weight[d * 24 + hour]!, 0);
    return w > 0 ? s / w : 0;
  });
  const shapeTotal = shape.reduce((a, b) => a + b, 0);
  const out = own.slice();
  for (const d of MON_TO_THU) {
    const dayTotal = own.slice(d * 24, d * 24 + 24).reduce((a, b) => a + b, 0);
    const scale = shapeTotal > 0 ? dayTotal / shapeTotal : 0;
    for (let hour = 0; hour < 24; hour++) out[d * 24 + hour] = shape[hour]! * scale;
  }
  return out;
}

/** Past holidays against the Sunday profile, shrunk toward 1 by one pseudo-holiday. */
function holidayRatios(
  hours: readonly HourContext[],
  counts: readonly number[],
  recency: readonly number[],
  profile: readonly number[],
): number[] {
  const num = new Array<number>(BLOCKS).fill(0);
  const den = new Array<number>(BLOCKS).fill(0);
  hours.forEach((h, i) => {
    if (h.holiday < 0.5) return;
    const b = blockOf(h.hour);
    num[b]! += recency[i]! * counts[i]!;
    den[b]! += recency[i]! * profile[SUNDAY * 24 + h.hour]!;
  });
  return num.map((n, b) => {
    const prior = blockSunday(profile, b);
    return (n + prior) / (den[b]! + prior || 1);
  });
}

function blockSunday(profile: readonly number[], block: number): number {
  const width = 24 / BLOCKS;
  let s = 0;
  for (let hour = block * width; hour < (block + 1) * width; hour++) {
    s += profile[SUNDAY * 24 + hour]!;
  }
  return s;
}

function baseExpected(core: ProfileCore, h: HourContext): number {
  const ordinary = core.profile[h.hourOfWeek]!;
  if (h.holiday === 0) return ordinary;
  const holiday = core.profile[SUNDAY * 24 + h.hour]! * core.holidayRatio[blockOf(h.hour)]!;
  return (1 - h.holiday) * ordinary + h.holiday * holiday;
}

export function predictCore(core: ProfileCore, h: HourContext): number {
  const base = baseExpected(core, h);
  if (core.residual.length === 0) return base;
  return Math.max(0, (base + 1) * Math.exp(dot(core.residual, residualFeatures(h))) - 1);
}
