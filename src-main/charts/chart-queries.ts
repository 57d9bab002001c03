import type { ChartQuery, DemandCharts } from '../../src-shared/contract/charts';
import { DWELL_BUCKETS, dwellBucketSpan } from '../../src-shared/domain/charts';
import { DAY_MS, zoneClock } from '../../src-shared/domain/tariff/zone-clock';
import type { Db } from '../db/database';
import type { ForecastSubject } from './demand-forecast';

/** Over a longer range, occupancy is drawn per day (its peak) instead of per hour. */
const HOURLY_UP_TO_DAYS = 31;
const HOUR_MS = 3_600_000;

/** One hour's count in a forecast's history. */
interface HourlyCount {
  hourStart: number;
  count: number;
}

type Series<K extends keyof DemandCharts> = DemandCharts[K];

/** The UTC instant of local midnight at the start of `date` on the site's clock. */
export function localMidnight(timeZone: string, date: string): number {
  const clock = zoneClock(timeZone);
  const wall = Date.parse(`${date}T00:00:00Z`);
  return wall - clock.offsetAt(wall - clock.offsetAt(wall));
}

const nextDate = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/**
 * The demand charts' series over a date range, read only from the rollup tables (schema v18)
 * with their keys' order: a year of a busy site is a few thousand rows per chart, never a scan
 * of raw sessions. Each chart is its own query, so the bench can time each.
 */
export class ChartQueries {
  private readonly s;

  constructor(
    db: Db,
    private readonly timeZone: string,
  ) {
    const zone = '(@zoneId IS NULL OR zone_id = @zoneId)';
    this.s = {
      zones: db.prepare('SELECT DISTINCT zone_id FROM rollup_zone_hours ORDER BY 1').pluck(),
      pumps: db.prepare('SELECT DISTINCT pump FROM rollup_fuel_days ORDER BY 1').pluck(),
      resources: db.prepare(`SELECT DISTINCT resource_kind AS kind, resource_id AS id
        FROM rollup_resource_hours ORDER BY 1, 2`),
      occupancyBefore:
        db.prepare(`SELECT zone_id AS zoneId, SUM(arrivals - exits - removed) AS level
        FROM rollup_zone_hours WHERE hour_start < @fromAt AND ${zone} GROUP BY zone_id`),
      occupancyHours: db.prepare(`SELECT zone_id AS zoneId, hour_start AS at, local_date AS date,
        arrivals - exits - removed AS net FROM rollup_zone_hours INDEXED BY rollup_zone_hours_by_hour
        WHERE hour_start >= @fromAt AND hour_start < @toAt AND ${zone} ORDER BY hour_start`),
      heatmap: db.prepare(`SELECT weekday, hour, SUM(arrivals) AS arrivals FROM rollup_zone_hours
        INDEXED BY rollup_zone_hours_by_hour
        WHERE hour_start >= @fromAt AND hour_start < @toAt AND ${zone} GROUP BY weekday, hour`),
      arrivalsByDay: db.prepare(`SELECT local_date AS date, SUM(arrivals) AS n
        FROM rollup_zone_hours INDEXED BY rollup_zone_hours_by_date
        WHERE local_date BETWEEN @from AND @to AND ${zone} GROUP BY local_date`),
      // The zones' levels as the last day before the range ended, and each day's peak and end.
      levelsBefore: db.prepare(`SELECT d.zone_id AS zoneId, d.last_level AS level
        FROM rollup_zone_days d WHERE ${zone.replace('zone_id', 'd.zone_id')}
        AND d.local_date = (SELECT MAX(local_date) FROM rollup_zone_days
          WHERE zone_id = d.zone_id AND local_date < @from)`),
      occupancyDays: db.prepare(`SELECT zone_id, local_date, peak, last_level FROM rollup_zone_days
        WHERE local_date BETWEEN @from AND @to AND ${zone} ORDER BY local_date, zone_id`),
      revenue: db.prepare(`SELECT local_date AS date, tender, currency, taken_minor AS takenMinor,
        reversed_minor AS reversedMinor, taken_minor - reversed_minor AS netMinor
        FROM rollup_revenue_days WHERE local_date BETWEEN @from AND @to
        ORDER BY local_date, tender, currency`),
      fuel: db.prepare(`SELECT local_date AS date, grade_id AS gradeId, MAX(grade_name) AS gradeName,
        SUM(millilitres) AS millilitres, SUM(sales) AS sales FROM rollup_fuel_days
        WHERE local_date BETWEEN @from AND @to AND (@pump IS NULL OR pump = @pump)
        GROUP BY local_date, grade_id ORDER BY local_date, grade_id`),
      fuelSalesByDay: db.prepare(`SELECT local_date AS date, SUM(sales) AS n FROM rollup_fuel_days
        WHERE local_date BETWEEN @from AND @to AND (@pump IS NULL OR pump = @pump)
        GROUP BY local_date`),
      bookings: db.prepare(`SELECT local_date AS date, SUM(booked) AS booked,
        SUM(checked_in) AS checkedIn, SUM(no_shows) AS noShows, SUM(cancelled) AS cancelled,
        SUM(expired) AS expired FROM rollup_booking_days
        WHERE local_date BETWEEN @from AND @to AND (@kind IS NULL OR resource_kind = @kind)
        GROUP BY local_date ORDER BY local_date`),
      hourlyArrivals: db.prepare(`SELECT hour_start AS hourStart, SUM(arrivals) AS count
        FROM rollup_zone_hours INDEXED BY rollup_zone_hours_by_hour
        WHERE hour_start < @toAt AND ${zone} GROUP BY hour_start ORDER BY hour_start`),
      hourlyFuelSales: db.prepare(`SELECT hour_start AS hourStart, SUM(sales) AS count
        FROM rollup_pump_hours INDEXED BY rollup_pump_hours_by_hour
        WHERE hour_start < @toAt AND (@pump IS NULL OR pump = @pump)
        GROUP BY hour_start ORDER BY hour_start`),
      hourlyBookings: db.prepare(`SELECT hour_start AS hourStart, SUM(bookings) AS count
        FROM rollup_resource_hours INDEXED BY rollup_resource_hours_by_hour
        WHERE hour_start < @toAt AND (@kind IS NULL OR (resource_kind = @kind AND resource_id = @id))
        GROUP BY hour_start ORDER BY hour_start`),
      dwell: db.prepare(`SELECT bucket, SUM(stays) AS stays FROM rollup_dwell_days
        WHERE local_date BETWEEN @from AND @to AND ${zone} GROUP BY bucket`),
    };
  }

