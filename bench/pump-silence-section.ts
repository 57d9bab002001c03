/**
 * The silent-pump alarm's section of bench:anomalies (issue 11): a closed pump, measured as the
 * arrival alarm is. A forecourt's sales are generated (the demo's daily shape, FUEL_PER_HOUR
 * over PUMPS pumps) for HISTORY_WEEKS; for each pump and each of the last `weeks` weeks, its
 * fuel sales forecast is trained on everything before the week, and one fault is injected: the
 * pump sells nothing for FAULT_HOURS from a random hour that expects at least BUSY sales. For
 * each threshold (the expected sales a silent run must reach, pumpSilentExpectedSales):
 * - recall: faults with an alarm that overlaps them, over faults injected;
 * - false alarms per pump-week: alarms that overlap no fault, and on the clean week.
 */
import { demandStream } from '../src-main/demo/demand-stream';
import { injectFault } from './fault-injection';
import { SeededRandom } from '../src-main/forecast/seeded-random';
import { silentPumpRuns, type CheckedHour } from '../src-shared/domain/exceptions';
import {
  HOUR_MS,
  WEEK_HOURS,
  forecastHours,
  trainForecaster,
  type HourlyCount,
} from '../src-shared/domain/forecast';

const PUMPS = 4;
const FUEL_PER_HOUR = 8;
const HISTORY_WEEKS = 16;
const FAULT_HOURS = 4;
const BUSY = 1.5;
const THRESHOLDS = [4, 6, 8];
const SITE = { timeZone: 'Europe/Bucharest', calendar: [] };

export interface PumpSilenceRow {
  minExpected: number;
  recall: number;
  falseAlarmsPerPumpWeek: number;
  cleanWeekFalseAlarmsPerPumpWeek: number;
}

/** Each pump's hourly sales over the generated weeks, every hour present. */
function pumpSeries(seed: number): HourlyCount[][] {
  const from = Date.parse('2026-06-07T21:00:00Z');
  const hours = HISTORY_WEEKS * WEEK_HOURS;
  const sold = Array.from({ length: PUMPS }, () => new Map<number, number>());
  const stream = demandStream({
    seed,
    from,
    hours,
    arrivalsPerHour: 0,
    zones: [],
    fuelSalesPerHour: FUEL_PER_HOUR,
  });
  for (const e of stream) {
    if (e.draft.type !== 'fuelSale.recorded') continue;
    const pump = (e.draft.payload as { pump: number }).pump;
    const h = Math.floor(e.at / HOUR_MS) * HOUR_MS;
    const map = sold[pump - 1]!;
    map.set(h, (map.get(h) ?? 0) + 1);
  }
  return sold.map((map) =>
    Array.from({ length: hours }, (_, i) => {
      const hourStart = from + i * HOUR_MS;
      return { hourStart, count: map.get(hourStart) ?? 0 };
    }),
  );
}

export function runPumpSilenceBench(
  weeks: number,
  seed: number,
): {
  rows: PumpSilenceRow[];
  json: Record<string, unknown>;
} {
  const rnd = new SeededRandom(seed);
  const tally = THRESHOLDS.map(() => ({ caught: 0, falseAlarms: 0, clean: 0 }));
  let faults = 0;
  for (const series of pumpSeries(seed)) {
    for (let w = weeks; w >= 1; w--) {
      const cut = series.length - w * WEEK_HOURS;
      const week = series.slice(cut, cut + WEEK_HOURS);
      const model = trainForecaster(series.slice(0, cut), SITE);
      const forecast = forecastHours(
        model,
        SITE,
        week.map((h) => h.hourStart),
      );
      const clean: CheckedHour[] = forecast.map((f, i) => ({ ...f, actual: week[i]!.count }));
      const { faulty, overlaps } = injectFault(clean, rnd.uniform(), FAULT_HOURS, BUSY);
      faults++;
      THRESHOLDS.forEach((min, k) => {
        const alarms = silentPumpRuns(1, 'pumps', faulty, min);
        if (alarms.some(overlaps)) tally[k]!.caught++;
        tally[k]!.falseAlarms += alarms.filter((a) => !overlaps(a)).length;
        tally[k]!.clean += silentPumpRuns(1, 'pumps', clean, min).length;
      });
    }
  }
  const rows = THRESHOLDS.map((minExpected, k) => ({
    minExpected,
    recall: +(tally[k]!.caught / faults).toFixed(3),
    falseAlarmsPerPumpWeek: +(tally[k]!.falseAlarms / faults).toFixed(3),
    cleanWeekFalseAlarmsPerPumpWeek: +(tally[k]!.clean / faults).toFixed(3),
  }));
  return {
    rows,
    json: {
      pumps: PUMPS,
      fuelSalesPerHour: FUEL_PER_HOUR,
      pumpWeeks: faults,
      faultHours: FAULT_HOURS,
      busyFrom: BUSY,
      alarms: rows,
    },
  };
}

export function printPumpSilenceRows(rows: PumpSilenceRow[]): void {
  console.log(
    `silent pump: ${PUMPS} pumps, ${FUEL_PER_HOUR} sales an hour at the day's peak shape;` +
      ` fault: no sale for ${FAULT_HOURS} h from an hour expecting >= ${BUSY}`,
  );
  console.log('min expected  recall  false/pump-week  false/pump-week (clean)');
  for (const r of rows) {
    console.log(
      `${String(r.minExpected).padStart(12)}  ${r.recall.toFixed(3).padStart(6)}  ${r.falseAlarmsPerPumpWeek
        .toFixed(3)
        .padStart(15)}  ${r.cleanWeekFalseAlarmsPerPumpWeek.toFixed(3).padStart(23)}`,
    );
  }
}
