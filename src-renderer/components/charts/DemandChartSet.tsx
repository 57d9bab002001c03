import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { DemandCharts } from '../../../src-shared/contract/charts';
import { useFormat, useT } from '../../stores/i18n-store';
import { ArrivalsHeatmap } from './ArrivalsHeatmap';
import { ChartCard } from './ChartCard';
import { pivot, PALETTE } from './series';

const HEIGHT = 220;
const AXIS = { stroke: '#9aa4b5', fontSize: 11 };
const TOOLTIP = { contentStyle: { background: '#1b2230', border: '1px solid #3a4457' } };

/** The seven demand charts, each with its CSV and PNG export. */
export function DemandChartSet({ data }: { data: DemandCharts }) {
  const t = useT();
  const format = useFormat();
  const none = t('charts.noData');

  const occupancy = data.occupancy.points.map((p) => ({ at: p.at, ...p.byZone }));
  const zones = [...new Set(data.occupancy.points.flatMap((p) => Object.keys(p.byZone)))].sort();
  const when = (at: number) => (data.occupancy.step === 'hour' ? format.when(at) : format.date(at));

  const revenue = pivot(
    data.revenue,
    (r) => r.date,
    (r) => r.tender,
    (r) => r.netMinor,
  );
  const fuel = pivot(
    data.fuel,
    (r) => r.date,
    (r) => r.gradeName,
    (r) => r.millilitres / 1000,
  );
  const dwell = data.dwell.map((b) => ({
    label:
      b.toMin === null
        ? t('charts.dwellOver', { from: span(b.fromMin) })
        : t('charts.dwellSpan', { from: span(b.fromMin), to: span(b.toMin) }),
    stays: b.stays,
  }));
  const noShow = data.bookings.map((b) => ({
    date: b.date,
    rate: b.noShowRate === null ? null : Math.round(b.noShowRate * 1000) / 10,
  }));

  return (
    <div className="chart-grid">
      <ChartCard
        id="occupancy"
        title={t('charts.occupancy')}
        rows={occupancy.map((p) => ({ ...p, at: new Date(p.at).toISOString() }))}
        empty={occupancy.length === 0 ? none : null}
      >
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <LineChart data={occupancy}>
            <CartesianGrid stroke="#2c3546" />
            <XAxis dataKey="at" tickFormatter={when} tick={AXIS} minTickGap={30} />
            <YAxis allowDecimals={false} tick={AXIS} width={40} />
            <Tooltip labelFormatter={(at) => when(Number(at))} {...TOOLTIP} />
            <Legend />
            {zones.map((z, i) => (
              <Line
                key={z}
                dataKey={z}
                name={z}
                stroke={PALETTE[i % PALETTE.length]}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </ChartCard>

      <ChartCard
        id="arrivals-heatmap"
        title={t('charts.heatmap')}
        rows={data.arrivalsHeatmap}
        empty={data.arrivalsHeatmap.every((c) => c.arrivals === 0) ? none : null}
      >
        <ArrivalsHeatmap cells={data.arrivalsHeatmap} />
      </ChartCard>

      <ChartCard
        id="revenue"
        title={t('charts.revenue')}
        rows={data.revenue}
        empty={revenue.rows.length === 0 ? none : null}
      >
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={revenue.rows}>
            <CartesianGrid stroke="#2c3546" />
            <XAxis dataKey="key" tick={AXIS} />
            <YAxis tick={AXIS} width={70} tickFormatter={(v: number) => format.money(v)} />
            <Tooltip formatter={(v) => format.money(Number(v))} {...TOOLTIP} />
            <Legend />
            {revenue.series.map((s, i) => (
              <Bar
                key={s}
                dataKey={s}
                name={t('charts.tender', { tender: s })}
                stackId="tender"
                fill={PALETTE[i % PALETTE.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>

      <ChartCard
        id="fuel"
        title={t('charts.fuel')}
        rows={data.fuel}
        empty={fuel.rows.length === 0 ? none : null}
      >
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={fuel.rows}>
            <CartesianGrid stroke="#2c3546" />
            <XAxis dataKey="key" tick={AXIS} />
            <YAxis tick={AXIS} width={50} />
            <Tooltip formatter={(v) => `${format.number(Number(v))} l`} {...TOOLTIP} />
            <Legend />
            {fuel.series.map((s, i) => (
              <Bar
                key={s}
                dataKey={s}
                stackId="grade"
                fill={PALETTE[i % PALETTE.length]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>

      <ChartCard
        id="bookings"
        title={t('charts.bookings')}
        rows={data.bookings}
        empty={data.bookings.length === 0 ? none : null}
      >
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={data.bookings}>
            <CartesianGrid stroke="#2c3546" />
            <XAxis dataKey="date" tick={AXIS} />
            <YAxis allowDecimals={false} tick={AXIS} width={40} />
            <Tooltip {...TOOLTIP} />
            <Legend />
            <Bar
              dataKey="checkedIn"
              name={t('charts.booked')}
              stackId="visits"
              fill={PALETTE[0]}
              isAnimationActive={false}
            />
            <Bar
              dataKey="walkIns"
              name={t('charts.walkIns')}
              stackId="visits"
              fill={PALETTE[1]}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>

      <ChartCard
        id="dwell"
        title={t('charts.dwell')}
        rows={data.dwell}
        empty={data.dwell.every((b) => b.stays === 0) ? none : null}
      >
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={dwell}>
            <CartesianGrid stroke="#2c3546" />
            <XAxis dataKey="label" tick={AXIS} interval={0} />
            <YAxis allowDecimals={false} tick={AXIS} width={40} />
            <Tooltip {...TOOLTIP} />
            <Bar
              dataKey="stays"
              name={t('charts.stays')}
              fill={PALETTE[2]}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>

      <ChartCard
        id="no-show-rate"
        title={t('charts.noShowRate')}
        rows={data.bookings.map((b) => ({
          date: b.date,
          noShows: b.noShows,
          noShowRate: b.noShowRate,
        }))}
        empty={noShow.every((r) => r.rate === null) ? none : null}
      >
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <LineChart data={noShow}>
            <CartesianGrid stroke="#2c3546" />
            <XAxis dataKey="date" tick={AXIS} />
            <YAxis unit="%" domain={[0, 100]} tick={AXIS} width={45} />
            <Tooltip formatter={(v) => `${String(v)} %`} {...TOOLTIP} />
            <Line
              dataKey="rate"
              name={t('charts.noShowRate')}
              stroke={PALETTE[3]}
              connectNulls
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </ChartCard>
    </div>
  );
}

/** Minutes as the histogram labels them: "15 min", "2 h". */
const span = (minutes: number): string => (minutes < 60 ? `${minutes} min` : `${minutes / 60} h`);
