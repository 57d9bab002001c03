import { useEffect, useState, type FormEvent } from 'react';
import { ChartFilters } from '../components/charts/ChartFilters';
import { DemandChartSet } from '../components/charts/DemandChartSet';
import { ForecastPanel } from '../components/charts/ForecastPanel';
import { InlineError } from '../components/InlineError';
import { useChartsStore } from '../stores/charts-store';
import { useFormat, useT } from '../stores/i18n-store';
import '../charts.css';

const DAY_MS = 86_400_000;

/** The site's date of an instant, as YYYY-MM-DD. */
export const siteDate = (at: number, timeZone: string | undefined): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);

/**
 * The manager's demand charts: a date range and a zone or pump, then occupancy, arrivals by
 * weekday and hour, revenue, fuel, bookings against walk-ins, dwell time and no-shows, each
 * exportable. The filters stay on top; the charts scroll under them.
 */
export function ChartsScreen() {
  const t = useT();
  const format = useFormat();
  const range = useChartsStore((s) => s.range);
  const data = useChartsStore((s) => s.data);
  const busy = useChartsStore((s) => s.busy);
  const error = useChartsStore((s) => s.error);
  const setRange = useChartsStore((s) => s.setRange);
  const load = useChartsStore((s) => s.load);

  useEffect(() => {
    // The last four weeks up to today, the first time; the chosen range after that.
    if (!range) {
      const now = Date.now();
      setRange(siteDate(now - 27 * DAY_MS, format.timeZone), siteDate(now, format.timeZone));
    } else void load();
    // Only when the screen opens: the store loads on each change of range or filter itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <section className="screen charts-screen" aria-labelledby="charts-title" aria-busy={busy}>
      <div className="screen-head charts-head">
        <h1 id="charts-title">{t('charts.title')}</h1>
        {range && <RangePicker from={range.from} to={range.to} onPick={setRange} />}
        <ChartFilters zones={data?.zones ?? []} pumps={data?.pumps ?? []} />
      </div>
      <InlineError message={error} />
      {data?.demo && (
        <p className="note" role="note" data-testid="charts-demo">
          {t('charts.demo', { from: format.date(data.demo.from), to: format.date(data.demo.to) })}
        </p>
      )}
      {data === null ? (
        !error && <p className="muted">{t('common.loading')}</p>
      ) : (
        <DemandChartSet data={data} />
      )}
      <ForecastPanel />
    </section>
  );
}

/** From and to (both days included), and quick picks of the last 7, 28 and 365 days. */
function RangePicker(props: {
  from: string;
  to: string;
  onPick: (from: string, to: string) => void;
}) {
  const t = useT();
  const format = useFormat();
  const [from, setFrom] = useState(props.from);
  const [to, setTo] = useState(props.to);
  useEffect(() => {
    setFrom(props.from);
    setTo(props.to);
  }, [props.from, props.to]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (from && to) props.onPick(from, to);
  }
  function last(days: number) {
    const now = Date.now();
    props.onPick(
      siteDate(now - (days - 1) * DAY_MS, format.timeZone),
      siteDate(now, format.timeZone),
    );
  }
  return (
    <form className="chart-range" onSubmit={submit} aria-label={t('charts.range')}>
      <label className="field">
        <span>{t('charts.from')}</span>
        <input
          type="date"
          value={from}
          max={to}
          onChange={(e) => setFrom(e.target.value)}
          required
        />
      </label>
      <label className="field">
        <span>{t('charts.to')}</span>
        <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} required />
      </label>
      <button type="submit" className="primary">
        {t('charts.show')}
      </button>
      {[7, 28, 365].map((days) => (
        <button key={days} type="button" onClick={() => last(days)}>
          {t('charts.lastDays', { days })}
        </button>
      ))}
    </form>
  );
}
