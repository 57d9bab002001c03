/**
 * The real evaluation sets of the training pack (`$ANPR_DATA`, default ../shared/anpr-data; see
 * its PROVENANCE.md), as used by `anpr:eval --pack` and `anpr-calibrate.ts`.
 *
 * Held out from the shipped models (never seen in training):
 *   br-heldout   OCR's held-out BR plate groups (same rule as models/training/ocr/make_split.py)
 *   eu-one-line, eu-two-line, us-crops, world-crops   hand-read crops; the OCR never trained on them
 *                (the detector pasted eu-crops images as plates, which does not touch the OCR)
 *   ro-valid     the detector's held-out RO frames (upstream valid split), boxes only
 *   kaggle, openimages   scenes from sources no model trained on (boxes; a few with text)
 * Every row also gets a calibration/test split BY PLATE TEXT (groups one substitution apart kept
 * together): `calib` rows fit the confidence map, `test` rows measure it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  inSplit,
  parseEvalLabels,
  plateGroups,
  regionOfCountry,
  splitCsvLine,
  type EvalRegion,
} from '../src-main/anpr/eval-metrics';
import type { PlateBox } from '../src-main/anpr/plate-reader';

export const CALIB_SPLIT_SEED = 'calib-20261127';
/**
 * The real sources the retrained models may learn from keep half of them out, by plate group for
 * crops and by photo for scenes: sha1("heldout-<source>:<key>") in the lowest half is held out. The
 * same rule is in models/training/ocr/dataset.py and models/training/detector/dataset.py; only
 * the held-out half is evaluated here, so every model (old or retrained) is measured on it.
 */
export const HELDOUT_FRACTION = 0.5;
export function isHeldOut(source: string, key: string): boolean {
  return inSplit(key, `heldout-${source}`, HELDOUT_FRACTION);
}
export const CALIB_FRACTION = 0.5;
/** The OCR training split (models/training/ocr/train.py defaults --split-seed 1234, 20% held out). */
const OCR_SPLIT_SEED = 1234;
const OCR_HOLDOUT = 0.2;

export interface PackRow {
  source: string;
  region: EvalRegion;
  /** Absolute image path. */
  image: string;
  plate: string;
  box: PlateBox | null;
  /** Rows with the same non-null group are frames of one vehicle (multi-frame vote). */
  group: string | null;
  split: 'calib' | 'test';
}

export interface PackSource {
  name: string;
  kind: 'crops' | 'scenes';
  rows: PackRow[];
  note: string;
}

export function defaultPackDir(): string {
  return path.resolve(process.env.ANPR_DATA ?? path.join('..', 'shared', 'anpr-data'));
}

function readCsv(file: string): Record<string, string>[] {
  const lines = readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  const header = splitCsvLine(lines[0]!).map((h) => h.toLowerCase());
  return lines
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const cells = splitCsvLine(l);
      return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
    });
}

/** The held-out half of a crop source's rows, by plate group (texts one substitution apart). */
function heldOutCrops(source: string, rows: Record<string, string>[]): Record<string, string>[] {
  const texts = rows.map((r) => r.plate!.trim().toUpperCase());
  const groups = plateGroups(texts);
  return rows.filter((_, i) => isHeldOut(source, groups.get(texts[i]!)!));
}

