import type { CatalogueText } from '../contract/result';
import { FOLD_TO_DIGIT } from './lookalikes';
/**
 * Plate text rules shared by search, reads and corrections.
 * Plates are stored normalised: uppercase A-Z and 0-9, no spaces or dashes.
 */
export const PLATE_MIN = 2;
export const PLATE_MAX = 10;

/** A refused plate says why in English (`message`) and as a catalogue text for the console. */
export type PlateCheck =
  { ok: true; plate: string } | { ok: false; message: string; text: CatalogueText };

export function normalizePlate(raw: string): PlateCheck {
  const compact = raw.toUpperCase().replace(/[\s\-.·]/g, '');
  if (compact.length === 0) {
    return { ok: false, message: 'Enter a plate.', text: { key: 'refusal.plateEmpty' } };
  }
  if (!/^[A-Z0-9]+$/.test(compact)) {
    return {
      ok: false,
      message: 'A plate may contain only letters A-Z and digits.',
      text: { key: 'refusal.plateCharacters' },
    };
  }
  if (compact.length < PLATE_MIN || compact.length > PLATE_MAX) {
    const params = { min: PLATE_MIN, max: PLATE_MAX };
    return {
      ok: false,
      message: `A plate has ${PLATE_MIN} to ${PLATE_MAX} letters and digits.`,
      text: { key: 'refusal.plateLength', params },
    };
  }
  return { ok: true, plate: compact };
}

/**
 * Folds look-alike letters onto digits (src-shared/domain/lookalikes.ts) so that "B0123" finds
 * "8O123". The same folding is stored per session (plate_canon) so look-alike lookups use an
 * index.
 */
export function canonicalPlate(plate: string): string {
  let out = '';
  for (const ch of plate) out += FOLD_TO_DIGIT[ch] ?? ch;
  return out;
}

// Scratch rows reused across calls: search scores thousands of plates per keystroke.
let prevRow = new Int32Array(16);
let curRow = new Int32Array(16);

/** Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  if (prevRow.length <= n) {
    prevRow = new Int32Array(n + 1);
    curRow = new Int32Array(n + 1);
  }
  let prev = prevRow;
  let cur = curRow;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[n]!;
}

/** How many edits a fuzzy match may need: short queries must be nearly exact. */
export function fuzzyBudget(length: number): number {
  return length <= 4 ? 0 : length <= 8 ? 1 : 2;
}

export type PlateMatch = { kind: 'exact' | 'lookalike' | 'partial' | 'fuzzy'; distance: number };

/**
 * Classifies how stored plates answer one query; null when one does not. Lower distance ranks
 * first. Built once per search so the query is folded once, not once per candidate.
 */
export function plateMatcher(
  query: string,
): (plate: string, plateCanon?: string) => PlateMatch | null {
  const qc = canonicalPlate(query);
  const budget = fuzzyBudget(qc.length);
  return (plate, pc = canonicalPlate(plate)) => {
    if (plate === query) return { kind: 'exact', distance: 0 };
    if (pc === qc) return { kind: 'lookalike', distance: 1 };
    if (qc.length >= 2 && pc.includes(qc)) {
      return { kind: 'partial', distance: 2 + (pc.length - qc.length) / 100 };
    }
    if (budget === 0) return null;
    const d = editDistance(qc, pc, budget);
    return d <= budget ? { kind: 'fuzzy', distance: 3 + d } : null;
  };
}

export function matchPlate(query: string, plate: string): PlateMatch | null {
  return plateMatcher(query)(plate);
}
