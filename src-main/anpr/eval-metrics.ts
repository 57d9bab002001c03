/**
 * Pure helpers for scripts/anpr-eval.ts: the labels CSV, text comparison and percentiles.
 * Kept here (not in the script) so they are unit-tested.
 */
import { createHash } from 'node:crypto';
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

// ─────────────────────────── multi-source evaluation helpers ───────────────────────────

/** Regions the evaluation reports on (issue 12): Brazil, Europe, US and the rest of the world. */
export type EvalRegion = 'brazil' | 'europe' | 'us' | 'world';

/** European countries and territories (ISO 3166-1 alpha-2), EU or not (GB, CH, NO, …). */
const EUROPE = new Set(
  (
    'AD AL AT BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU ' +
    'LV MC MD ME MK MT NL NO PL PT RO RS SE SI SK SM UA VA XK'
  ).split(' '),
);

/** Region of a country code ('' or unknown → world). */
export function regionOfCountry(country: string): EvalRegion {
  const cc = country.trim().toUpperCase();
  if (cc === 'BR') return 'brazil';
  if (cc === 'US') return 'us';
  if (EUROPE.has(cc)) return 'europe';
  return 'world';
}

/** One edit between a label and a read: a substitution, a missing char or an extra char. */
export interface CharEdit {
  /** Label character ('' = the read has an extra character). */
  want: string;
  /** Read character ('' = the read dropped the label's character). */
  got: string;
}

/** The character edits of a minimal alignment of `read` to `label` (Levenshtein backtrace). */
export function charEdits(label: string, read: string): CharEdit[] {
  const n = label.length;
  const m = read.length;
  const d: number[][] = Array.from({ length: n + 1 }, (_, i) =>
    Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++)
      d[i]![j] = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + (label[i - 1] === read[j - 1] ? 0 : 1),
      );
  const edits: CharEdit[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && d[i]![j] === d[i - 1]![j - 1]! + (label[i - 1] === read[j - 1] ? 0 : 1)) {
      if (label[i - 1] !== read[j - 1]) edits.push({ want: label[i - 1]!, got: read[j - 1]! });
      i--;
      j--;
    } else if (i > 0 && d[i]![j] === d[i - 1]![j]! + 1) {
      edits.push({ want: label[i - 1]!, got: '' });
      i--;
    } else {
      edits.push({ want: '', got: read[j - 1]! });
      j--;
    }
  }
  return edits.reverse();
}

/** Counts edits over (label, read) pairs, most frequent first. A missing read counts as no edits. */
export function confusionCounts(
  pairs: readonly { label: string; read: string }[],
): { want: string; got: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const p of pairs) {
    if (!p.read) continue;
    for (const e of charEdits(p.label, p.read)) {
      const k = `${e.want}\u0000${e.got}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .map(([k, count]) => {
      const [want, got] = k.split('\u0000') as [string, string];
      return { want, got, count };
    })
    .sort((a, b) => b.count - a.count || (a.want + a.got).localeCompare(b.want + b.got));
}

/** "M→H", "∅→B" (extra B), "I→∅" (dropped I). */
export function formatEdit(e: { want: string; got: string }): string {
  return `${e.want || '∅'}→${e.got || '∅'}`;
}

/**
 * Groups plate texts that are one substitution apart (so a misread label of one car and its true
 * text fall in the same group); the key is the group's alphabetically first text.
 */
export function plateGroups(texts: readonly string[]): Map<string, string> {
  const uniq = [...new Set(texts)].sort();
  const parent = new Map(uniq.map((t) => [t, t]));
  const find = (t: string): string => {
    let r = t;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(t, r);
    return r;
  };
  const oneSub = (a: string, b: string): boolean => {
    if (a.length !== b.length) return false;
    let diff = 0;
    for (let i = 0; i < a.length && diff < 2; i++) if (a[i] !== b[i]) diff++;
    return diff <= 1;
  };
  for (let i = 0; i < uniq.length; i++)
    for (let j = i + 1; j < uniq.length; j++)
      if (oneSub(uniq[i]!, uniq[j]!)) {
        const a = find(uniq[i]!);
        const b = find(uniq[j]!);
        if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
      }
  return new Map(uniq.map((t) => [t, find(t)]));
}

/**
 * Deterministic split BY PLATE TEXT: true = in the `frac` part. Same rule as the Python training
 * split (sha1 of "seed:groupKey", first 8 hex digits as a fraction of 0xFFFFFFFF).
 */
export function inSplit(groupKey: string, seed: string | number, frac: number): boolean {
  const h = createHash('sha1').update(`${seed}:${groupKey}`).digest('hex').slice(0, 8);
  return parseInt(h, 16) / 0xffffffff < frac;
}
