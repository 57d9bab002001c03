import { z } from 'zod';

/*
 * The demand charts part of the contract (issue 11): the series a manager's charts screen draws,
 * all read from the rollup tables. Spread into channels.ts so each channel is declared once.
 */

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const count = z.int().nonnegative();

/** A date range on the site's calendar (both days included) and an optional zone or pump. */
export const chartQuery = z
  .object({
    from: localDate,
    to: localDate,
    zoneId: z.string().min(1).max(64).optional(),
    pump: z.int().min(1).max(99).optional(),
  })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'the range ends before it starts', path: ['to'] })
  .refine((q) => !(q.zoneId && q.pump), { message: 'a zone or a pump, not both', path: ['pump'] });

export const demandCharts = z.object({
  from: localDate,
  to: localDate,
  timeZone: z.string(),
  /** What the filters offer: zones and pumps that have rollups. */
  zones: z.array(z.string()),
  pumps: z.array(z.int()),
  /** The bookable resources with bookings: what the bookings forecast is offered for. */
  resources: z.array(z.object({ kind: z.enum(['pump', 'bay']), id: z.string() })),
  /**
   * The demo station's charts also hold a generated year before its own traffic (`npm start`):
   * its range, so the screen can say so. Null at a real booth, which never has one.
   */
  demo: z.object({ from: z.int(), to: z.int() }).nullable(),
  /** Cars in each zone at the end of each hour (or, over more than 31 days, each day's peak). */
  occupancy: z.object({
    step: z.enum(['hour', 'day']),
    points: z.array(z.object({ at: z.number(), byZone: z.record(z.string(), z.int()) })),
  }),
  /** Arrivals by the site's weekday (Monday 0) and hour: 168 cells, quiet ones 0. */
  arrivalsHeatmap: z.array(z.object({ weekday: z.int(), hour: z.int(), arrivals: count })),
  /** Net of voids and refunds, per day and tender, in minor units. */
  revenue: z.array(
    z.object({
      date: localDate,
      tender: z.string(),
      currency: z.string(),
      takenMinor: count,
      reversedMinor: count,
      netMinor: z.int(),
    }),
  ),
  fuel: z.array(
    z.object({
      date: localDate,
      gradeId: z.string(),
      gradeName: z.string(),
      millilitres: count,
      sales: count,
    }),
  ),
  /**
   * Per day: bookings honoured (checked in) against walk-ins (every other arrival and fuel sale
   * of the filter), and the no-show rate of the bookings that came due (null without any).
   */
  bookings: z.array(
    z.object({
      date: localDate,
      booked: count,
      checkedIn: count,
      walkIns: count,
      noShows: count,
      cancelled: count,
      noShowRate: z.number().min(0).max(1).nullable(),
    }),
  ),
  dwell: z.array(
    z.object({ bucket: z.int(), fromMin: z.int(), toMin: z.int().nullable(), stays: count }),
  ),
});

export type ChartQuery = z.output<typeof chartQuery>;
export type DemandCharts = z.output<typeof demandCharts>;

/** Which arrivals to forecast (a zone, or the whole site) and the limits that mark busy hours. */
/**
 * What a forecast is of: arrivals (the site's, or a zone's), fuel sales (every pump's, or one
 * pump's), or bookings (every resource's, or one resource's, by the hour they start).
 */
export const forecastSeries = z.enum(['arrivals', 'fuelSales', 'bookings']);
const bookableResource = z.object({
  kind: z.enum(['pump', 'bay']),
  id: z.string().min(1).max(64),
});

