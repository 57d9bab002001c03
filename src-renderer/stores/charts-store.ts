import { create } from 'zustand';
import type { StationApi } from '../../src-shared';
import type {
  BookableResource,
  DemandForecast,
  ChartQuery,
  DemandCharts,
  ForecastQuery,
  StaffingLimits,
} from '../../src-shared/contract/charts';
import { onSignedOut } from '../session-signal';
import { errorMessage, isSessionRefusal, notConnected } from '../station';

/** A zone or a pump to look at, or the whole site. */
export type ChartFilter =
  { kind: 'all' } | { kind: 'zone'; zoneId: string } | { kind: 'pump'; pump: number };

/**
 * What the forecast panel forecasts: arrivals (of the filter's zone), fuel sales (of the
 * filter's pump), or bookings (of one resource, or all).
 */
export type ForecastOf =
  | { series: 'arrivals' }
  | { series: 'fuelSales' }
  | { series: 'bookings'; resource: BookableResource | null };

/** The limits that mark busy hours, as the forecast query takes them. */
type Limits = Pick<ForecastQuery, 'capacityPerHour' | 'cashierLoadPerHour' | 'cashiers'>;

interface ChartsState {
  /** The site's dates, both included; null until the screen picks its default range. */
  range: { from: string; to: string } | null;
  filter: ChartFilter;
  data: DemandCharts | null;
  busy: boolean;
  error: string | null;
  /** What the forecast panel shows a forecast of. */
  forecastOf: ForecastOf;
  /** That forecast, narrowed by the filter's zone or pump where it applies. */
  forecast: DemandForecast | null;
  /** The limits that mark busy hours: the station's setting, as a manager set it on the panel. */
  limits: Limits;
  /** Whether `limits` were read from the station since the panel opened. */
  limitsLoaded: boolean;
  forecastError: string | null;
  start: (api: StationApi) => () => void;
  setRange: (from: string, to: string) => void;
  setFilter: (filter: ChartFilter) => void;
  load: () => Promise<void>;
  /** Keeps the limits at the station (every console, every restart), then marks by them. */
  setLimits: (limits: Limits) => Promise<void>;
  /** Forecasts something else (arrivals, fuel sales, bookings). */
  setForecastOf: (of: ForecastOf) => void;
  /** Asks for the forecast, and again each second while it trains. */
  loadForecast: () => Promise<void>;
  /** The screen closed: a training forecast is no longer asked about. */
  leave: () => void;
  reset: () => void;
}

/** How often a training forecast is asked about again. */
const FORECAST_POLL_MS = 1000;

const initial = {
  forecastOf: { series: 'arrivals' } as ForecastOf,
  forecast: null,
  limits: { cashiers: 1 },
  limitsLoaded: false,
  forecastError: null,
  range: null,
  filter: { kind: 'all' } as ChartFilter,
  data: null,
  busy: false,
  error: null,
};

/** The station's limits as the forecast query takes them (a limit not set is left out). */
const asQuery = (l: StaffingLimits): Limits => ({
  ...(l.capacityPerHour !== null ? { capacityPerHour: l.capacityPerHour } : {}),
  ...(l.cashierLoadPerHour !== null ? { cashierLoadPerHour: l.cashierLoadPerHour } : {}),
  cashiers: l.cashiers,
});

/** The forecast asked for: its series, narrowed by the filter where the series has it. */
const forecastQueryOf = (of: ForecastOf, filter: ChartFilter): ForecastQuery => {
  if (of.series === 'arrivals') {
    return filter.kind === 'zone' ? { zoneId: filter.zoneId } : {};
  }
  if (of.series === 'fuelSales') {
    return { series: 'fuelSales', ...(filter.kind === 'pump' ? { pump: filter.pump } : {}) };
  }
  return { series: 'bookings', ...(of.resource ? { resource: of.resource } : {}) };
};

export const queryOf = (range: { from: string; to: string }, filter: ChartFilter): ChartQuery => ({
  ...range,
  ...(filter.kind === 'zone' ? { zoneId: filter.zoneId } : {}),
  ...(filter.kind === 'pump' ? { pump: filter.pump } : {}),
});

/**
 * The manager's demand charts: the series for the chosen range and filter, loaded when the
 * charts screen asks (a cashier never does: the channel is a manager's).
 */
export const useChartsStore = create<ChartsState>()((set, get) => {
  let api = notConnected;
  // Bumped at each reset and each load: only the newest answer is kept.
  let generation = 0;
  let forecastGeneration = 0;

  return {
    ...initial,
    start(next) {
      api = next;
      return () => {
        forecastGeneration += 1;
        api = notConnected;
      };
    },
    setRange(from, to) {
      set({ range: { from, to } });
      void get().load();
    },
    setFilter(filter) {
      set({ filter, forecast: null });
      void get().load();
      void get().loadForecast();
    },
    async setLimits(limits) {
      try {
        const kept = await api.request('charts:setLimits', {
          capacityPerHour: limits.capacityPerHour ?? null,
          cashierLoadPerHour: limits.cashierLoadPerHour ?? null,
          cashiers: limits.cashiers ?? 1,
        });
        set({ limits: asQuery(kept), limitsLoaded: true, forecastError: null });
        void get().loadForecast();
      } catch (err) {
        set({ forecastError: isSessionRefusal(err) ? null : errorMessage(err) });
      }
    },
    setForecastOf(forecastOf) {
      set({ forecastOf, forecast: null });
      void get().loadForecast();
    },
    async loadForecast() {
      const asked = ++forecastGeneration;
      try {
        if (!get().limitsLoaded) {
          const stored = await api.request('charts:limits', {});
          if (asked !== forecastGeneration) return;
          set({ limits: asQuery(stored), limitsLoaded: true });
        }
        const { filter, limits, forecastOf } = get();
        const forecast = await api.request('charts:forecast', {
          ...limits,
          ...forecastQueryOf(forecastOf, filter),
        });
        if (asked !== forecastGeneration) return;
        set({ forecast, forecastError: null });
        if (forecast.status === 'training') {
          setTimeout(() => {
            if (asked === forecastGeneration) void get().loadForecast();
          }, FORECAST_POLL_MS);
        }
      } catch (err) {
        if (asked !== forecastGeneration) return;
        set({ forecastError: isSessionRefusal(err) ? null : errorMessage(err) });
      }
    },
    async load() {
      const { range, filter } = get();
      if (!range) return;
      const asked = ++generation;
      set({ busy: true, error: null });
      try {
        const data = await api.request('charts:demand', queryOf(range, filter));
        if (asked === generation) set({ data, busy: false });
      } catch (err) {
        if (asked !== generation) return;
        set({ busy: false, error: isSessionRefusal(err) ? null : errorMessage(err) });
      }
    },
    leave() {
      forecastGeneration += 1;
      // Another console may set them meanwhile: read them again when the panel opens again.
      set({ limitsLoaded: false });
    },
    reset() {
      generation += 1;
      forecastGeneration += 1;
      set(initial);
    },
  };
});

onSignedOut(() => useChartsStore.getState().reset());
