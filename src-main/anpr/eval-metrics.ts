/**
 * Pure helpers for scripts/anpr-eval.ts: the labels CSV, text comparison and percentiles.
 * Kept here (not in the script) so they are unit-tested.
 */
import { iou } from './detect-decode';
import { normalizePlateText, type PlateBox } from './plate-reader';

export interface EvalLabel {
  file: string;
  /** Normalised A–Z0–9; '' = no text label (box only). */
  plate: string;
  box: PlateBox | null;
  line: number;
}

/** `file,plate[,x,y,w,h]` with a header in any column order; quoted cells; blank/# lines skipped. */
export function parseEvalLabels(csv: string): EvalLabel[] {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerAt = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  if (headerAt < 0) throw new Error('labels CSV is empty');
  const header = splitCsvLine(lines[headerAt]!).map((c) => c.toLowerCase());
  const col = (name: string): number => header.indexOf(name);
  if (col('file') < 0) throw new Error('labels CSV: missing "file" column');
  const hasPlate = col('plate') >= 0;
  const hasBox = ['x', 'y', 'w', 'h'].every((k) => col(k) >= 0);
  const out: EvalLabel[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue;
    const cells = splitCsvLine(raw);
    const cell = (name: string): string => cells[col(name)] ?? '';
    let box: PlateBox | null = null;
    if (hasBox && ['x', 'y', 'w', 'h'].every((k) => cell(k) !== '')) {
      const [x, y, w, h] = ['x', 'y', 'w', 'h'].map((k) => Number(cell(k))) as [
        number,
        number,
        number,
        number,
      ];
      if (![x, y, w, h].every(Number.isFinite) || w <= 0 || h <= 0)
        throw new Error(`labels CSV line ${i + 1}: bad box`);
      box = { x, y, w, h };
    }
    out.push({
      file: cell('file').replace(/\\/g, '/'),
      plate: hasPlate ? normalizePlateText(cell('plate')) : '',
      box,
      line: i + 1,
    });
  }
  return out;
}

export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  cells.push(cur.trim());
  return cells;
}

export function csvCell(value: string | number): string {
  const s = String(value);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** Nearest-rank percentile (p in 0..100) of an unsorted list; null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

/** One-to-one greedy matching of labelled boxes to predicted boxes at IoU ≥ minIou. */
export function matchBoxes(
  labels: readonly PlateBox[],
  preds: readonly PlateBox[],
  minIou: number,
): (number | null)[] {
  const pairs: { l: number; p: number; o: number }[] = [];
  labels.forEach((lb, l) =>
    preds.forEach((pb, p) => {
      const o = iou(lb, pb);
      if (o >= minIou) pairs.push({ l, p, o });
    }),
  );
  pairs.sort((a, b) => b.o - a.o);
  const out: (number | null)[] = labels.map(() => null);
  const used = new Set<number>();
  for (const { l, p } of pairs) {
    if (out[l] !== null || used.has(p)) continue;
    out[l] = p;
    used.add(p);
  }
  return out;
}

/** Is this whole image itself a plate crop (used when the detector finds nothing)? */
export function looksLikePlateCrop(width: number, height: number): boolean {
  const aspect = width / Math.max(1, height);
  return width <= 400 && aspect >= 1.3 && aspect <= 6;
}