  /** Every chart over the range: what the charts screen asks for at once. */
  all(q: ChartQuery): Omit<DemandCharts, 'demo'> {
    return {
      from: q.from,
      to: q.to,
      timeZone: this.timeZone,
      zones: this.s.zones.all() as string[],
      pumps: this.s.pumps.all() as number[],
      resources: this.s.resources.all() as DemandCharts['resources'],
      occupancy: this.occupancy(q),
      arrivalsHeatmap: this.arrivalsHeatmap(q),
      revenue: this.revenue(q),
      fuel: this.fuel(q),
      bookings: this.bookings(q),
      dwell: this.dwell(q),
    };
  }

  /** Cars in each zone at the end of each hour: the count before the range, plus each hour's net. */
  occupancy(q: ChartQuery): Series<'occupancy'> {
    const p = this.params(q);
    const daily = Date.parse(q.to) - Date.parse(q.from) >= HOURLY_UP_TO_DAYS * DAY_MS;
    const level = new Map<string, number>();
    const before = daily ? this.s.levelsBefore : this.s.occupancyBefore;
    for (const r of before.all(p) as { zoneId: string; level: number }[]) {
      level.set(r.zoneId, r.level);
    }
    return daily ? this.occupancyByDay(p, level) : this.occupancyByHour(p, level);
  }

  /** Each hour's end level per zone; every zone on every point (a quiet hour keeps its level). */
  private occupancyByHour(
    p: ReturnType<ChartQueries['params']>,
    level: Map<string, number>,
  ): Series<'occupancy'> {
    // Rows as arrays (zone, hour, date, net): a month is ~750 rows a zone.
    const rows = this.s.occupancyHours.raw().all(p) as [string, number, string, number][];
    const points: { at: number; byZone: Record<string, number> }[] = [];
    let hour: number | null = null;
    let byZone: Record<string, number> = {};
    for (const [zoneId, at, , net] of rows) {
      const n = (level.get(zoneId) ?? 0) + net;
      level.set(zoneId, n);
      if (at !== hour) {
        hour = at;
        byZone = Object.fromEntries(level);
        points.push({ at, byZone });
      } else byZone[zoneId] = n;
    }
    return { step: 'hour', points };
  }

  /**
   * Each day's peak per zone, as the rollup kept it while the events came (a row a day); a zone
   * quiet all day keeps the level the day before ended at.
   */
  private occupancyByDay(
    p: ReturnType<ChartQueries['params']>,
    level: Map<string, number>,
  ): Series<'occupancy'> {
    const rows = this.s.occupancyDays.raw().all(p) as [string, string, number, number][];
    const points: { at: number; byZone: Record<string, number> }[] = [];
    let day: string | null = null;
    let byZone: Record<string, number> = {};
    for (const [zoneId, date, peak, last] of rows) {
      if (date !== day) {
        day = date;
        byZone = Object.fromEntries(level);
        points.push({ at: localMidnight(this.timeZone, date), byZone });
      }
      // The day's peak is at least where it began.
      byZone[zoneId] = Math.max(peak, level.get(zoneId) ?? 0);
      level.set(zoneId, last);
    }
    return { step: 'day', points };
  }

  arrivalsHeatmap(q: ChartQuery): Series<'arrivalsHeatmap'> {
    const cells = new Map<number, number>();
    for (const r of this.s.heatmap.all(this.params(q)) as {
      weekday: number;
      hour: number;
      arrivals: number;
    }[]) {
      cells.set(r.weekday * 24 + r.hour, r.arrivals);
    }
    return Array.from({ length: 168 }, (_, i) => ({
      weekday: Math.floor(i / 24),
      hour: i % 24,
      arrivals: cells.get(i) ?? 0,
    }));
  }

