/**
 * Deliberately naive reference for the tariff semantics: walks the stay minute by minute and asks
 * Intl for the local time of every minute. Slow, but shares no code with the engine, so the
 * property tests can compare the two on random tariffs.
 */
import type { Tariff, TariffStep } from '../../../src-shared/domain/tariff';

const MIN = 60_000;
const DAY = 86_400_000;

export interface ReferenceResult {
  durationMinutes: number;
  totalMinor: number;
  dayMinutes: number;
  nightMinutes: number;
  dayChargeMinor: number;
  /** Night occurrence amounts in order of first minute. */
  nightAmounts: number[];
  /** Charge per touched cap period before capping (empty without a daily cap). */
  periodCharges: number[];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local wall time at t as ms since the local epoch. */
export function localWall(timeZone: string, t: number): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const sec = Math.floor(t / 1000) * 1000;
  // "MM/DD/YYYY, hh:mm:ss" with h23; plain string parsing is ~4x faster than formatToParts.
  const [mo, d, y, h, mi, s] = f
    .format(sec)
    .split(/[^0-9]+/)
    .map(Number);
  const wall = Date.UTC(y!, mo! - 1, d!, h! % 24, mi!, s!);
  return wall + (t - sec);
}

function stepAt(steps: readonly TariffStep[], k: number): TariffStep | undefined {
  let best: TariffStep | undefined;
  for (const s of steps)
    if (s.fromMinute <= k && (!best || s.fromMinute >= best.fromMinute)) best = s;
  return best;
}

const hm = (s: string): number => (Number(s.slice(0, 2)) * 60 + Number(s.slice(3))) * MIN;

export function referenceFee(tariff: Tariff, entryAt: number, exitAt: number): ReferenceResult {
  const duration = Math.ceil((exitAt - entryAt) / MIN);
  const base = { durationMinutes: duration, dayMinutes: 0, nightMinutes: 0, dayChargeMinor: 0 };
  if (duration <= tariff.freeMinutes) {
    return { ...base, totalMinor: 0, nightAmounts: [], periodCharges: [] };
  }
  const night = tariff.night;
  const S = night ? hm(night.start) : 0;
  const E = night ? hm(night.end) : 0;
  const periodCharges: number[] = [];
  const nights = new Map<number, { minutes: number; period: number }>();
  let dayK = 0;
  let dayCharge = 0;
  let nightMinutes = 0;
  let period = -1;
  let maxDate = -Infinity;
  for (let i = 0; i < duration; i++) {
    const t = entryAt + i * MIN;
    const wall = localWall(tariff.timeZone, t);
    const date = Math.floor(wall / DAY);
    const tod = wall - date * DAY;
    if (tariff.dailyCap?.mode === 'rolling24h') period = Math.floor(i / 1440);
    else if (date > maxDate) {
      maxDate = date;
      period++;
    }
    while (periodCharges.length <= period) periodCharges.push(0);
    const wraps = E < S;
    const isNight =
      night !== null && S !== E && (wraps ? tod >= S || tod < E : tod >= S && tod < E);
    if (isNight) {
      nightMinutes++;
      const nightDate = wraps && tod < E ? date - 1 : date;
      const occ = nights.get(nightDate);
      if (occ) occ.minutes++;
      else nights.set(nightDate, { minutes: 1, period });
    } else {
      const step = stepAt(tariff.steps, dayK);
      // Minute k opens a new block when it is a multiple of the increment from the step start.
      if (step && (dayK - step.fromMinute) % step.incrementMinutes === 0) {
        dayCharge += step.pricePerIncrementMinor;
        periodCharges[period]! += step.pricePerIncrementMinor;
      }
      dayK++;
    }
  }
  const nightAmounts: number[] = [];
  for (const occ of nights.values()) {
    let amount = Math.ceil(occ.minutes / night!.incrementMinutes) * night!.pricePerIncrementMinor;
    if (night!.maxPerNightMinor !== null) amount = Math.min(amount, night!.maxPerNightMinor);
    nightAmounts.push(amount);
    periodCharges[occ.period]! += amount;
  }
  const cap = tariff.dailyCap;
  const uncapped = dayCharge + nightAmounts.reduce((a, b) => a + b, 0);
  const totalMinor = cap
    ? periodCharges.reduce((sum, c) => sum + Math.min(c, cap.amountMinor), 0)
    : uncapped;
  return {
    ...base,
    totalMinor,
    dayMinutes: dayK,
    nightMinutes,
    dayChargeMinor: dayCharge,
    nightAmounts,
    periodCharges: cap ? periodCharges : [],
  };
}
