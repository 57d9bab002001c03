/**
 * anpr-calibrate — fits the read-confidence calibration map (models/plate-calibration.json) on
 * held-out REAL crops and scenes, and picks the default gate threshold.
 *
 *   npm run anpr:eval -- --pack --raw --out /tmp/reads-per-region.csv          # reads + features
 *   npm run anpr:eval -- --pack --raw --formats all --out /tmp/reads-all.csv  # same, all formats on
 *   node --import tsx scripts/anpr-calibrate.ts --reads /tmp/reads-per-region.csv,/tmp/reads-all.csv \
 *        [--out models/plate-calibration.json] [--target 0.99] [--min-accepted 30]
 *
 * The reads CSV must come from a --raw run (uncalibrated confidences). Rows carry a split BY PLATE
 * TEXT (scripts/anpr-pack.ts): the map is fitted on `calib` rows only — logistic regression over
 * the read's features (calibration.ts FEATURE_NAMES), then an isotonic (PAV) map of its score,
 * each block's rate shrunk by (exact + 0.5)/(n + 1) so a small perfect block does not claim 1.0 —
 * and the gate threshold is the lowest calibrated confidence at which ≥ target of the calib reads
 * at or above it are exact (with at least --min-accepted of them), overall AND within every region
 * of every reads file with ≥ --min-group accepted reads (the plain overall rule is also printed:
 * on the first fit it gave 98.7% on the test split, short of the target). Every figure printed and stored
 * under `metrics.test` is measured on the disjoint `test` rows. A row without any read counts
 * against coverage, never for precision.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  FEATURE_NAMES,
  chooseThreshold,
  chooseThresholdGrouped,
  expectedCalibrationError,
  fitIsotonic,
  fitLogistic,
  logisticScore,
  parseCalibration,
  precisionCoverage,
  shrinkIsotonic,
  calibrate,
  type CalibrationMap,
} from '../src-main/anpr/calibration';
import { splitCsvLine } from '../src-main/anpr/eval-metrics';

const { values } = parseArgs({
  options: {
    reads: { type: 'string' },
    out: { type: 'string', default: 'models/plate-calibration.json' },
    target: { type: 'string', default: '0.99' },
    'min-accepted': { type: 'string', default: '30' },
    'min-group': { type: 'string', default: '50' },
  },
});
if (!values.reads) {
  console.error('usage: node --import tsx scripts/anpr-calibrate.ts --reads reads-raw.csv');
  process.exit(2);
}
const target = Number(values.target);
const rows: Row[] = [];

interface Row {
  file: string;
  source: string;
  region: string;
  split: string;
  exact: boolean;
  raw: number | null;
  features: number[] | null;
}
// Several reads files (e.g. one per format configuration: per-region and all formats) are fitted
// together, so the map holds whichever formats a site enables; figures are also given per file.
const readFiles = values.reads.split(',').map((f) => f.trim());
for (const file of readFiles) {
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = splitCsvLine(lines[0]!);
  const col = (n: string): number => header.indexOf(n);
  for (const f of FEATURE_NAMES)
    if (col(`f_${f}`) < 0) throw new Error(`${file}: no f_${f} column (re-run anpr:eval --raw)`);
  for (const l of lines.slice(1)) {
    const c = splitCsvLine(l);
    if (c[col('label')] === '') continue; // box-only rows have no text to be right about
    const raw = c[col('raw_confidence')] === '' ? null : Number(c[col('raw_confidence')]);
    if (raw !== null && Number(c[col('confidence')]) !== raw)
      throw new Error(`${file} must come from \`anpr:eval --raw\` (confidence = raw confidence)`);
    rows.push({
      file,
      source: c[col('source')]!,
      region: c[col('region')]!,
      split: c[col('split')]!,
      exact: c[col('exact')] === '1',
      raw,
      features: raw === null ? null : FEATURE_NAMES.map((f) => Number(c[col(`f_${f}`)])),
    });
  }
}
const calibRows = rows.filter((r) => r.split === 'calib');
const testRows = rows.filter((r) => r.split === 'test');
const withRead = (rs: Row[]): Row[] => rs.filter((r) => r.features !== null);
console.error(
  `rows with text: ${rows.length} (calib ${calibRows.length}, test ${testRows.length}); with a read: calib ${withRead(calibRows).length}, test ${withRead(testRows).length}`,
);

// Fit.
const samples = withRead(calibRows).map((r) => ({ features: r.features!, exact: r.exact }));
const lr = fitLogistic(samples);
const proto: CalibrationMap = {
  kind: 'logistic+isotonic',
  version: '1',
  features: [...FEATURE_NAMES],
  ...lr,
  isotonic: { x: [0, 1], y: [0, 1] },
  gateThreshold: 1,
};
const pav = fitIsotonic(
  samples.map((s) => ({ score: logisticScore(proto, s.features), exact: s.exact })),
);
const shrunk = shrinkIsotonic(pav);
// Rounded for a readable file; knots that round to the same x merge (keeping the higher y).
const knots = { x: [] as number[], y: [] as number[] };
shrunk.x.forEach((xv, i) => {
  const x = Number(xv.toFixed(6));
  const y = Number(shrunk.y[i]!.toFixed(6));
  if (knots.x.length && x <= knots.x[knots.x.length - 1]!) knots.y[knots.y.length - 1] = y;
  else {
    knots.x.push(x);
    knots.y.push(y);
  }
});
const map: CalibrationMap = { ...proto, isotonic: knots };

const scoreRows = (rs: Row[], m: CalibrationMap | null) =>
  rs.map((r) => ({
    confidence: r.features ? (m ? calibrate(m, r.features) : r.raw!) : null,
    exact: r.exact,
  }));
// The gate: lowest calibrated confidence where the calib reads at or above it reach the target
// precision overall AND within every region of every reads file that has ≥ --min-group of them.
const calibScored = scoreRows(calibRows, map).map((s, i) => ({
  ...s,
  group: `${path.basename(calibRows[i]!.file)} ${calibRows[i]!.region}`,
}));
const plainThreshold = chooseThreshold(calibScored, target, Number(values['min-accepted']));
map.gateThreshold = Number(
  chooseThresholdGrouped(
    calibScored,
    target,
    Number(values['min-accepted']),
    Number(values['min-group']),
  ).toFixed(6),
);
parseCalibration(map); // same checks as the reader's loader

// Measure on the disjoint test split.
const T = map.gateThreshold;
const groupsOf = (key: 'region' | 'source'): string[] => [...new Set(rows.map((r) => r[key]))];
const figures = (rs: Row[]) => {
  const cal = precisionCoverage(scoreRows(rs, map), T);
  const raw08 = precisionCoverage(scoreRows(rs, null), 0.8);
  return {
    n: rs.length,
    exact: rs.length ? Number((rs.filter((r) => r.exact).length / rs.length).toFixed(4)) : null,
    precision: cal.precision === null ? null : Number(cal.precision.toFixed(4)),
    coverage: cal.coverage === null ? null : Number(cal.coverage.toFixed(4)),
    accepted: cal.accepted,
    acceptedExact: cal.acceptedExact,
    rawGate08: {
      precision: raw08.precision === null ? null : Number(raw08.precision.toFixed(4)),
      coverage: raw08.coverage === null ? null : Number(raw08.coverage.toFixed(4)),
      accepted: raw08.accepted,
    },
  };
};
const eceOf = (rs: Row[], m: CalibrationMap | null): number =>
  Number(
    expectedCalibrationError(
      scoreRows(withRead(rs), m) as { confidence: number; exact: boolean }[],
    ).toFixed(4),
  );
const metrics = {
  target,
  thresholdRule:
    'lowest calibrated confidence with calib precision >= target overall and in every (reads file, region) with >= min-group accepted reads',
  plainThreshold: Number(plainThreshold.toFixed(6)),
  minAccepted: Number(values['min-accepted']),
  minGroup: Number(values['min-group']),
  calib: { ...figures(calibRows), ece: eceOf(calibRows, map), eceRaw: eceOf(calibRows, null) },
  test: {
    ...figures(testRows),
    ece: eceOf(testRows, map),
    eceRaw: eceOf(testRows, null),
    perRegion: Object.fromEntries(
      groupsOf('region').map((g) => [g, figures(testRows.filter((r) => r.region === g))]),
    ),
    perSource: Object.fromEntries(
      groupsOf('source').map((g) => [g, figures(testRows.filter((r) => r.source === g))]),
    ),
    perReadsFile: Object.fromEntries(
      readFiles.map((f) => [path.basename(f), figures(testRows.filter((r) => r.file === f))]),
    ),
    perReadsFileRegion: Object.fromEntries(
      readFiles.flatMap((f) =>
        groupsOf('region').map((g) => [
          `${path.basename(f)} ${g}`,
          figures(testRows.filter((r) => r.file === f && r.region === g)),
        ]),
      ),
    ),
  },
};
const out = {
  ...map,
  fittedOn: {
    reads: readFiles.map((f) => path.basename(f)),
    what: 'anpr:eval --pack --raw reads (formats per region, and all formats); fitted on the calib half (by plate text) of every held-out real set, figures on the test half',
    calibRowsWithRead: samples.length,
    calibRows: calibRows.length,
    testRows: testRows.length,
    created: new Date().toISOString().slice(0, 10),
  },
  metrics,
};
writeFileSync(values.out!, JSON.stringify(out, null, 2) + '\n');

const pct = (x: number | null): string => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);
console.log(
  `calibration written to ${values.out}: gate threshold ${T} (target precision ${target})`,
);
console.log(
  `ECE raw → calibrated: calib ${metrics.calib.eceRaw} → ${metrics.calib.ece}; test ${metrics.test.eceRaw} → ${metrics.test.ece}`,
);
console.log(
  '| split/region | text rows | exact | precision@T | coverage@T | raw@0.8 precision | raw@0.8 coverage |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
const line = (name: string, f: ReturnType<typeof figures>): void =>
  console.log(
    `| ${name} | ${f.n} | ${pct(f.exact)} | ${pct(f.precision)} (${f.acceptedExact}/${f.accepted}) | ${pct(f.coverage)} | ${pct(f.rawGate08.precision)} (${f.rawGate08.accepted}) | ${pct(f.rawGate08.coverage)} |`,
  );
line('calib (fit)', metrics.calib);
line('test (all)', metrics.test);
for (const [g, f] of Object.entries(metrics.test.perRegion)) line(`test ${g}`, f);
for (const [g, f] of Object.entries(metrics.test.perSource)) line(`test ${g}`, f);
for (const [g, f] of Object.entries(metrics.test.perReadsFileRegion)) line(`test ${g}`, f);
console.log(
  JSON.stringify({
    gateThreshold: T,
    test: { precision: metrics.test.precision, coverage: metrics.test.coverage },
  }),
);
