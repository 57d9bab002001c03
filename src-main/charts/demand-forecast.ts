import type {
  BookableResource,
  DemandForecast,
  ForecastQuery,
  ForecastSeries,
} from '../../src-shared/contract/charts';
import {
  coverage,
  forecastAhead,
  forecastHours,
  HOUR_MS,
  seasonalNaive,
  staffingHints,
  wape,
  WEEK_HOURS,
  type ForecastModel,
  type ForecastSite,
  type HourForecast,
  type HourlyCount,
} from '../../src-shared/domain/forecast';
import type { Clock } from '../platform/clock';

/** Weeks of arrivals before a forecast is offered: a backtest week with two behind it. */
export const NEEDED_WEEKS = 3;
/** Rolling-origin backtest weeks, fewer on a short history (each needs two weeks before it). */
const BACKTEST_WEEKS = 4;
const WEEK_MS = WEEK_HOURS * HOUR_MS;

/** What one forecast is of: a series, and the zone, pump or resource it is narrowed to. */
export interface ForecastSubject {
  series: ForecastSeries;
  zoneId: string | null;
  pump: number | null;
  resource: BookableResource | null;
}

export interface DemandForecastDeps {
  /** The subject's hourly counts up to (not including) `toAt`, every hour present. */
  history: (subject: ForecastSubject, toAt: number) => HourlyCount[];
  /** Fits the model off the main thread (src-main/forecast/background-retrain.ts). */
  train: (
    series: HourlyCount[],
    site: ForecastSite,
    onProgress: (f: number) => void,
  ) => Promise<ForecastModel>;
  site: ForecastSite;
  clock: Clock;
}

interface Scored {
  weeksOfHistory: number;
  backtestWeeks: number;
  model: { wape: number; coverage: number };
  baseline: { wape: number; coverage: null };
  points: (HourForecast & { actual: number | null })[];
}

type Job =
  | { state: 'training'; progress: number }
  | { state: 'ready'; result: Scored }
  | { state: 'short'; weeks: number }
  | { state: 'failed'; message: string };

/**
 * The charts' demand forecasts: arrivals per zone, fuel sales per pump, bookings per resource
 * (or each series for the whole site). Each subject's is trained once a day, in a worker:
 * one model per backtest origin (each from the weeks before it) and one on everything, so the
 * error it states was measured as it will be used, beside the seasonal-naive baseline scored on
 * the same hours. A request never waits for training: it answers with the progress.
 */
