/**
 * anpr:eval — runs the full single-frame ANPR pipeline (detect → rectify → OCR → format rules →
 * calibrated confidence) on labelled images and reports accuracy, the gate's precision and
 * coverage, per-source and per-region tables, character confusions, and speed.
 *
 *   npm run anpr:eval -- --images DIR --labels FILE.csv [--crops] [--region brazil|europe|us|world]
 *   npm run anpr:eval -- --pack [--data DIR] [--split all|calib|test] [--sources a,b]
 *   common: [--out reads.csv] [--confusions FILE] [--models models/] [--threads 1]
 *           [--formats br,eu,us,… | per-region] [--threshold T] [--raw] [--limit N]
 *           [--cut-band off|cut|fill]   (EU blue band removed before OCR; default: the reader's)
 *           [--second-pass on|off]      (the detector's tiled second pass; default on, as at the booth)
 *           [--second-pass-grid N] [--second-pass-min-score S] [--second-pass-below S]
 *                                       (its tiles per axis and thresholds; default the reader's)
 *
 * Labels CSV: header with `file,plate` and optional `x,y,w,h` (one row per plate box; `file` is
 * relative to --images; `plate` may be empty = box without text label).
 *
 * --pack: every real set of the training pack ($ANPR_DATA, default ../shared/anpr-data; see
 * scripts/anpr-pack.ts for which split of each is held out). It also says, per source, whether the
 * figure is a leave-one-source-out figure for the evaluated models (scripts/anpr-loso.ts). Crop sets are read as crops (OCR +
 * rules), scene sets through the detector. --split picks the calibration or test half (by plate
 * text) for calibration figures.
 *
 * --formats: format ids, regions or region groups (`br`, `ro`, `eu`, `us`, `all`; see
 * format-rules.ts REGION_GROUPS), comma-separated — a mixed set enables several. `per-region`
 * (default with --pack) reads each row with its own region's formats: brazil → br, europe → eu,
 * us → us, world → all.
 *
 * --crops: treat EVERY image as a plate crop (OCR + rules only, detector skipped) — for crop
 * datasets, to separate OCR accuracy from the detector firing on part of a crop.
 *
 * Plate-sized images (without --crops/--pack): an image that is itself plate-sized (width ≤ 400 px
 * and aspect w/h between 1.3 and 6) is read both through the detector and whole, as a crop; the
 * more confident read wins. The summary says how many images the whole-image read won.
 *
 * Metrics (text compared as uppercase A–Z0–9 only, spaces/dashes dropped):
 *   exact     — share of rows with a plate label whose read equals the label (null: no labels)
 *   char_acc  — 1 − Σ edit distance / Σ label length over those rows (null: no labels)
 *   det_recall— share of labelled boxes matched by a detection at IoU ≥ 0.4 (null: no boxes)
 *   false_boxes_per_image — detections matching no labelled box (scenes only)
 *   precision — share of reads with confidence ≥ threshold that are exact
 *   coverage  — share of text rows whose read reaches the threshold (no read = not covered)
 *   voted     — where rows share a vehicle group (several frames of one car), the
 *               confidence-weighted vote of track-vote.ts over the group, against single frames
 *   second_pass — images where the tiled second pass ran (the first found no confident box) and
 *               its own cost per such image (p50/p95 ms)
 *   ms_p50/95 — per image, pipeline only (image decode excluded; crop fallback included)
 * --threshold defaults to the calibration file's gateThreshold (0.8 without one). --raw scores
 * the raw pipeline confidence (no calibration), e.g. to produce the reads the calibration fits on.
 * The confusion summary (label char → read char counts, ∅ = missing/extra) goes to --confusions
 * (default <out>.confusions.csv, or anpr-confusions.csv in the OS temp folder).
 * Progress goes to stderr; the LAST stdout line is one JSON object.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Mat } from '@u4/opencv4nodejs';
import cv from '../src-main/camera/opencv';
import { FEATURE_NAMES, precisionCoverage } from '../src-main/anpr/calibration';
import {
  confusionCounts,
  csvCell,
  formatEdit,
  levenshtein,
  looksLikePlateCrop,
  matchBoxes,
  parseEvalLabels,
  percentile,
  type EvalRegion,
} from '../src-main/anpr/eval-metrics';
import { OnnxPlateReader, type DetailedPlateRead } from '../src-main/anpr/onnx-plate-reader';
import { voteTrack } from '../src-main/anpr/track-vote';
import { losoStatus } from './anpr-loso';
import { loadPack, type PackRow, type PackSource } from './anpr-pack';

const { values } = parseArgs({
  options: {
    images: { type: 'string' },
    labels: { type: 'string' },
    out: { type: 'string' },
    confusions: { type: 'string' },
    models: { type: 'string', default: 'models' },
    threads: { type: 'string', default: '1' },
    formats: { type: 'string' },
    limit: { type: 'string' },
    crops: { type: 'boolean', default: false },
    region: { type: 'string', default: 'world' },
    pack: { type: 'boolean', default: false },
    data: { type: 'string' },
    split: { type: 'string', default: 'all' },
    sources: { type: 'string' },
    threshold: { type: 'string' },
    raw: { type: 'boolean', default: false },
    'cut-band': { type: 'string' },
    'second-pass': { type: 'string', default: 'on' },
    'second-pass-grid': { type: 'string' },
    'second-pass-min-score': { type: 'string' },
    'second-pass-below': { type: 'string' },
  },
});
if (!values.pack && (!values.images || !values.labels)) {
  console.error(
    'usage: npm run anpr:eval -- --images DIR --labels FILE.csv [--out reads.csv] [--models models/]\n' +
      '       npm run anpr:eval -- --pack [--data DIR] [--split all|calib|test] [--out reads.csv]',
  );
  process.exit(2);
}

// ───────────────────────── the sets ─────────────────────────
let sources: PackSource[];
if (values.pack) {
  sources = loadPack(values.data ? path.resolve(values.data) : undefined);
  if (values.sources) {
    const want = values.sources.split(',').map((s) => s.trim());
    sources = sources.filter((s) => want.includes(s.name));
  }
  if (values.split !== 'all')
    for (const s of sources) s.rows = s.rows.filter((r) => r.split === values.split);
} else {
  const labels = parseEvalLabels(readFileSync(values.labels!, 'utf8'));
  sources = [
    {
      name: path.basename(values.labels!, '.csv'),
      kind: values.crops ? 'crops' : 'scenes',
      note: '',
      rows: labels.map((l) => ({
        source: path.basename(values.labels!, '.csv'),
        region: values.region as EvalRegion,
        image: path.resolve(values.images!, l.file),
        plate: l.plate,
        box: l.box,
        group: null,
        split: 'test',
      })),
    },
  ];
}

// ───────────────────────── readers (one per format set) ─────────────────────────
const formatsOpt = values.formats ?? (values.pack ? 'per-region' : undefined);
const REGION_FORMATS: Record<EvalRegion, string[]> = {
  brazil: ['br'],
  europe: ['eu'],
  us: ['us'],
  world: ['all'],
};
const readers = new Map<string, OnnxPlateReader>();
async function readerFor(region: EvalRegion): Promise<OnnxPlateReader> {
  const enabled =
    formatsOpt === 'per-region'
      ? REGION_FORMATS[region]
      : formatsOpt
        ? formatsOpt.split(',').map((s) => s.trim())
        : null;
  const key = enabled ? enabled.join(',') : '*';
  let r = readers.get(key);
  if (!r) {
    r = await OnnxPlateReader.load({
      modelsDir: values.models ?? 'models',
      intraOpNumThreads: Number(values.threads),
      cropJpeg: false,
      ...(enabled ? { formats: { enabled } } : {}),
      ...(values.raw ? { calibration: null } : {}),
      secondPass:
        values['second-pass'] === 'off'
          ? false
          : {
              ...(values['second-pass-grid'] ? { grid: Number(values['second-pass-grid']) } : {}),
              ...(values['second-pass-min-score']
                ? { minScore: Number(values['second-pass-min-score']) }
                : {}),
              ...(values['second-pass-below']
                ? { belowScore: Number(values['second-pass-below']) }
                : {}),
            },
      ...(values['cut-band'] !== undefined
        ? {
            cutEuBand:
              values['cut-band'] === 'off' ? false : (values['cut-band'] as 'cut' | 'fill'),
          }
        : {}),
      log: (l) => console.error(l),
    });
    readers.set(key, r);
  }
  return r;
}
const firstReader = await readerFor('world');
const threshold = Number(values.threshold ?? firstReader.recommendedGateThreshold ?? 0.8);

// ───────────────────────── run ─────────────────────────
interface RowResult {
  row: PackRow;
  read: DetailedPlateRead | undefined;
  text: string;
  exact: boolean;
  ms: number;
}
interface SourceStats {
  images: number;
  unreadable: number;
  boxes: number;
  boxHits: number;
  /** Boxes at least 60 px wide (the issue's smallest booth plate) and how many were found. */
  boxes60: number;
  boxHits60: number;
  detections: number;
  falseBoxes: number;
  cropFallbacks: number;
  /** Images where the detector's second pass ran, and its cost on each. */
  secondPassMs: number[];
}
const results = new Map<string, RowResult[]>();
const stats = new Map<string, SourceStats>();
const times: number[] = [];

