/**
 * anpr:rules-trial — how much the plate-format rules help or hurt on the pack's real crops, without
 * re-running the models for every rule variant.
 *
 *   npm run anpr:rules-trial -- [--data DIR] [--cache FILE] [--split all|calib|test]
 *
 * Why: the format rules are pure, the OCR is not. The raw OCR output (per-position candidates) of
 * every crop of the crop sets (br-heldout, eu-*, us-crops, world-crops) is computed once, through
 * the same crop path as `anpr:eval --pack` (band fill, two-line split), and cached as JSON; each
 * rule variant is then scored on it in milliseconds. Regions get their own formats as in
 * anpr:eval's per-region default (brazil → br, europe → eu, us → us, world → all).
 * The LAST stdout line is one JSON object.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import cv from '../src-main/camera/opencv';
import type { OcrPosition } from '../src-main/anpr/ctc';
import type { EvalRegion } from '../src-main/anpr/eval-metrics';
import { applyFormatRules, type FormatRulesConfig } from '../src-main/anpr/format-rules';
import { loadPlateModels } from '../src-main/anpr/onnx-models';
import { recognisePlates } from '../src-main/anpr/ocr';
import { rectifyWholeImage } from '../src-main/anpr/rectify';
import { loadPack } from './anpr-pack';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    cache: { type: 'string', default: path.join(os.tmpdir(), 'anpr-ocr-positions.json') },
    models: { type: 'string', default: 'models' },
    split: { type: 'string', default: 'all' },
  },
});

interface CachedRead {
  source: string;
  region: EvalRegion;
  split: string;
  plate: string;
  positions: OcrPosition[];
}

async function computeReads(): Promise<CachedRead[]> {
  const sources = loadPack(values.data ? path.resolve(values.data) : undefined).filter(
    (s) => s.kind === 'crops',
  );
  const models = await loadPlateModels({ modelsDir: values.models!, intraOpNumThreads: 1 });
  const out: CachedRead[] = [];
  for (const src of sources) {
    console.error(`${src.name}: ${src.rows.length} crops`);
    for (const row of src.rows) {
      if (!row.plate) continue;
      const img = cv.imread(row.image);
      if (img.empty) continue;
      const rect = rectifyWholeImage(img, models.ocrManifest.input.twoLineAspectBelow, 'fill');
      const [ocr] = await recognisePlates(models.ocr, models.ocrManifest, [rect.ocrInput]);
      out.push({ ...pick(row), positions: ocr?.positions ?? [] });
    }
  }
  await models.release();
  return out;
}
const pick = (r: { source: string; region: EvalRegion; split: string; plate: string }) => ({
  source: r.source,
  region: r.region,
  split: r.split,
  plate: r.plate,
});

const cacheFile = values.cache!;
let reads: CachedRead[];
if (existsSync(cacheFile)) reads = JSON.parse(readFileSync(cacheFile, 'utf8')) as CachedRead[];
else {
  reads = await computeReads();
  writeFileSync(cacheFile, JSON.stringify(reads));
}
if (values.split !== 'all') reads = reads.filter((r) => r.split === values.split);

const REGION_FORMATS: Record<EvalRegion, string[]> = {
  brazil: ['br'],
  europe: ['eu'],
  us: ['us'],
  world: ['all'],
};

/** Exact reads per source for one rule variant (null = raw OCR text, no rules). */
function score(config: Omit<FormatRulesConfig, 'enabled'> | null): Record<string, number> {
  const hits: Record<string, number> = {};
  for (const r of reads) {
    const text =
      config === null
        ? r.positions.map((p) => p.char).join('')
        : applyFormatRules(
            { positions: r.positions },
            { ...config, enabled: REGION_FORMATS[r.region] },
          ).text;
    if (text === r.plate) hits[r.source] = (hits[r.source] ?? 0) + 1;
  }
  return hits;
}

const totals: Record<string, number> = {};
for (const r of reads) totals[r.source] = (totals[r.source] ?? 0) + 1;
const variants: [string, Omit<FormatRulesConfig, 'enabled'> | null][] = [
  ['raw OCR (no rules)', null],
  ['rules: forced site format (old)', { foreignGuard: false }],
  ['rules: guarded (default)', {}],
  // Ablations: each guard condition alone and the choice of its settings.
  ['guard: foreign layouts only', { foreignGuard: { sureCharProb: 2, maxCorrections: 99 } }],
  ['guard: no foreign layouts', { foreignGuard: { foreignFormats: [] } }],
  ['guard: sure char 0.9', { foreignGuard: { sureCharProb: 0.9 } }],
  ['guard: sure char 0.999', { foreignGuard: { sureCharProb: 0.999 } }],
  ['guard: sure char off', { foreignGuard: { sureCharProb: 2 } }],
  ['guard: 1 correction', { foreignGuard: { maxCorrections: 1 } }],
];
const result: Record<string, Record<string, number>> = {};
console.log(`format-rules trial on ${reads.length} crops (split ${values.split})`);
console.log(`| variant | ${Object.keys(totals).join(' | ')} | total |`);
console.log(
  `| --- | ${Object.keys(totals)
    .map(() => '---')
    .join(' | ')} | --- |`,
);
for (const [name, cfg] of variants) {
  const hits = score(cfg);
  const all = Object.values(hits).reduce((a, b) => a + b, 0);
  const cells = Object.keys(totals).map(
    (s) => `${(((hits[s] ?? 0) * 100) / totals[s]!).toFixed(1)}%`,
  );
  console.log(`| ${name} | ${cells.join(' | ')} | ${((all * 100) / reads.length).toFixed(1)}% |`);
  result[name] = { ...hits, total: all };
}
console.log(JSON.stringify({ n: reads.length, totals, exact: result }));