export class DemandForecasts {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly d: DemandForecastDeps) {}

  view(q: ForecastQuery): DemandForecast {
    const subject: ForecastSubject = {
      series: q.series ?? 'arrivals',
      zoneId: q.zoneId ?? null,
      pump: q.pump ?? null,
      resource: q.resource ?? null,
    };
    const now = this.d.clock();
    const toAt = Math.floor(now / HOUR_MS) * HOUR_MS;
    const key = `${subjectKey(subject)}@${Math.floor(now / 86_400_000)}`;
    let job = this.jobs.get(key);
    if (!job) {
      // Yesterday's forecasts are retrained today: forget them.
      const today = key.slice(key.indexOf('@'));
      for (const k of this.jobs.keys()) if (!k.endsWith(today)) this.jobs.delete(k);
      job = this.start(key, subject, toAt);
    }
    const base = {
      ...subject,
      neededWeeks: NEEDED_WEEKS,
      progress: 0,
      message: null,
      weeksOfHistory: 0,
      backtestWeeks: 0,
      model: null,
      baseline: null,
      points: [],
    };
    switch (job.state) {
      case 'training':
        return { ...base, status: 'training', progress: job.progress };
      case 'short':
        return { ...base, status: 'too-little-history', weeksOfHistory: job.weeks };
      case 'failed':
        return { ...base, status: 'failed', message: job.message };
      case 'ready': {
        const r = job.result;
        const hints = staffingHints(r.points, {
          capacityPerHour: q.capacityPerHour ?? null,
          cashierLoadPerHour: q.cashierLoadPerHour ?? null,
          cashiers: q.cashiers ?? 1,
          basis: 'expected',
        });
        return {
          ...base,
          status: 'ready',
          progress: 1,
          weeksOfHistory: r.weeksOfHistory,
          backtestWeeks: r.backtestWeeks,
          model: r.model,
          baseline: r.baseline,
          points: r.points.map((p, i) => ({
            ...p,
            overCapacity: hints[i]!.overCapacity,
            overCashierLoad: hints[i]!.overCashierLoad,
          })),
        };
      }
    }
  }

  /** Settles when the job for this request's key is no longer training (tests, the bench). */
  async settled(q: ForecastQuery): Promise<DemandForecast> {
    for (;;) {
      const v = this.view(q);
      if (v.status !== 'training') return v;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private start(key: string, subject: ForecastSubject, toAt: number): Job {
    const series = this.d.history(subject, toAt);
    const weeks = series.length / WEEK_HOURS;
    if (weeks < NEEDED_WEEKS) {
      const short: Job = { state: 'short', weeks };
      this.jobs.set(key, short);
      return short;
    }
    const job: Job = { state: 'training', progress: 0 };
    this.jobs.set(key, job);
    this.score(series, toAt, (f) => (job.progress = f)).then(
      (result) => this.jobs.set(key, { state: 'ready', result }),
      (err: unknown) =>
        this.jobs.set(key, {
          state: 'failed',
          message: err instanceof Error ? err.message : String(err),
        }),
    );
    return job;
  }

  private async score(
    series: HourlyCount[],
    toAt: number,
    onProgress: (f: number) => void,
  ): Promise<Scored> {
    const site = this.d.site;
    const weeks = Math.floor(series.length / WEEK_HOURS);
    const origins = Math.min(BACKTEST_WEEKS, weeks - 2);
    const steps = origins + 1;
    const known = new Map(series.map((p) => [p.hourStart, p.count]));
    const actual: number[] = [];
    const model: HourForecast[] = [];
    const baseline: number[] = [];
    let lastWeek: (HourForecast & { actual: number | null })[] = [];
    for (let k = origins; k >= 1; k--) {
      const origin = toAt - k * WEEK_MS;
      const past = series.filter((p) => p.hourStart < origin);
      const week = series.filter((p) => p.hourStart >= origin && p.hourStart < origin + WEEK_MS);
      const step = origins - k;
      const fitted = await this.d.train(past, site, (f) => onProgress((step + f) / steps));
      const forecast = forecastHours(
        fitted,
        site,
        week.map((p) => p.hourStart),
      );
      actual.push(...week.map((p) => p.count));
      model.push(...forecast);
      baseline.push(
        ...seasonalNaive(
          site.timeZone,
          known,
          week.map((p) => p.hourStart),
          origin,
        ).map((p) => p.count),
      );
      if (k === 1) lastWeek = forecast.map((f, i) => ({ ...f, actual: week[i]!.count }));
    }
    const final = await this.d.train(series, site, (f) => onProgress((origins + f) / steps));
    const ahead = forecastAhead(final, site).map((f) => ({ ...f, actual: null }));
    return {
      weeksOfHistory: series.length / WEEK_HOURS,
      backtestWeeks: origins,
      model: {
        wape: wape(
          actual,
          model.map((f) => f.expected),
        ),
        coverage: coverage(actual, model),
      },
      baseline: { wape: wape(actual, baseline), coverage: null },
      points: [...lastWeek, ...ahead],
    };
  }
}

/** The subject as a job key: the series and what narrows it (`*`: the whole site). */
function subjectKey(s: ForecastSubject): string {
  const narrowed =
    s.zoneId ??
    (s.pump !== null ? String(s.pump) : null) ??
    (s.resource && `${s.resource.kind}/${s.resource.id}`);
  return `${s.series}:${narrowed ?? '*'}`;
}
