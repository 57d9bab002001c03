/**
 * Pure tariff engine. Semantics (all money is integer minor units):
 * - Duration = ceil((exitAt - entryAt) / 1 min) of real (UTC) time: DST never adds or removes
 *   billed time. Duration <= freeMinutes: total 0, one 'free' line. Otherwise the whole stay
 *   is billed (free minutes are a grace period, not a deduction).
 * - Minute i starts at entryAt + i min. It is a night minute when the local wall time (tariff
 *   time zone) at that instant is in [night.start, night.end), wrapping midnight if end <= start
 *   (start === end: no night window). Otherwise it is a day minute.
 * - Day minutes are billed on the step ladder by cumulative day minutes since entry: C(m).
 * - Each night window occurrence (the night opening on one local date) is billed
 *   ceil(minutes / increment) * price, capped at maxPerNightMinor when set.
 * - Daily cap: periods are local calendar days or 24 h from entry. A period's charge is the day
 *   charge accrued in it, C(day minutes through its end) - C(day minutes before it), plus the
 *   night occurrences whose first billed minute falls in it; each is limited to the cap and
 *   one negative 'cap' line carries the total taken off.
 */
import { compileTariff } from './compile';
import {
  capLabel,
  dayLabel,
  formatDayMonth,
  formatDayMonthTime,
  freeLabel,
  LOST_TICKET_LABEL,
  nightLabel,
} from './labels';
import { nightRuns, periodSpans, type NightRun } from './segments';
import type { FeeLine, FeeQuote, NightRate, Tariff } from './types';
import { MINUTE_MS } from './zone-clock';

/** One night window occurrence as billed. */
export interface NightCharge {
  label: string;
  /** Instant of its first billed minute. */
  startAt: number;
  minutes: number;
  amountMinor: number;
  /** Index into FeeDetail.periods it is attributed to; -1 without a daily cap. */
  periodIndex: number;
}

/** One daily-cap period's share of the stay. */
export interface FeePeriod {
  /** "24/11" (calendar) or "24/11 14:05" (rolling24h): the local start of the period. */
  name: string;
  /** The period's bounds clipped to the stay: [max(period start, entry), min(period end, exit)). */
  startAt: number;
  endAt: number;
  dayMinutes: number;
  nightMinutes: number;
  dayChargeMinor: number;
  nightChargeMinor: number;
  /** dayChargeMinor + nightChargeMinor, before the cap. */
  chargeMinor: number;
  /** min(chargeMinor, cap). */
  billedMinor: number;
}

/** The quote plus the working behind it (for audit screens and tests). */
export interface FeeDetail {
  quote: FeeQuote;
  dayMinutes: number;
  nightMinutes: number;
  dayChargeMinor: number;
  nights: NightCharge[];
  /** Periods touched by the stay; empty when the tariff has no daily cap. */
  periods: FeePeriod[];
}

function checkInstant(value: number, what: string): void {
  if (!Number.isFinite(value)) throw new RangeError(`${what} must be a finite epoch ms`);
}

function finish(lines: FeeLine[], durationMinutes: number): FeeQuote {
  let totalMinor = 0;
  for (const l of lines) totalMinor += l.amountMinor;
  // Guards against absurd tariffs overflowing exact integer arithmetic.
  if (!Number.isSafeInteger(totalMinor)) throw new RangeError('fee exceeds safe integer range');
  return { totalMinor, durationMinutes, lines };
}

/** One night occurrence: started increments, limited by the per-night maximum. */
function nightCharge(night: NightRate, minutes: number): number {
  const amount = Math.ceil(minutes / night.incrementMinutes) * night.pricePerIncrementMinor;
  return night.maxPerNightMinor === null ? amount : Math.min(amount, night.maxPerNightMinor);
}

/** Night minutes in runs that start before minute index `idx` (runs sorted, disjoint). */
function nightBefore(runs: readonly NightRun[], idx: number): number {
  let n = 0;
  for (const r of runs) {
    if (r.from >= idx) break;
    n += Math.min(r.to, idx) - r.from;
  }
  return n;
}