export const forecastQuery = z
  .object({
    series: forecastSeries.default('arrivals'),
    zoneId: z.string().min(1).max(64).optional(),
    pump: z.int().min(1).max(99).optional(),
    resource: bookableResource.strict().optional(),
    /** Cars an hour the site (or zone) can take in; hours forecast above it are marked. */
    capacityPerHour: z.int().positive().max(100_000).optional(),
    /** Cars one cashier serves in an hour, and how many are on duty. */
    cashierLoadPerHour: z.int().positive().max(10_000).optional(),
    cashiers: z.int().min(1).max(50).optional(),
  })
  .strict()
  .refine((q) => q.zoneId === undefined || q.series === 'arrivals', {
    message: 'a zone is for the arrivals forecast',
    path: ['zoneId'],
  })
  .refine((q) => q.pump === undefined || q.series === 'fuelSales', {
    message: 'a pump is for the fuel sales forecast',
    path: ['pump'],
  })
  .refine((q) => q.resource === undefined || q.series === 'bookings', {
    message: 'a resource is for the bookings forecast',
    path: ['resource'],
  });

const score = z.object({
  wape: z.number().nonnegative(),
  coverage: z.number().min(0).max(1).nullable(),
});

export const demandForecast = z.object({
  /** training: the worker is fitting it (progress 0..1); failed: message says why. */
  status: z.enum(['training', 'ready', 'too-little-history', 'failed']),
  progress: z.number().min(0).max(1),
  message: z.string().nullable(),
  /** What it forecasts, as asked (null: all of that series). */
  series: forecastSeries,
  zoneId: z.string().nullable(),
  pump: z.int().nullable(),
  resource: bookableResource.nullable(),
  weeksOfHistory: z.number().nonnegative(),
  neededWeeks: z.int(),
  /** Weeks of the rolling-origin backtest the scores were measured on. */
  backtestWeeks: z.int(),
  model: score.nullable(),
  /** The seasonal-naive baseline (the same hour a week before): it has no interval. */
  baseline: score.nullable(),
  /** Last week as forecast beside its actuals, then the next 7 days (actual null). */
  points: z.array(
    z.object({
      hourStart: z.number(),
      expected: z.number().nonnegative(),
      lower: z.number().nonnegative(),
      upper: z.number().nonnegative(),
      actual: z.int().nonnegative().nullable(),
      overCapacity: z.boolean(),
      overCashierLoad: z.boolean(),
    }),
  ),
});

/**
 * The limits that mark the forecast's busy hours, a manager's station setting kept in the
 * database: the cars an hour the site can take in, and those one cashier serves with how many
 * are on duty (null: not marked).
 */
export const staffingLimits = z
  .object({
    capacityPerHour: z.int().positive().max(100_000).nullable(),
    cashierLoadPerHour: z.int().positive().max(10_000).nullable(),
    cashiers: z.int().min(1).max(50),
  })
  .strict();
export type StaffingLimits = z.output<typeof staffingLimits>;

/** As a caller asks (the series defaults to arrivals). */
export type ForecastQuery = z.input<typeof forecastQuery>;
export type ForecastSeries = z.output<typeof forecastSeries>;
export type BookableResource = z.output<typeof bookableResource>;
export type DemandForecast = z.output<typeof demandForecast>;

// channels.ts's ChannelDef, written out: importing it here would make an import cycle. The
// exceptions' contract (./exceptions.ts) declares its channels with it too.
export const manager = <Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
) => ({
  request,
  response,
  access: 'manager' as const,
});

export const chartChannels = {
  /** Every demand chart's series over the range, from the rollups (never raw sessions). */
  'charts:demand': manager(chartQuery, demandCharts),
  /**
   * A demand forecast (arrivals, fuel sales or bookings) with its measured error beside the
   * baseline's. The first call starts training in a worker and answers 'training' with its
   * progress; ask again until 'ready'.
   */
  'charts:forecast': manager(forecastQuery, demandForecast),
  /** The staffing limits as the station keeps them (until a manager sets them: none). */
  'charts:limits': manager(z.object({}).strict(), staffingLimits),
  /** Keeps the staffing limits for every console and restart; journaled with who set them. */
  'charts:setLimits': manager(staffingLimits, staffingLimits),
} as const;
