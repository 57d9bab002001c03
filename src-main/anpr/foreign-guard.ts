/**
 * The foreign-car guard of the format rules (pure): whether a site-format correction may replace
 * the raw OCR read, or the read is a foreign plate (or too far from a site format) and is kept.
 */
import { LOOKALIKE_PAIRS } from '../../src-shared/domain/lookalikes';
import type { OcrPosition } from './ctc';
import { FOREIGN_FORMATS } from './foreign-formats';
import {
  DEFAULT_FORMATS,
  REGION_GROUPS,
  enabledFormats,
  fitsFormat,
  type FormatSelection,
  type PlateFormat,
} from './plate-formats';

/**
 * When a site-format correction may replace the raw OCR read. A correction is taken only when the
 * raw read fits none of the known foreign layouts (foreign-formats.ts, and the built-in European
 * formats a European site did not enable) and every changed character is one the OCR was not sure
 * of, replaced by a look-alike (LOOKALIKE_PAIRS) or by the OCR's own runner-up there, into a format
 * that is not a catch-all (US generic); otherwise the raw read is kept as a read that fits no site
 * format, and the best site-format reading becomes its first alternate (the cashier still sees it).
 */
export interface ForeignGuard {
  /** Most characters a correction may change (default 2). */
  maxCorrections: number;
  /**
   * A character read with at least this probability is not swapped (default 0.99): the OCR was
   * sure, so a different glyph is likelier a foreign layout than a misread.
   */
  sureCharProb: number;
  /** Layouts recognised as foreign plates (default: FOREIGN_FORMATS near the site's formats). */
  foreignFormats?: readonly PlateFormat[];
}

const LOOKALIKE = new Set(LOOKALIKE_PAIRS.flatMap(([d, l]) => [d + l, l + d]));

/** The format fits the foreign guard lets through, best first (see ForeignGuard). */
export function guardedChoices<T extends { text: string; format: string }>(
  ranked: readonly T[],
  positions: readonly OcrPosition[],
  config: FormatSelection,
  guard: Partial<ForeignGuard> = {},
): T[] {
  const maxCorrections = guard.maxCorrections ?? 2;
  const sure = guard.sureCharProb ?? 0.99;
  const rawText = positions.map((p) => p.char).join('');
  const foreign = guard.foreignFormats ?? foreignFormatsNear(config);
  // Layouts with either-class slots (Poland's, Sweden's) accept a look-alike either way, so
  // fitting one is no evidence against a swap.
  const rawIsForeign = foreign.some(
    (f) => !f.patterns.some((pt) => pt.includes('A')) && fitsFormat(rawText, f),
  );
  // A catch-all (prior < 1, e.g. US generic: any 2–8 characters with a digit) says nothing about
  // which slot holds what, so it accepts a read as it is but never justifies changing one.
  const catchAll = new Set(
    (config.formats ?? DEFAULT_FORMATS).filter((f) => (f.prior ?? 1) < 1).map((f) => f.id),
  );
  return ranked.filter((s) => {
    if (s.text === rawText) return true;
    if (rawIsForeign || catchAll.has(s.format)) return false;
    let changes = 0;
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i]!;
      if (s.text[i] === p.char) continue;
      const ch = s.text[i]!;
      const proposed = LOOKALIKE.has(p.char + ch) || p.candidates.some((c) => c.char === ch);
      if (++changes > maxCorrections || p.prob >= sure || !proposed) return false;
    }
    return true;
  });
}

/**
 * The foreign layouts a site with these formats recognises: the European ones where any European
 * format is enabled, all of them where every format is; never a layout of an enabled region.
 */
export function foreignFormatsNear(config: FormatSelection = {}): PlateFormat[] {
  const enabled = enabledFormats(config);
  const regions = new Set(enabled.map((f) => f.region));
  const all = (config.formats ?? DEFAULT_FORMATS).every((f) => regions.has(f.region));
  const EUROPEAN = new Set(REGION_GROUPS.eu);
  const european = enabled.some((f) => EUROPEAN.has(f.region));
  // A European site also knows the built-in European formats it did not enable (a Romanian site
  // recognises a German plate); catch-alls (prior < 1) would fit nearly anything.
  const builtIn: PlateFormat[] = european
    ? DEFAULT_FORMATS.filter((f) => EUROPEAN.has(f.region) && (f.prior ?? 1) >= 1)
    : [];
  return [
    ...builtIn,
    ...FOREIGN_FORMATS.filter((f) => all || (european && f.near === 'europe')),
  ].filter((f) => !regions.has(f.region));
}