  revenue(q: ChartQuery): Series<'revenue'> {
    return this.s.revenue.all(this.params(q)) as Series<'revenue'>;
  }

  fuel(q: ChartQuery): Series<'fuel'> {
    // A zone has no pumps: its filter shows no fuel.
    if (q.zoneId) return [];
    return this.s.fuel.all(this.params(q)) as Series<'fuel'>;
  }

  /**
   * Bookings against walk-ins per day. A zone counts its bays' bookings against its arrivals; a
   * pump, the pumps' bookings against its sales; no filter, every booking against both.
   */
  bookings(q: ChartQuery): Series<'bookings'> {
    const p = this.params(q);
    const visits = new Map<string, number>();
    const add = (rows: unknown[]) => {
      for (const r of rows as { date: string; n: number }[]) {
        visits.set(r.date, (visits.get(r.date) ?? 0) + r.n);
      }
    };
    if (q.pump === undefined) add(this.s.arrivalsByDay.all(p));
    if (q.zoneId === undefined) add(this.s.fuelSalesByDay.all(p));
    const rows = this.s.bookings.all(p) as {
      date: string;
      booked: number;
      checkedIn: number;
      noShows: number;
      cancelled: number;
      expired: number;
    }[];
    const byDate = new Map(rows.map((r) => [r.date, r]));
    const dates = [...new Set([...visits.keys(), ...byDate.keys()])].sort();
    return dates.map((date) => {
      const b = byDate.get(date);
      const checkedIn = b?.checkedIn ?? 0;
      const noShows = b?.noShows ?? 0;
      const due = checkedIn + noShows + (b?.expired ?? 0);
      return {
        date,
        booked: b?.booked ?? 0,
        checkedIn,
        walkIns: Math.max(0, (visits.get(date) ?? 0) - checkedIn),
        noShows,
        cancelled: b?.cancelled ?? 0,
        noShowRate: due > 0 ? noShows / due : null,
      };
    });
  }

  dwell(q: ChartQuery): Series<'dwell'> {
    const stays = new Map<number, number>();
    for (const r of this.s.dwell.all(this.params(q)) as { bucket: number; stays: number }[]) {
      stays.set(r.bucket, r.stays);
    }
    return Array.from({ length: DWELL_BUCKETS }, (_, bucket) => ({
      bucket,
      ...dwellBucketSpan(bucket),
      stays: stays.get(bucket) ?? 0,
    }));
  }

  /** The forecast subject's hourly counts up to `toAt`, every hour present (what it learns). */
  hourly(subject: ForecastSubject, toAt: number): HourlyCount[] {
    if (subject.series === 'fuelSales') return this.hourlyFuelSales(subject.pump, toAt);
    if (subject.series === 'bookings') return this.hourlyBookings(subject.resource, toAt);
    return this.hourlyArrivals(subject.zoneId, toAt);
  }

  /**
   * Arrivals per hour (a zone's, or the site's) from the first recorded hour up to `toAt`, every
   * hour present: an hour without a row had no arrivals. What the arrivals forecast learns from.
   */
  hourlyArrivals(zoneId: string | null, toAt: number): HourlyCount[] {
    return everyHour(this.s.hourlyArrivals.all({ zoneId, toAt }) as HourlyCount[], toAt);
  }

  /** Fuel sales per hour (a pump's, or every pump's), as hourlyArrivals. */
  hourlyFuelSales(pump: number | null, toAt: number): HourlyCount[] {
    return everyHour(this.s.hourlyFuelSales.all({ pump, toAt }) as HourlyCount[], toAt);
  }

  /** Bookings by the hour they start (a resource's, or every one's), as hourlyArrivals. */
  hourlyBookings(resource: { kind: string; id: string } | null, toAt: number): HourlyCount[] {
    const rows = this.s.hourlyBookings.all({
      kind: resource?.kind ?? null,
      id: resource?.id ?? null,
      toAt,
    }) as HourlyCount[];
    return everyHour(rows, toAt);
  }

  private params(q: ChartQuery) {
    return {
      from: q.from,
      to: q.to,
      fromAt: localMidnight(this.timeZone, q.from),
      toAt: localMidnight(this.timeZone, nextDate(q.to)),
      zoneId: q.zoneId ?? null,
      pump: q.pump ?? null,
      kind: q.zoneId ? 'bay' : q.pump !== undefined ? 'pump' : null,
    };
  }
}

/** The hours from the first row's up to `toAt`, each present: an hour without a row counted 0. */
function everyHour(rows: HourlyCount[], toAt: number): HourlyCount[] {
  if (rows.length === 0) return [];
  const known = new Map(rows.map((r) => [r.hourStart, r.count]));
  const out: HourlyCount[] = [];
  for (let t = rows[0]!.hourStart; t < toAt; t += HOUR_MS) {
    out.push({ hourStart: t, count: known.get(t) ?? 0 });
  }
  return out;
}