/** Loads every source; throws with a clear message when the pack is absent. */
export function loadPack(dir = defaultPackDir()): PackSource[] {
  if (!existsSync(path.join(dir, 'PROVENANCE.md')))
    throw new Error(`anpr-data pack not found at ${dir} (set ANPR_DATA or pass --pack DIR)`);
  const sources: PackSource[] = [];
  const sourcesCsv = readCsv(path.join(dir, 'SOURCES.csv'));
  const label = (rows: Omit<PackRow, 'split'>[]): PackRow[] => {
    const groups = plateGroups(rows.filter((r) => r.plate).map((r) => r.plate));
    return rows.map((r) => ({
      ...r,
      split: inSplit(groups.get(r.plate) ?? r.image, CALIB_SPLIT_SEED, CALIB_FRACTION)
        ? 'calib'
        : 'test',
    }));
  };

  // BR: the OCR's own held-out split — the rule of models/training/ocr/dataset.py split_real
  // (plate groups one substitution apart; sha1("1234:<group>") in the lowest 20%), ported here.
  const brDir = path.join(dir, 'br-crops', 'real');
  const brAll = readCsv(path.join(brDir, 'labels.csv')).map((r) => ({
    file: r.file!,
    plate: r.plate!.trim().toUpperCase(),
  }));
  const brGroups = plateGroups(brAll.map((r) => r.plate));
  const brHeld = brAll.filter((r) => inSplit(brGroups.get(r.plate)!, OCR_SPLIT_SEED, OCR_HOLDOUT));
  // Multi-frame groups: one capture event (two cameras, CC and CV) of one plate, from SOURCES.csv.
  const eventOf = new Map<string, string>();
  for (const s of sourcesCsv) {
    const m = /_(C[CV])_(\d+)_([A-Z0-9]+)\.JPG/i.exec(s.source_path ?? '');
    if (s.file?.startsWith('br-crops/real/') && m)
      eventOf.set(path.basename(s.file), `${m[2]}:${m[3]}`);
  }
  sources.push({
    name: 'br-heldout',
    kind: 'crops',
    note: 'held-out BR plate groups of the OCR training split',
    rows: label(
      brHeld.map((r) => ({
        source: 'br-heldout',
        region: 'brazil' as const,
        image: path.join(brDir, r.file),
        plate: r.plate,
        box: null,
        group: eventOf.get(r.file) ?? null,
      })),
    ),
  });

  for (const [name, sub] of [
    ['eu-one-line', 'one-line'],
    ['eu-two-line', 'two-line'],
  ] as const) {
    const folder = path.join(dir, 'eu-crops', sub);
    sources.push({
      name,
      kind: 'crops',
      note: `hand-read EU ${sub} crops (the held-out half of their plate groups)`,
      rows: label(
        heldOutCrops(name, readCsv(path.join(folder, 'labels.csv'))).map((r) => ({
          source: name,
          region: 'europe' as const,
          image: path.join(folder, r.file!),
          plate: r.plate!.toUpperCase(),
          box: null,
          group: null,
        })),
      ),
    });
  }
  const us = path.join(dir, 'us-crops');
  sources.push({
    name: 'us-crops',
    kind: 'crops',
    note: 'hand-read US crops, 30 states (the held-out half of their plate groups)',
    rows: label(
      heldOutCrops('us-crops', readCsv(path.join(us, 'labels.csv'))).map((r) => ({
        source: 'us-crops',
        region: 'us' as const,
        image: path.join(us, r.file!),
        plate: r.plate!.toUpperCase(),
        box: null,
        group: null,
      })),
    ),
  });
  const world = path.join(dir, 'world-crops');
  sources.push({
    name: 'world-crops',
    kind: 'crops',
    note: 'hand-read non-US crops with a country column (held-out half); region by country',
    rows: label(
      heldOutCrops('world-crops', readCsv(path.join(world, 'labels.csv'))).map((r) => ({
        source: 'world-crops',
        region: regionOfCountry(r.country ?? ''),
        image: path.join(world, r.file!),
        plate: r.plate!.toUpperCase(),
        box: null,
        group: null,
      })),
    ),
  });

  // Scenes. RO: the detector's held-out upstream valid split (`split=valid` in SOURCES.csv, as
  // models/training/detector/dataset.py ro_split reads it).
  const roValid = new Set(
    sourcesCsv
      .filter(
        (r) => r.file?.startsWith('scenes-with-boxes/ro/') && /split=valid/.test(r.transform ?? ''),
      )
      .map((r) => path.basename(r.file!)),
  );
  const scene = (
    name: string,
    folder: string,
    region: EvalRegion,
    keep: (file: string) => boolean = () => true,
  ): PackSource => ({
    name,
    kind: 'scenes',
    note: '',
    rows: label(
      parseEvalLabels(readFileSync(path.join(folder, 'labels.csv'), 'utf8'))
        .filter((l) => keep(l.file))
        .map((l) => ({
          source: name,
          region,
          image: path.join(folder, l.file),
          plate: l.plate,
          box: l.box,
          group: null,
        })),
    ),
  });
  const ro = scene('ro-valid', path.join(dir, 'scenes-with-boxes', 'ro'), 'europe', (f) =>
    roValid.has(f),
  );
  ro.note = "detector's held-out RO dashcam frames (upstream valid split), boxes only";
  sources.push(ro);
  for (const [name, sub, note] of [
    ['kaggle', 'kaggle-car-plate-detection', 'web close-ups and parked cars, many countries (CC0)'],
    ['openimages', 'openimages-plates', 'Flickr street photos, many small plates (CC BY)'],
  ] as const) {
    const folder = path.join(dir, 'scenes-with-boxes', sub);
    const s = scene(name, folder, 'world', (f) => isHeldOut(name, f));
    s.note = `${note}; the held-out half of the photos`;
    sources.push(s);
  }
  return sources;
}