for (const src of sources) {
  const byImage = new Map<string, PackRow[]>();
  for (const r of src.rows) byImage.set(r.image, [...(byImage.get(r.image) ?? []), r]);
  let images = [...byImage.keys()];
  if (values.limit) images = images.slice(0, Number(values.limit));
  const st: SourceStats = {
    images: 0,
    unreadable: 0,
    boxes: 0,
    boxHits: 0,
    boxes60: 0,
    boxHits60: 0,
    detections: 0,
    falseBoxes: 0,
    cropFallbacks: 0,
    secondPassMs: [],
  };
  const out: RowResult[] = [];
  console.error(`${src.name}: ${images.length} images (${src.kind})`);
  for (let ii = 0; ii < images.length; ii++) {
    const rows = byImage.get(images[ii]!)!;
    const img: Mat = cv.imread(images[ii]!);
    if (img.empty) {
      st.unreadable++;
      console.error(`  cannot read ${images[ii]}`);
      continue;
    }
    st.images++;
    const reader = await readerFor(rows[0]!.region);
    const t0 = performance.now();
    let reads: DetailedPlateRead[] = [];
    let detBoxes: { x: number; y: number; w: number; h: number }[] = [];
    let fallback = false;
    if (src.kind === 'crops' && (values.crops || values.pack)) {
      const r = await reader.readCrop(img);
      reads = r ? [r] : [];
      fallback = true;
    } else {
      const single = await reader.readMat(img);
      reads = single.reads;
      if (single.timings.tiles > 0) st.secondPassMs.push(single.timings.secondPassMs);
      // Detection recall counts detector boxes, including ones whose OCR text was dropped.
      detBoxes = single.detections.map((d) => d.box);
      if (looksLikePlateCrop(img.cols, img.rows) && !values.pack) {
        // A plate-sized image is also read whole; the detector often boxes only part of it.
        const whole = await reader.readCrop(img);
        const bestDetected = Math.max(0, ...reads.map((r) => r.confidence));
        if (whole && whole.confidence > bestDetected) {
          reads = [whole];
          fallback = true;
          st.cropFallbacks++;
        }
      }
    }
    const ms = performance.now() - t0;
    times.push(ms);
    img.release();

    const labelled = rows.filter((r) => r.box);
    st.boxes += labelled.length;
    const detMatch = matchBoxes(
      labelled.map((r) => r.box!),
      fallback ? [] : detBoxes,
      0.4,
    );
    st.boxHits += detMatch.filter((m) => m !== null).length;
    labelled.forEach((r, i) => {
      if (r.box!.w < 60) return;
      st.boxes60++;
      if (detMatch[i] !== null) st.boxHits60++;
    });
    if (!fallback && labelled.length) {
      st.detections += detBoxes.length;
      st.falseBoxes += detBoxes.length - detMatch.filter((m) => m !== null).length;
    }
    const matched = matchBoxes(
      labelled.map((r) => r.box!),
      fallback ? [] : reads.map((r) => r.box!),
      0.4,
    );
    const best = [...reads].sort((a, b) => b.confidence - a.confidence)[0];
    for (const row of rows) {
      let read: DetailedPlateRead | undefined;
      if (row.box && !fallback) {
        const k = matched[labelled.indexOf(row)];
        read = k === null || k === undefined ? undefined : reads[k];
      } else read = best;
      const text = read?.text ?? '';
      out.push({ row, read, text, exact: row.plate !== '' && text === row.plate, ms });
    }
    if ((ii + 1) % 100 === 0 || ii + 1 === images.length) {
      const tr = out.filter((r) => r.row.plate);
      console.error(
        `  ${ii + 1}/${images.length}  exact so far ${tr.length ? ((100 * tr.filter((r) => r.exact).length) / tr.length).toFixed(1) : '-'}%`,
      );
    }
  }
  results.set(src.name, out);
  stats.set(src.name, st);
}
for (const r of readers.values()) await r.dispose();

