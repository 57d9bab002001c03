/**
 * The choice of the best format-valid reading of an OCR read (pure).
 *
 * Why: OCR confuses look-alike glyphs (0/O, 1/I, 8/B …), and on many plates the shape alone cannot
 * tell them apart — the position can. A format (plate-formats.ts) says which slots are letters (L),
 * digits (N) or either (A); a look-alike swap is applied ONLY where the slot requires the other
 * class, and is scored from the OCR's own probabilities so a real letter/digit alternative can
 * still win. A foreign car's plate is kept as read (foreign-guard.ts).
 */
import { LOOKALIKE_PAIRS } from '../../src-shared/domain/lookalikes';
import type { CharCandidate, OcrPosition } from './ctc';
import { guardedChoices, type ForeignGuard } from './foreign-guard';
import {
  compiled,
  countOk,
  enabledFormats,
  slotAccepts,
  type FormatSelection,
  type SlotClass,
} from './plate-formats';

// The format API lives in plate-formats.ts and foreign-guard.ts; re-exported for existing callers.
export {
  DEFAULT_FORMATS,
  REGION_GROUPS,
  enabledFormats,
  expandPattern,
  fitsFormat,
  minPlateLength,
  type PlateFormat,
  type SlotClass,
} from './plate-formats';
export { foreignFormatsNear, type ForeignGuard } from './foreign-guard';

export interface FormatRulesConfig extends FormatSelection {
  /**
   * Ranking weight per format id or region, e.g. { ro: 1, eu: 0.3 } for a Romanian site that
   * sometimes sees foreign cars (multiplies the format's own prior). With every format enabled and
   * equal weights, an ambiguous read can fit a foreign layout better than the local one — so a
   * site should enable or weight its own region(s).
   */
  priors?: Readonly<Record<string, number>>;
  /** Weight of a look-alike's probability when it is swapped into the required class (default 0.9). */
  swapWeight?: number;
  /** Confidence multiplier for a read that fits no enabled format (default 0.5). */
  noFitPenalty?: number;
  /** Alternates reported (default 3). */
  maxAlternates?: number;
  /**
   * Keeps a foreign car's plate as read instead of bending it into a site format (see
   * ForeignGuard); default on with the defaults below, false = always take the best format fit.
   */
  foreignGuard?: false | Partial<ForeignGuard>;
}

export interface FormattedRead {
  text: string;
  confidence: number;
  /** Id of the format the text fits, or null when none does (raw OCR text returned). */
  format: string | null;
  rawText: string;
  /** Positions where a look-alike swap was applied. */
  swaps: number;
  alternates: { text: string; confidence: number; format: string | null }[];
}

const TWINS = new Map<string, { char: string; strength: number }[]>();
for (const [d, l, strength] of LOOKALIKE_PAIRS) {
  TWINS.set(d, [...(TWINS.get(d) ?? []), { char: l, strength }]);
  TWINS.set(l, [...(TWINS.get(l) ?? []), { char: d, strength }]);
}

interface SlotOption {
  char: string;
  prob: number;
  swapped: boolean;
}

/**
 * The characters a slot of class `cls` can hold, scored from the OCR candidates: a char of the
 * right class keeps its probability; a look-alike of the wrong class adds swapWeight·strength·p to
 * its twin(s).
 */
export function slotOptions(
  cands: readonly CharCandidate[],
  cls: SlotClass,
  swapWeight: number,
): SlotOption[] {
  const own = new Map<string, number>();
  const swappedIn = new Map<string, number>();
  for (const c of cands) {
    if (slotAccepts(cls, c.char)) {
      own.set(c.char, Math.max(own.get(c.char) ?? 0, c.prob));
    } else {
      // TWINS of a digit are letters and vice versa, so they always suit this slot.
      for (const t of TWINS.get(c.char) ?? []) {
        swappedIn.set(t.char, (swappedIn.get(t.char) ?? 0) + swapWeight * t.strength * c.prob);
      }
    }
  }
  const chars = new Set([...own.keys(), ...swappedIn.keys()]);
  return [...chars]
    .map((char) => {
      const p = own.get(char) ?? 0;
      const s = swappedIn.get(char) ?? 0;
      return { char, prob: Math.min(1, p + s), swapped: s > p };
    })
    .sort((a, b) => b.prob - a.prob);
}

