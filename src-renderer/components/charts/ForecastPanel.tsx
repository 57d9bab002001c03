import { useEffect, useState, type FormEvent } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { DemandCharts, DemandForecast } from '../../../src-shared/contract/charts';
import { useChartsStore } from '../../stores/charts-store';
import { useFormat, useT } from '../../stores/i18n-store';
import { ChartCard } from './ChartCard';
import { PALETTE } from './series';

const AXIS = { stroke: '#9aa4b5', fontSize: 11 };
const MARK = '#ff5c5c';

const percent = (x: number): string => (Math.round(x * 1000) / 10).toFixed(1);

/**
 * Forecast against actual demand (arrivals, fuel sales or bookings, as picked) with the 80 %
 * interval, the error the forecast measured on
 * itself beside the seasonal-naive baseline's, and the hours over the capacity or the cashiers'
 * load (red dots) for the limits the manager sets here.
 */
export function ForecastPanel() {
  const t = useT();
  const forecast = useChartsStore((s) => s.forecast);
  const error = useChartsStore((s) => s.forecastError);
  const loadForecast = useChartsStore((s) => s.loadForecast);
  const leave = useChartsStore((s) => s.leave);

  useEffect(() => {
    void loadForecast();
    return leave;
  }, [loadForecast, leave]);

  const rows =
    forecast?.points.map((p) => ({
      hourStart: new Date(p.hourStart).toISOString(),
      expected: Math.round(p.expected * 100) / 100,
      lower: Math.round(p.lower * 100) / 100,
      upper: Math.round(p.upper * 100) / 100,
      actual: p.actual,
      overCapacity: p.overCapacity ? 1 : 0,
      overCashierLoad: p.overCashierLoad ? 1 : 0,
    })) ?? [];
  return (
    <div className="forecast-panel" data-testid="forecast-panel">
      <ForecastOfPicker />
      <ChartCard
        id="forecast"
        title={t('charts.forecast')}
        rows={rows}
        empty={forecast?.status === 'ready' ? null : (error ?? statusText(forecast, t))}
      >
        {forecast && <ForecastBody forecast={forecast} />}
      </ChartCard>
    </div>
  );
}

/** Arrivals, fuel sales (where there are pumps) or bookings (all, or one resource's). */
function ForecastOfPicker() {
  const t = useT();
  const forecastOf = useChartsStore((s) => s.forecastOf);
  const setForecastOf = useChartsStore((s) => s.setForecastOf);
  const hasPumps = useChartsStore((s) => (s.data?.pumps.length ?? 0) > 0);
  const resources = useChartsStore((s) => s.data?.resources) ?? NO_RESOURCES;
  const value =
    forecastOf.series === 'bookings' && forecastOf.resource
      ? `bookings:${forecastOf.resource.kind}:${forecastOf.resource.id}`
      : forecastOf.series;
  const pick = (v: string) => {
    if (v === 'arrivals' || v === 'fuelSales') return setForecastOf({ series: v });
    const resource = resources.find((r) => `bookings:${r.kind}:${r.id}` === v) ?? null;
    setForecastOf({ series: 'bookings', resource });
  };
  return (
    <label className="forecast-of">
      {t('charts.forecastOf')}{' '}
      <select value={value} onChange={(e) => pick(e.target.value)}>
        <option value="arrivals">{t('charts.ofArrivals')}</option>
        {(hasPumps || forecastOf.series === 'fuelSales') && (
          <option value="fuelSales">{t('charts.ofFuelSales')}</option>
        )}
        {(resources.length > 0 || forecastOf.series === 'bookings') && (
          <option value="bookings">{t('charts.ofBookings')}</option>
        )}
        {resources.map((r) => (
          <option key={`${r.kind}:${r.id}`} value={`bookings:${r.kind}:${r.id}`}>
            {t('charts.ofBookingsFor', { resource: r.id })}
          </option>
        ))}
      </select>
    </label>
  );
}

const NO_RESOURCES: DemandCharts['resources'] = [];

function statusText(f: DemandForecast | null, t: ReturnType<typeof useT>): string {
  if (!f) return t('common.loading');
  if (f.status === 'training') {
    return t('charts.forecastTraining', { percent: Math.round(f.progress * 100) });
  }
  if (f.status === 'too-little-history')
    return t('charts.forecastTooShort', { weeks: f.neededWeeks });
  return f.message ?? t('common.somethingWentWrong');
}