// ───────────────────────── figures ─────────────────────────
const pct = (x: number | null | undefined, d = 1): string =>
  x === null || x === undefined ? '-' : `${(100 * x).toFixed(d)}%`;
const round = (x: number | null, d = 4): number | null =>
  x === null ? null : Number(x.toFixed(d));

interface TextFigures {
  n: number;
  exact: number | null;
  /** Exact before the format rules (the OCR's own greedy text). */
  rawExact: number | null;
  charAcc: number | null;
  precision: number | null;
  coverage: number | null;
  accepted: number;
}
function textFigures(rows: readonly RowResult[]): TextFigures {
  const t = rows.filter((r) => r.row.plate);
  let edits = 0;
  let len = 0;
  for (const r of t) {
    edits += levenshtein(r.text, r.row.plate);
    len += r.row.plate.length;
  }
  const pc = precisionCoverage(
    t.map((r) => ({ confidence: r.read ? r.read.confidence : null, exact: r.exact })),
    threshold,
  );
  return {
    n: t.length,
    exact: t.length ? t.filter((r) => r.exact).length / t.length : null,
    rawExact: t.length ? t.filter((r) => r.read?.rawText === r.row.plate).length / t.length : null,
    charAcc: t.length ? Math.max(0, 1 - edits / Math.max(1, len)) : null,
    precision: pc.precision,
    coverage: pc.coverage,
    accepted: pc.accepted,
  };
}

