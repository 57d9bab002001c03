/**
 * anpr:eval — runs the full single-frame ANPR pipeline (detect → rectify → OCR → format rules) on
 * a labelled image set and reports accuracy and speed.
 *
 *   npm run anpr:eval -- --images DIR --labels FILE.csv [--out reads.csv] [--models models/]
 *                        [--threads 1] [--formats br,ro,…] [--limit N]
 *
 * Labels CSV: header with `file,plate` and optional `x,y,w,h` (one row per plate box; `file` is
 * relative to --images; `plate` may be empty = box without text label).
 *
 * --crops: treat EVERY image as a plate crop (OCR + rules only, detector skipped) — for crop
 * datasets, to separate OCR accuracy from the detector firing on part of a crop.
 *
 * Plate-sized images: an image that is itself plate-sized (width ≤ 400 px and aspect w/h between
 * 1.3 and 6, e.g. the held-out BR crops) is read both through the detector and whole, as a crop;
 * the more confident read wins. The summary says how many images the whole-image read won.
 *
 * Metrics (text compared as uppercase A–Z0–9 only, spaces/dashes dropped):
 *   exact     — share of rows with a plate label whose read equals the label (null: no labels)
 *   char_acc  — 1 − Σ edit distance / Σ label length over those rows (null: no labels)
 *   det_recall— share of labelled boxes matched by a detection at IoU ≥ 0.4 (null: no boxes)
 *   ms_p50/95 — per image, pipeline only (image decode excluded; crop fallback included)
 * A row with a box is scored against the read whose box best overlaps it (IoU ≥ 0.4, else "");
 * a row without a box against the image's most confident read.
 * Progress goes to stderr; the LAST stdout line is one JSON object.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cv from '../src-main/camera/opencv';
import {
  csvCell,
  levenshtein,
  looksLikePlateCrop,
  matchBoxes,
  parseEvalLabels,
  percentile,
  type EvalLabel,
} from '../src-main/anpr/eval-metrics';
import { OnnxPlateReader, type DetailedPlateRead } from '../src-main/anpr/onnx-plate-reader';

const { values } = parseArgs({
  options: {
    images: { type: 'string' },
    labels: { type: 'string' },
    out: { type: 'string' },
    models: { type: 'string', default: 'models' },
    threads: { type: 'string', default: '1' },
    formats: { type: 'string' },
    limit: { type: 'string' },
    crops: { type: 'boolean', default: false },
  },
});
if (!values.images || !values.labels) {
  console.error(
    'usage: npm run anpr:eval -- --images DIR --labels FILE.csv [--out reads.csv] [--models models/]',
  );
  process.exit(2);
}

const labels = parseEvalLabels(readFileSync(values.labels, 'utf8'));
const byFile = new Map<string, EvalLabel[]>();
for (const l of labels) byFile.set(l.file, [...(byFile.get(l.file) ?? []), l]);
let files = [...byFile.keys()];
if (values.limit) files = files.slice(0, Number(values.limit));

const reader = await OnnxPlateReader.load({
  modelsDir: values.models ?? 'models',
  intraOpNumThreads: Number(values.threads),
  cropJpeg: false,
  ...(values.formats
    ? { formats: { enabled: values.formats.split(',').map((s) => s.trim()) } }
    : {}),
});
console.error(
  `models loaded in ${reader.loadMs.toFixed(0)} ms; ${files.length} images, ${labels.length} label rows`,
);

const times: number[] = [];
let textRows = 0;
let exact = 0;
let editSum = 0;
let lenSum = 0;
let boxes = 0;
let boxHits = 0;
let cropFallbacks = 0;
let missingFiles = 0;
const outRows: string[] = ['file,label,read,confidence,alternates,ms'];
const misses: string[] = [];

for (let fi = 0; fi < files.length; fi++) {
  const file = files[fi]!;
  const rows = byFile.get(file)!;
  const img = cv.imread(path.resolve(values.images, file));
  if (img.empty) {
    missingFiles++;
    console.error(`  cannot read ${file}`);
    continue;
  }
  const t0 = performance.now();
  const single = values.crops ? null : await reader.readMat(img);
  let reads: DetailedPlateRead[] = single?.reads ?? [];
  // Detection recall counts detector boxes, including ones whose OCR text was dropped as too short.
  const detBoxes = single?.detections.map((d) => d.box) ?? [];
  let fallback = false;
  if (values.crops) {
    const r = await reader.readCrop(img);
    reads = r ? [r] : [];
    fallback = true;
  } else if (looksLikePlateCrop(img.cols, img.rows)) {
    // A plate-sized image is also read whole; the detector often boxes only part of such a crop.
    const whole = await reader.readCrop(img);
    const bestDetected = Math.max(0, ...reads.map((r) => r.confidence));
    if (whole && whole.confidence > bestDetected) {
      reads = [whole];
      fallback = true;
      cropFallbacks++;
    }
  }
  const ms = performance.now() - t0;
  times.push(ms);

  const labelled = rows.filter((r) => r.box);
  boxes += labelled.length;
  boxHits += matchBoxes(
    labelled.map((r) => r.box!),
    fallback ? [] : detBoxes,
    0.4,
  ).filter((m) => m !== null).length;
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
    if (row.plate) {
      textRows++;
      if (text === row.plate) exact++;
      else
        misses.push(
          `${file}: ${row.plate} → ${text || '(none)'}${read ? ` raw=${read.rawText} conf=${read.confidence.toFixed(2)}` : ''}`,
        );
      editSum += levenshtein(text, row.plate);
      lenSum += row.plate.length;
    }
    const alts = (read?.alternates ?? [])
      .map((a) => `${a.text}:${a.confidence.toFixed(3)}`)
      .join('|');
    outRows.push(
      [file, row.plate, text, read ? read.confidence.toFixed(4) : '', alts, ms.toFixed(1)]
        .map(csvCell)
        .join(','),
    );
  }
  if ((fi + 1) % 25 === 0 || fi + 1 === files.length) {
    console.error(
      `  ${fi + 1}/${files.length}  exact so far ${textRows ? ((100 * exact) / textRows).toFixed(1) : '-'}%`,
    );
  }
}

if (values.out) writeFileSync(values.out, outRows.join('\n') + '\n');
await reader.dispose();

const round = (x: number | null, d = 4): number | null =>
  x === null ? null : Number(x.toFixed(d));
const result = {
  exact: textRows ? round(exact / textRows) : null,
  char_acc: textRows ? round(Math.max(0, 1 - editSum / Math.max(1, lenSum))) : null,
  det_recall: boxes ? round(boxHits / boxes) : null,
  n: times.length,
  ms_p50: round(percentile(times, 50), 2),
  ms_p95: round(percentile(times, 95), 2),
};
console.log(`ANPR eval: ${values.labels}`);
console.log(
  `  images ${times.length} (${missingFiles} unreadable), plate-text rows ${textRows}, boxes ${boxes}`,
);
console.log(
  values.crops
    ? `  --crops: every image read as a plate crop (detector skipped)`
    : `  plate-sized images where the whole-image read won: ${cropFallbacks}`,
);
if (textRows)
  console.log(
    `  exact ${exact}/${textRows}, char accuracy ${(100 * (result.char_acc ?? 0)).toFixed(1)}%`,
  );
if (boxes) console.log(`  detection recall @IoU0.4 ${boxHits}/${boxes}`);
console.log(
  `  ms/image p50 ${result.ms_p50} p95 ${result.ms_p95} (1 image at a time, ${values.threads} intra-op thread(s))`,
);
if (misses.length) {
  console.log(`  first misreads (of ${misses.length}):`);
  for (const m of misses.slice(0, 15)) console.log(`    ${m}`);
}
console.log(JSON.stringify(result));