function ForecastBody({ forecast }: { forecast: DemandForecast }) {
  const t = useT();
  const format = useFormat();
  const data = forecast.points.map((p) => ({
    at: p.hourStart,
    band: [p.lower, p.upper],
    expected: p.expected,
    actual: p.actual,
    marked: p.overCapacity || p.overCashierLoad ? p.expected : null,
  }));
  const overCapacity = forecast.points.filter((p) => p.overCapacity).length;
  const overCashiers = forecast.points.filter((p) => p.overCashierLoad).length;
  return (
    <>
      <p className="muted">{t('charts.forecastAbout')}</p>
      <Scores forecast={forecast} />
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={data}>
          <CartesianGrid stroke="#2c3546" />
          <XAxis
            dataKey="at"
            tickFormatter={(at: number) => format.when(at)}
            tick={AXIS}
            minTickGap={40}
          />
          <YAxis tick={AXIS} width={40} />
          <Tooltip
            labelFormatter={(at) => format.dateTime(Number(at))}
            contentStyle={{ background: '#1b2230', border: '1px solid #3a4457' }}
          />
          <Legend />
          <Area
            dataKey="band"
            name={t('charts.interval')}
            fill={PALETTE[0]}
            fillOpacity={0.2}
            stroke="none"
            isAnimationActive={false}
          />
          <Line
            dataKey="expected"
            name={t('charts.expected')}
            stroke={PALETTE[0]}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="actual"
            name={t('charts.actual')}
            stroke={PALETTE[1]}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="marked"
            name={t('charts.marked')}
            stroke="none"
            dot={{ r: 3, fill: MARK, stroke: MARK }}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
      <p data-testid="forecast-marks">
        {t('charts.overCapacity', { count: format.number(overCapacity) })} ·{' '}
        {t('charts.overCashiers', { count: format.number(overCashiers) })}
      </p>
      <StoredLimits />
    </>
  );
}

/** The forecast's measured error and coverage, beside the baseline's, as the station stated them. */
function Scores({ forecast }: { forecast: DemandForecast }) {
  const t = useT();
  const model = forecast.model;
  const baseline = forecast.baseline;
  if (!model || !baseline) return null;
  const gain = baseline.wape > 0 ? 1 - model.wape / baseline.wape : 0;
  return (
    <div className="forecast-scores" data-testid="forecast-scores">
      <dl aria-label={t('charts.model')}>
        <dt>{t('charts.model')}</dt>
        <dd />
        <dt>{t('charts.wape')}</dt>
        <dd data-testid="model-wape">{percent(model.wape)} %</dd>
        <dt>{t('charts.coverage')}</dt>
        <dd data-testid="model-coverage">
          {model.coverage === null ? t('charts.noInterval') : `${percent(model.coverage)} %`}
        </dd>
      </dl>
      <dl aria-label={t('charts.baseline')}>
        <dt>{t('charts.baseline')}</dt>
        <dd />
        <dt>{t('charts.wape')}</dt>
        <dd data-testid="baseline-wape">{percent(baseline.wape)} %</dd>
        <dt>{t('charts.coverage')}</dt>
        <dd data-testid="baseline-coverage">
          {baseline.coverage === null ? t('charts.noInterval') : `${percent(baseline.coverage)} %`}
        </dd>
      </dl>
      <p>
        {gain >= 0
          ? t('charts.better', { percent: percent(gain) })
          : t('charts.worse', { percent: percent(-gain) })}{' '}
        {t('charts.measuredOn', { weeks: forecast.backtestWeeks })}
      </p>
    </div>
  );
}

/** The limits' form, filled again whenever the station's limits change under it. */
function StoredLimits() {
  const limits = useChartsStore((s) => s.limits);
  return <Limits key={JSON.stringify(limits)} />;
}

/** Capacity, a cashier's load and the cashiers on duty: the hours past them are marked. */
function Limits() {
  const t = useT();
  const limits = useChartsStore((s) => s.limits);
  const setLimits = useChartsStore((s) => s.setLimits);
  const [capacity, setCapacity] = useState(limits.capacityPerHour?.toString() ?? '');
  const [load, setLoad] = useState(limits.cashierLoadPerHour?.toString() ?? '');
  const [cashiers, setCashiers] = useState((limits.cashiers ?? 1).toString());
  const whole = (text: string): number | undefined => {
    const n = Number(text);
    return text.trim() !== '' && Number.isInteger(n) && n > 0 ? n : undefined;
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    void setLimits({
      capacityPerHour: whole(capacity),
      cashierLoadPerHour: whole(load),
      cashiers: whole(cashiers) ?? 1,
    });
  }
  return (
    <form className="forecast-limits" onSubmit={submit}>
      <label className="field">
        <span>{t('charts.capacityPerHour')}</span>
        <input inputMode="numeric" value={capacity} onChange={(e) => setCapacity(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('charts.cashierLoad')}</span>
        <input inputMode="numeric" value={load} onChange={(e) => setLoad(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('charts.cashiers')}</span>
        <input inputMode="numeric" value={cashiers} onChange={(e) => setCashiers(e.target.value)} />
      </label>
      <button type="submit">{t('charts.apply')}</button>
    </form>
  );
}