export function computeFeeDetail(tariff: Tariff, entryAt: number, exitAt: number): FeeDetail {
  checkInstant(entryAt, 'entryAt');
  checkInstant(exitAt, 'exitAt');
  if (exitAt < entryAt) throw new RangeError('exitAt is before entryAt');
  const { ladder, window, clock } = compileTariff(tariff);
  const duration = Math.ceil((exitAt - entryAt) / MINUTE_MS);
  const empty = { dayMinutes: 0, nightMinutes: 0, dayChargeMinor: 0, nights: [], periods: [] };
  if (duration <= tariff.freeMinutes) {
    const line: FeeLine = {
      kind: 'free',
      label: freeLabel(duration, tariff.freeMinutes),
      amountMinor: 0,
    };
    return { quote: finish([line], duration), ...empty };
  }

  // Only the instants where billed minutes start matter: [entryAt, entryAt + duration min).
  const pieces = clock.pieces(entryAt, entryAt + duration * MINUTE_MS);
  const runs = window ? nightRuns(pieces, window, entryAt, duration) : [];

  // Group runs into occurrences by night date. Runs are in stay order, so Map insertion order
  // is the order of each night's first billed minute.
  const byDate = new Map<number, { first: number; minutes: number }>();
  for (const r of runs) {
    const occ = byDate.get(r.nightDate);
    if (occ) occ.minutes += r.to - r.from;
    else byDate.set(r.nightDate, { first: r.from, minutes: r.to - r.from });
  }
  const night = tariff.night;
  const nights: NightCharge[] = [];
  const nightFirst: number[] = []; // minute index of each night's first billed minute
  let nightMinutes = 0;
  for (const occ of byDate.values()) {
    if (!night) break; // unreachable: runs exist only when there is a night rate
    nightMinutes += occ.minutes;
    nightFirst.push(occ.first);
    nights.push({
      label: nightLabel(night.start, night.end, nights.length + 1),
      startAt: entryAt + occ.first * MINUTE_MS,
      minutes: occ.minutes,
      amountMinor: nightCharge(night, occ.minutes),
      periodIndex: -1,
    });
  }
  const dayMinutes = duration - nightMinutes;
  const dayChargeMinor = ladder.charge(dayMinutes);

  const lines: FeeLine[] = [];
  if (dayMinutes > 0) {
    lines.push({ kind: 'day', label: dayLabel(dayMinutes), amountMinor: dayChargeMinor });
  }
  for (const n of nights) lines.push({ kind: 'night', label: n.label, amountMinor: n.amountMinor });

  const periods: FeePeriod[] = [];
  const cap = tariff.dailyCap;
  if (cap) {
    const spans = periodSpans(cap.mode, clock, pieces, entryAt, exitAt, duration);
    const capped: string[] = [];
    let cappedOff = 0;
    let dayBefore = 0; // cumulative day minutes before the current period
    let next = 0;
    spans.forEach((s, index) => {
      const dayThrough = s.to - nightBefore(runs, s.to);
      const dayCharge = ladder.charge(dayThrough) - ladder.charge(dayBefore);
      // Nights and spans are both in stay order, so one forward pointer attributes them.
      let nightPart = 0;
      for (; next < nights.length && nightFirst[next]! < s.to; next++) {
        nights[next]!.periodIndex = index;
        nightPart += nights[next]!.amountMinor;
      }
      const charge = dayCharge + nightPart;
      const billed = Math.min(charge, cap.amountMinor);
      const name =
        cap.mode === 'calendar' ? formatDayMonth(s.wallStart) : formatDayMonthTime(s.wallStart);
      if (billed < charge) {
        cappedOff += charge - billed;
        capped.push(name);
      }
      periods.push({
        name,
        startAt: Math.max(s.startAt, entryAt),
        endAt: s.endAt,
        dayMinutes: dayThrough - dayBefore,
        nightMinutes: s.to - s.from - (dayThrough - dayBefore),
        dayChargeMinor: dayCharge,
        nightChargeMinor: nightPart,
        chargeMinor: charge,
        billedMinor: billed,
      });
      dayBefore = dayThrough;
    });
    if (cappedOff > 0)
      lines.push({ kind: 'cap', label: capLabel(capped), amountMinor: -cappedOff });
  }

  return {
    quote: finish(lines, duration),
    dayMinutes,
    nightMinutes,
    dayChargeMinor,
    nights,
    periods,
  };
}

/** Fee for a stay from entryAt to exitAt (epoch ms). Throws RangeError if exitAt < entryAt. */
export function computeFee(tariff: Tariff, entryAt: number, exitAt: number): FeeQuote {
  return computeFeeDetail(tariff, entryAt, exitAt).quote;
}

/** Flat fee charged instead of a time-based one when the ticket is lost. */
export function lostTicketFee(tariff: Tariff): FeeQuote {
  compileTariff(tariff);
  const line: FeeLine = {
    kind: 'lost-ticket',
    label: LOST_TICKET_LABEL,
    amountMinor: tariff.lostTicketFeeMinor,
  };
  return finish([line], 0);
}
