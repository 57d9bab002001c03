/**
 * bench:anomalies — the forecast's prediction interval as an alarm (issue 11), measured on the
 * generated demo sites with injected faults. For each site and each of the last TEST_WEEKS weeks
 * of its generated year: the forecaster is trained on everything before the week (as the station
 * retrains), the week is forecast, and one fault is injected into its actual arrivals: an entry
 * lane that stops reading (zero arrivals) for FAULT_HOURS hours from a random busy hour. Then for
 * each alarm run length (consecutive hours outside the interval, same side):
 * - recall: faults with an alarm that overlaps them, over faults injected;
 * - false alarms per week: alarms that overlap no fault;
 * - the same false alarms on the clean week (no fault injected), for the record.
 * Then the silent-pump alarm, measured the same way on generated pump sales
 * (./pump-silence-section.ts). Prints tables, then one JSON object on the last line.
 *
 * BENCH_ANOMALY_WEEKS changes the weeks tested per site (default 12).
 */
import { performance } from 'node:perf_hooks';
import {
  WEEK_HOURS,
  DEFAULT_FORECAST_OPTIONS,
  forecastHours,
  trainForecaster,
} from '../src-shared/domain/forecast';
import { arrivalAnomalies, type CheckedHour } from '../src-shared/domain/exceptions';
import { DEMO_HISTORY, GENERATED_SITES } from '../src-main/forecast/demo-sites';
import { SeededRandom } from '../src-main/forecast/seeded-random';
import { generateStationHistory } from '../src-main/forecast/station-history';
import { injectFault } from './fault-injection';
import { printPumpSilenceRows, runPumpSilenceBench } from './pump-silence-section';

const TEST_WEEKS = Number(process.env.BENCH_ANOMALY_WEEKS ?? 12);
const FAULT_HOURS = 4;
const RUN_LENGTHS = [1, 2, 3, 4];
/** The forecast's own 80% interval, and wider ones trained the same way for the alarm alone. */
const NOMINALS = [0.8, 0.95, 0.99];
/** A fault starts in an hour the forecast expects at least this many arrivals (a lane in use). */
const BUSY = 5;
const SEED = 2026;

interface Tally {
  faults: number;
  caught: number;
  falseAlarms: number;
  cleanFalseAlarms: number;
  weeks: number;
}

const t0 = performance.now();
const rnd = new SeededRandom(SEED);
const VARIANTS = NOMINALS.flatMap((nominal) =>
  RUN_LENGTHS.map((runHours) => ({ nominal, runHours })),
);
const tallies = new Map(VARIANTS.map((v) => [v, emptyTally()]));

for (const shape of GENERATED_SITES) {
  const history = generateStationHistory(shape, SEED, DEMO_HISTORY.from, DEMO_HISTORY.weeks);
  const series = history.series;
  for (let w = TEST_WEEKS; w >= 1; w--) {
    const cut = series.length - w * WEEK_HOURS;
    const past = series.slice(0, cut);
    const week = series.slice(cut, cut + WEEK_HOURS);
    const start = rnd.uniform();
    for (const nominal of NOMINALS) {
      const options = { ...DEFAULT_FORECAST_OPTIONS, intervalNominal: nominal };
      const model = trainForecaster(past, history.site, options);
      const forecast = forecastHours(
        model,
        history.site,
        week.map((h) => h.hourStart),
      );
      const clean: CheckedHour[] = forecast.map((f, i) => ({ ...f, actual: week[i]!.count }));
      measureWeek(shape.name, clean, start, (runHours) =>
        tallies.get(VARIANTS.find((v) => v.nominal === nominal && v.runHours === runHours)!)!,
      );
    }
  }
}

/** Injects one fault at the `at` fraction of the week's busy hours and counts the alarms. */
function measureWeek(
  zone: string,
  clean: CheckedHour[],
  at: number,
  tallyOf: (runHours: number) => Tally,
): void {
  // The busy hours are the same whatever the nominal: the expected counts do not depend on it.
  const { faulty, overlaps } = injectFault(clean, at, FAULT_HOURS, BUSY);
  for (const k of RUN_LENGTHS) {
    const t = tallyOf(k);
    const alarms = arrivalAnomalies(zone, faulty, k);
    t.faults++;
    t.weeks++;
    if (alarms.some(overlaps)) t.caught++;
    t.falseAlarms += alarms.filter((a) => !overlaps(a)).length;
    t.cleanFalseAlarms += arrivalAnomalies(zone, clean, k).length;
  }
}

function emptyTally(): Tally {
  return { faults: 0, caught: 0, falseAlarms: 0, cleanFalseAlarms: 0, weeks: 0 };
}

const rows = VARIANTS.map((v) => {
  const t = tallies.get(v)!;
  return {
    intervalNominal: v.nominal,
    runHours: v.runHours,
    recall: +(t.caught / t.faults).toFixed(3),
    falseAlarmsPerWeek: +(t.falseAlarms / t.weeks).toFixed(2),
    cleanWeekFalseAlarmsPerWeek: +(t.cleanFalseAlarms / t.weeks).toFixed(2),
  };
});
console.log(`sites ${GENERATED_SITES.map((s) => s.name).join(', ')}; ${TEST_WEEKS} weeks each;`);
console.log(`fault: zero arrivals for ${FAULT_HOURS} h from an hour expecting >= ${BUSY}`);
console.log('nominal  run h  recall  false/week  false/week (clean)');
for (const r of rows) {
  console.log(
    `${r.intervalNominal.toFixed(2).padStart(7)}  ${String(r.runHours).padStart(5)}  ${r.recall.toFixed(3).padStart(6)}  ${r.falseAlarmsPerWeek
      .toFixed(2)
      .padStart(10)}  ${r.cleanWeekFalseAlarmsPerWeek.toFixed(2).padStart(18)}`,
  );
}
const pumps = runPumpSilenceBench(TEST_WEEKS, SEED);
printPumpSilenceRows(pumps.rows);
console.log(
  JSON.stringify({
    bench: 'anomalies',
    sites: GENERATED_SITES.map((s) => s.name),
    weeksPerSite: TEST_WEEKS,
    faultHours: FAULT_HOURS,
    faultsInjected: tallies.get(VARIANTS[0]!)!.faults,
    alarms: rows,
    silentPumps: pumps.json,
    seconds: +((performance.now() - t0) / 1000).toFixed(1),
  }),
);