/** Single-frame vs voted exact over rows that share a vehicle group of ≥ 2 frames. */
function votedFigures(rows: readonly RowResult[]): {
  groups: number;
  frames: number;
  singleExact: number;
  votedExact: number;
  votedPrecision: number | null;
  votedCoverage: number | null;
} | null {
  const groups = new Map<string, RowResult[]>();
  for (const r of rows)
    if (r.row.group && r.row.plate)
      groups.set(r.row.group, [...(groups.get(r.row.group) ?? []), r]);
  const multi = [...groups.values()].filter((g) => g.length >= 2);
  if (!multi.length) return null;
  let frames = 0;
  let single = 0;
  let voted = 0;
  const gate: { confidence: number | null; exact: boolean }[] = [];
  for (const g of multi) {
    frames += g.length;
    single += g.filter((r) => r.exact).length;
    const v = voteTrack(
      0,
      g
        .filter((r) => r.read)
        .map((r, i) => ({
          frameIndex: i,
          at: i,
          read: { ...r.read!, box: r.read!.box ?? { x: 0, y: 0, w: 1, h: 1 } },
        })),
    );
    const ok = v?.text === g[0]!.row.plate;
    if (ok) voted++;
    gate.push({ confidence: v ? v.confidence : null, exact: ok });
  }
  const pc = precisionCoverage(gate, threshold);
  return {
    groups: multi.length,
    frames,
    singleExact: single / frames,
    votedExact: voted / multi.length,
    votedPrecision: pc.precision,
    votedCoverage: pc.coverage,
  };
}

const all = [...results.values()].flat();
const overall = textFigures(all);
const totals = [...stats.values()].reduce(
  (a, s) => ({
    images: a.images + s.images,
    unreadable: a.unreadable + s.unreadable,
    boxes: a.boxes + s.boxes,
    boxHits: a.boxHits + s.boxHits,
    cropFallbacks: a.cropFallbacks + s.cropFallbacks,
  }),
  { images: 0, unreadable: 0, boxes: 0, boxHits: 0, cropFallbacks: 0 },
);

// Confusions.
const conf = confusionCounts(
  all.filter((r) => r.row.plate && !r.exact).map((r) => ({ label: r.row.plate, read: r.text })),
);
const confFile =
  values.confusions ??
  (values.out
    ? values.out.replace(/\.csv$/, '') + '.confusions.csv'
    : path.join(os.tmpdir(), 'anpr-confusions.csv'));
