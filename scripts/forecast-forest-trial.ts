/**
 * The alternative the forecaster was chosen over (issue 11: "Seed 002 uses a random forest"):
 * a small regression forest on calendar, weather and lag features (same local hour one, two
 * and four weeks back), scored in the same rolling-origin backtest as the model. Kept as a
 * script so the comparison can be rerun; nothing ships it.
 *
 *   node --import tsx scripts/forecast-forest-trial.ts [--seed 2026] [--trees 40]
 */
import { parseArgs } from 'node:util';
import {
  rollingOriginBacktest,
  sameWallTimeWeekBefore,
  type ForecastSite,
  type HourlyCount,
} from '../src-shared/domain/forecast';
import { hourContexts } from '../src-shared/domain/forecast/hour-context';
import { DEMO_HISTORY, GENERATED_SITES } from '../src-main/forecast/demo-sites';
import { evaluateHistory } from '../src-main/forecast/evaluate-site';
import { SeededRandom } from '../src-main/forecast/seeded-random';
import { generateStationHistory } from '../src-main/forecast/station-history';

const { values } = parseArgs({
  options: { seed: { type: 'string', default: '2026' }, trees: { type: 'string', default: '40' } },
});
const TREES = Number(values.trees);
const DEPTH = 12;
const MIN_LEAF = 5;
const BINS = 32;

/** Same wall time k weeks back, never at or after the origin (as the baseline reads it). */
function lag(
  site: ForecastSite,
  known: Map<number, number>,
  t: number,
  weeks: number,
  origin: number,
): number {
  let back = t;
  for (let k = 0; k < weeks || back >= origin; k++)
    back = sameWallTimeWeekBefore(site.timeZone, back);
  return known.get(back) ?? 0;
}

function features(
  site: ForecastSite,
  known: Map<number, number>,
  hours: readonly number[],
  origin: number,
): number[][] {
  return hourContexts(site, hours).map((h) => {
    const o = Math.min(origin, h.hourStart);
    const l1 = lag(site, known, h.hourStart, 1, o);
    const l2 = lag(site, known, h.hourStart, 2, o);
    const l4 =
      (l1 + l2 + lag(site, known, h.hourStart, 3, o) + lag(site, known, h.hourStart, 4, o)) / 4;
    return [
      h.hour,
      h.weekday,
      h.holiday,
      h.event,
      h.weather?.rainMm ?? 0,
      h.weather?.tempC ?? 15,
      l1,
      l2,
      l4,
    ];
  });
}

interface Node {
  feature: number;
  threshold: number;
  left: Node | null;
  right: Node | null;
  value: number;
}

function buildTree(
  x: number[][],
  xb: number[][],
  y: number[],
  rows: number[],
  edges: number[][],
  rnd: SeededRandom,
  depth: number,
): Node {
  const mean = rows.reduce((a, r) => a + y[r]!, 0) / rows.length;
  const leaf: Node = { feature: -1, threshold: 0, left: null, right: null, value: mean };
  if (depth >= DEPTH || rows.length < 2 * MIN_LEAF) return leaf;
  let best = { gain: 0, feature: -1, threshold: 0 };
  const total = rows.reduce((a, r) => a + y[r]!, 0);
  for (let f = 0; f < x[0]!.length; f++) {
    if (rnd.uniform() > 0.5) continue; // a random half of the features at each split
    const e = edges[f]!;
    const sum = new Array<number>(e.length + 1).fill(0);
    const cnt = new Array<number>(e.length + 1).fill(0);
    for (const r of rows) {
      const b = xb[r]![f]!;
      sum[b]! += y[r]!;
      cnt[b]!++;
    }
    let sl = 0;
    let nl = 0;
    for (let b = 0; b < e.length; b++) {
      sl += sum[b]!;
      nl += cnt[b]!;
      const nr = rows.length - nl;
      if (nl < MIN_LEAF || nr < MIN_LEAF) continue;
      const gain =
        (sl * sl) / nl + ((total - sl) * (total - sl)) / nr - (total * total) / rows.length;
      if (gain > best.gain) best = { gain, feature: f, threshold: e[b]! };
    }
  }
  if (best.feature < 0) return leaf;
  const l = rows.filter((r) => x[r]![best.feature]! <= best.threshold);
  const rr = rows.filter((r) => x[r]![best.feature]! > best.threshold);
  if (l.length === 0 || rr.length === 0) return leaf;
  return {
    ...leaf,
    feature: best.feature,
    threshold: best.threshold,
    left: buildTree(x, xb, y, l, edges, rnd, depth + 1),
    right: buildTree(x, xb, y, rr, edges, rnd, depth + 1),
  };
}

function predict(n: Node, v: number[]): number {
  while (n.left && n.right) n = v[n.feature]! <= n.threshold ? n.left : n.right;
  return n.value;
}

function binEdges(x: number[][]): number[][] {
  return x[0]!.map((_, f) => {
    const s = x.map((r) => r[f]!).sort((a, b) => a - b);
    const e = new Set<number>();
    for (let b = 1; b < BINS; b++) e.add(s[Math.floor((b * s.length) / BINS)]!);
    return [...e].sort((a, b) => a - b);
  });
}

function forest(site: ForecastSite, past: readonly HourlyCount[], hours: readonly number[]) {
  const known = new Map(past.map((p) => [p.hourStart, p.count]));
  const origin = hours[0]!;
  const train = past.slice(4 * 169); // rows with four weeks of lags
  const x = features(
    site,
    known,
    train.map((p) => p.hourStart),
    origin,
  );
  const y = train.map((p) => p.count);
  const edges = binEdges(x);
  // Each value's bin, once: the split search then only adds up per bin.
  const xb = x.map((row) =>
    row.map((v, f) => {
      const e = edges[f]!;
      let b = 0;
      while (b < e.length && v > e[b]!) b++;
      return b;
    }),
  );
  const rnd = new SeededRandom(7);
  const trees = Array.from({ length: TREES }, () => {
    const rows = Array.from({ length: x.length }, () => Math.floor(rnd.uniform() * x.length));
    return buildTree(x, xb, y, rows, edges, rnd, 0);
  });
  return features(site, known, hours, origin).map((v, i) => {
    const expected = trees.reduce((a, t) => a + predict(t, v), 0) / trees.length;
    return { hourStart: hours[i]!, expected, lower: expected, upper: expected };
  });
}

const out = [];
for (const shape of GENERATED_SITES) {
  const h = generateStationHistory(
    shape,
    Number(values.seed),
    DEMO_HISTORY.from,
    DEMO_HISTORY.weeks,
  );
  const t0 = performance.now();
  const rf = rollingOriginBacktest(h.series, h.site, 16, (past, hours) =>
    forest(h.site, past, hours),
  );
  const ms = performance.now() - t0;
  const model = evaluateHistory(h);
  const row = {
    site: shape.id,
    forestWape: rf.modelWape,
    modelWape: model.modelWape,
    baselineWape: rf.baselineWape,
    forestImprovement: rf.improvement,
    modelImprovement: model.improvement,
    forestBacktestMs: Math.round(ms),
  };
  console.log(
    `${shape.id}: forest ${rf.modelWape.toFixed(4)} (${(rf.improvement * 100).toFixed(1)}%), model ${model.modelWape.toFixed(4)} (${(model.improvement * 100).toFixed(1)}%), baseline ${rf.baselineWape.toFixed(4)}`,
  );
  out.push(row);
}
console.log(JSON.stringify({ seed: Number(values.seed), trees: TREES, sites: out }));