interface Scored {
  text: string;
  confidence: number;
  rank: number;
  format: string;
  swaps: number;
}

/** Picks the best reading that fits an enabled format (see file comment). */
export function applyFormatRules(
  ocr: { positions: readonly OcrPosition[] },
  config: FormatRulesConfig = {},
): FormattedRead {
  const swapWeight = config.swapWeight ?? 0.9;
  const maxAlt = config.maxAlternates ?? 3;
  const formats = enabledFormats(config);
  const positions = ocr.positions;
  const rawText = positions.map((p) => p.char).join('');
  const rawConf = positions.length ? positions.reduce((a, p) => a * p.prob, 1) : 0;
  const n = positions.length;

  const found: Scored[] = [];
  for (const f of formats) {
    const prior = (f.prior ?? 1) * (config.priors?.[f.id] ?? config.priors?.[f.region] ?? 1);
    for (const layout of compiled(f)) {
      if (layout.length !== n || n === 0) continue;
      const options = layout.map((cls, i) =>
        slotOptions(positions[i]!.candidates, cls, swapWeight),
      );
      if (options.some((o) => o.length === 0)) continue;
      // Best string, then each single-position runner-up (the usual shape of a near miss).
      const variants: SlotOption[][] = [options.map((o) => o[0]!)];
      options.forEach((o, i) => {
        for (const alt of o.slice(1, 3)) {
          const v = options.map((x) => x[0]!);
          v[i] = alt;
          variants.push(v);
        }
      });
      for (const v of variants) {
        const text = v.map((o) => o.char).join('');
        if (!countOk(text, f)) continue;
        const confidence = v.reduce((a, o) => a * o.prob, 1);
        found.push({
          text,
          confidence,
          rank: confidence * prior,
          format: f.id,
          swaps: v.filter((o) => o.swapped).length,
        });
      }
    }
  }
  if (found.length === 0) {
    return {
      text: rawText,
      confidence: rawConf * (config.noFitPenalty ?? 0.5),
      format: null,
      rawText,
      swaps: 0,
      alternates: [],
    };
  }
  // Keep the best-ranked entry per text; ties keep the earlier (site-preferred) format.
  const byText = new Map<string, Scored>();
  for (const s of found) {
    const prev = byText.get(s.text);
    if (!prev || s.rank > prev.rank) byText.set(s.text, s);
  }
  const ranked = [...byText.values()].sort((a, b) => b.rank - a.rank);
  const allowed =
    config.foreignGuard === false
      ? ranked
      : guardedChoices(ranked, positions, config, config.foreignGuard);
  const best = allowed[0];
  if (!best) {
    return {
      text: rawText,
      confidence: rawConf * (config.noFitPenalty ?? 0.5),
      format: null,
      rawText,
      swaps: 0,
      alternates: ranked
        .slice(0, maxAlt)
        .map((s) => ({ text: s.text, confidence: s.confidence, format: s.format })),
    };
  }
  return {
    text: best.text,
    confidence: best.confidence,
    format: best.format,
    rawText,
    swaps: best.swaps,
    alternates: ranked
      .filter((s) => s !== best)
      .slice(0, maxAlt)
      .map((s) => ({ text: s.text, confidence: s.confidence, format: s.format })),
  };
}

/** Builds OCR positions from a plain string (tests, manual entry). */
export function positionsFromText(text: string, prob = 1): OcrPosition[] {
  return [...text].map((char) => ({ char, prob, candidates: [{ char, prob }] }));
}