writeFileSync(
  confFile,
  ['label_char,read_char,count', ...conf.map((c) => [c.want, c.got, c.count].join(','))].join(
    '\n',
  ) + '\n',
);

// Per-read CSV (also the calibration fitter's input).
if (values.out) {
  const lines = [
    [
      'source',
      'region',
      'split',
      'group',
      'file',
      'label',
      'read',
      'confidence',
      'raw_confidence',
      'exact',
      'format',
      'alternates',
      'ms',
      ...FEATURE_NAMES.map((f) => `f_${f}`),
    ].join(','),
  ];
  for (const r of all) {
    const alts = (r.read?.alternates ?? [])
      .map((a) => `${a.text}:${a.confidence.toFixed(3)}`)
      .join('|');
    lines.push(
      [
        r.row.source,
        r.row.region,
        r.row.split,
        r.row.group ?? '',
        r.row.image,
        r.row.plate,
        r.text,
        r.read ? r.read.confidence.toFixed(5) : '',
        r.read ? r.read.rawConfidence.toFixed(5) : '',
        r.row.plate ? (r.exact ? 1 : 0) : '',
        r.read?.format ?? '',
        alts,
        r.ms.toFixed(1),
        ...FEATURE_NAMES.map((_, i) => (r.read ? r.read.features[i]!.toFixed(5) : '')),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  writeFileSync(values.out, lines.join('\n') + '\n');
}

// ───────────────────────── report ─────────────────────────
const calibrated = !values.raw && firstReader.recommendedGateThreshold !== null;
console.log(
  `ANPR eval: ${values.pack ? `pack (split ${values.split})` : values.labels}; formats ${formatsOpt ?? 'all'}; confidence ${calibrated ? 'calibrated' : 'raw'}; gate threshold ${threshold}`,
);
console.log(
  `  images ${totals.images} (${totals.unreadable} unreadable), plate-text rows ${overall.n}, boxes ${totals.boxes}`,
);
if (!values.pack)
  console.log(
    values.crops
      ? `  --crops: every image read as a plate crop (detector skipped)`
      : `  plate-sized images where the whole-image read won: ${totals.cropFallbacks}`,
  );
if (overall.n) {
  console.log(
    `  exact ${all.filter((r) => r.exact).length}/${overall.n} (${pct(overall.exact)}), char accuracy ${pct(overall.charAcc)}`,
  );
  console.log(
    `  at threshold ${threshold}: precision ${pct(overall.precision)} (${Math.round((overall.precision ?? 0) * overall.accepted)}/${overall.accepted} reads), coverage ${pct(overall.coverage)}`,
  );
}
if (totals.boxes) console.log(`  detection recall @IoU0.4 ${totals.boxHits}/${totals.boxes}`);

console.log('\n  per source:');
console.log(
  '  | source | kind | images | text rows | exact | raw OCR exact | char acc | precision@T | coverage@T | det recall | det recall ≥60px | false boxes/img |',
);
console.log('  | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
const perSource: Record<string, unknown> = {};
for (const src of sources) {
  const rows = results.get(src.name) ?? [];
  const st = stats.get(src.name)!;
  const f = textFigures(rows);
  const rec = st.boxes ? st.boxHits / st.boxes : null;
  const fpi = st.boxes && st.images ? st.falseBoxes / st.images : null;
  console.log(
    `  | ${src.name} | ${src.kind} | ${st.images} | ${f.n} | ${pct(f.exact)} | ${pct(f.rawExact)} | ${pct(f.charAcc)} | ${pct(f.precision)} | ${pct(f.coverage)} | ${st.boxes ? `${pct(rec)} (${st.boxHits}/${st.boxes})` : '-'} | ${st.boxes60 ? `${pct(st.boxHits60 / st.boxes60)} (${st.boxHits60}/${st.boxes60})` : '-'} | ${fpi === null ? '-' : fpi.toFixed(2)} |`,
  );
  perSource[src.name] = {
    images: st.images,
    textRows: f.n,
    exact: round(f.exact),
    rawExact: round(f.rawExact),
    charAcc: round(f.charAcc),
    precision: round(f.precision),
    coverage: round(f.coverage),
    detRecall: round(rec),
    detRecall60: st.boxes60 ? round(st.boxHits60 / st.boxes60) : null,
    boxes: st.boxes,
    falseBoxesPerImage: round(fpi, 3),
    secondPassImages: st.secondPassMs.length,
    secondPassMsP50: round(percentile(st.secondPassMs, 50), 2),
    secondPassMsP95: round(percentile(st.secondPassMs, 95), 2),
    voted: votedFigures(rows),
  };
}

if (values.pack) {
  // Which per-source figures are leave-one-source-out figures for these models (scripts/anpr-loso.ts).
  console.log("\n  leave-one-source-out (from the models' manifests, trainedOn):");
  for (const l of losoStatus(sources, values.models ?? 'models')) {
    console.log(`    ${l.source}: ${l.loso ? 'LOSO figure' : 'NOT a LOSO figure'}: ${l.note}`);
    const entry = perSource[l.source] as Record<string, unknown> | undefined;
    if (entry) entry.loso = l.loso;
  }
}

console.log('\n  per region (text rows of every source):');
console.log(
  '  | region | text rows | exact | raw OCR exact | char acc | precision@T | coverage@T |',
);
console.log('  | --- | --- | --- | --- | --- | --- | --- |');
const perRegion: Record<string, unknown> = {};
for (const region of ['brazil', 'europe', 'us', 'world'] as const) {
  const f = textFigures(all.filter((r) => r.row.region === region));
  if (!f.n) continue;
  console.log(
    `  | ${region} | ${f.n} | ${pct(f.exact)} | ${pct(f.rawExact)} | ${pct(f.charAcc)} | ${pct(f.precision)} | ${pct(f.coverage)} |`,
  );
  perRegion[region] = {
    n: f.n,
    exact: round(f.exact),
    rawExact: round(f.rawExact),
    charAcc: round(f.charAcc),
    precision: round(f.precision),
    coverage: round(f.coverage),
  };
}

console.log('\n  multi-frame voting (rows sharing a vehicle group of ≥ 2 frames):');
let anyVote = false;
for (const src of sources) {
  const v = votedFigures(results.get(src.name) ?? []);
  if (!v) continue;
  anyVote = true;
  console.log(
    `    ${src.name}: ${v.groups} vehicles / ${v.frames} frames: single-frame exact ${pct(v.singleExact)}, voted exact ${pct(v.votedExact)}; voted at threshold: precision ${pct(v.votedPrecision)}, coverage ${pct(v.votedCoverage)}`,
  );
}
if (!anyVote)
  console.log('    none: no source in this run has several labelled frames of one vehicle');

console.log(`\n  most frequent character errors (label→read; all ${conf.length} in ${confFile}):`);
console.log(
  `    ${
    conf
      .slice(0, 15)
      .map((c) => `${formatEdit(c)} ${c.count}`)
      .join(', ') || '-'
  }`,
);
const misses = all.filter((r) => r.row.plate && !r.exact);
if (misses.length) {
  console.log(`  first misreads (of ${misses.length}):`);
  for (const r of misses.slice(0, 15))
    console.log(
      `    ${r.row.source} ${path.basename(r.row.image)}: ${r.row.plate} → ${r.text || '(none)'}${r.read ? ` raw=${r.read.rawText} conf=${r.read.confidence.toFixed(2)}` : ''}`,
    );
}
console.log(
  `  ms/image p50 ${round(percentile(times, 50), 2)} p95 ${round(percentile(times, 95), 2)} (1 image at a time, ${values.threads} intra-op thread(s))`,
);

const result = {
  exact: round(overall.exact),
  char_acc: round(overall.charAcc),
  det_recall: totals.boxes ? round(totals.boxHits / totals.boxes) : null,
  threshold,
  calibrated,
  precision: round(overall.precision),
  coverage: round(overall.coverage),
  n: times.length,
  ms_p50: round(percentile(times, 50), 2),
  ms_p95: round(percentile(times, 95), 2),
  second_pass: values['second-pass'] !== 'off',
  perSource,
  perRegion,
  topConfusions: conf.slice(0, 10).map((c) => ({ edit: formatEdit(c), count: c.count })),
};
console.log(JSON.stringify(result));
