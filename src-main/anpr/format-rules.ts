/**
 * Site-configurable plate formats and the choice of the best format-valid reading (pure).
 *
 * Why: OCR confuses look-alike glyphs (0/O, 1/I, 8/B …), and on many plates the shape alone cannot
 * tell them apart — the position can. A format says which slots are letters (L), digits (N) or
 * either (A); a look-alike swap is applied ONLY where the slot requires the other class, and is
 * scored from the OCR's own probabilities so a real letter/digit alternative can still win.
 *
 * Pattern syntax: L / N / A, each optionally followed by `{m}`, `{m,n}` or `?`; `( … )` groups take
 * the same quantifiers. Example: RO "L{1,2}N{2,3}LLL".
 */
import { LOOKALIKE_PAIRS } from '../../src-shared/domain/lookalikes';
import type { CharCandidate, OcrPosition } from './ctc';
import { FOREIGN_FORMATS } from './foreign-formats';

export type SlotClass = 'L' | 'N' | 'A';

export interface PlateFormat {
  id: string;
  /** Region/country code used to enable formats per site ("br", "ro", "eu", "us" …). */
  region: string;
  description: string;
  /** Any pattern matching is a fit (countries with several layouts list them all). */
  patterns: string[];
  minDigits?: number;
  minLetters?: number;
  /**
   * Ranking weight (default 1). Catch-all formats get less so a specific format that fits with a
   * swap still beats "anything with a digit".
   */
  prior?: number;
}

export const DEFAULT_FORMATS: readonly PlateFormat[] = [
  {
    id: 'br-mercosur',
    region: 'br',
    description: 'Brazil Mercosur ABC1D23',
    patterns: ['LLLNLNN'],
  },
  { id: 'br-old', region: 'br', description: 'Brazil pre-Mercosur ABC1234', patterns: ['LLLNNNN'] },
  {
    id: 'ro',
    region: 'ro',
    description: 'Romania B 123 ABC / CJ 12 ABC',
    patterns: ['L{1,2}N{2,3}LLL'],
  },
  {
    id: 'de',
    region: 'de',
    description: 'Germany-like M AB 1234 (+E/H)',
    patterns: ['L{1,3}L{1,2}N{1,4}(L)?'],
  },
  { id: 'fr', region: 'fr', description: 'France SIV AB-123-CD', patterns: ['LLNNNLL'] },
  { id: 'it', region: 'it', description: 'Italy AB 123 CD', patterns: ['LLNNNLL'] },
  { id: 'es', region: 'es', description: 'Spain 1234 BCD', patterns: ['NNNNLLL'] },
  {
    id: 'pl',
    region: 'pl',
    description: 'Poland WA 12345 / KR 1ABC',
    patterns: ['L{2,3}A{4,5}'],
    minDigits: 1,
  },
  {
    id: 'nl',
    region: 'nl',
    description: 'Netherlands sidecodes 1-11',
    patterns: [
      'LLNNNN',
      'NNNNLL',
      'NNLLNN',
      'LLNNLL',
      'LLLLNN',
      'NNLLLL',
      'NNLLLN',
      'NLLLNN',
      'LLNNNL',
      'LNNNLL',
      'LLLNNL',
      'NLLNNN',
      'NNNLLN',
    ],
  },
  {
    id: 'us-generic',
    region: 'us',
    description: 'US generic: 2–8 alphanumerics with a digit',
    patterns: ['A{2,8}'],
    minDigits: 1,
    prior: 0.5,
  },
];

export interface FormatRulesConfig {
  /** Format ids or regions to enable; default: all formats. */
  enabled?: readonly string[];
  /**
   * Ranking weight per format id or region, e.g. { ro: 1, eu: 0.3 } for a Romanian site that
   * sometimes sees foreign cars (multiplies the format's own prior). With every format enabled and
   * equal weights, an ambiguous read can fit a foreign layout better than the local one — so a
   * site should enable or weight its own region(s).
   */
  priors?: Readonly<Record<string, number>>;
  /** Replaces the built-in list. */
  formats?: readonly PlateFormat[];
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

/**
 * When a site-format correction may replace the raw OCR read. A correction is taken only when the
 * raw read fits none of the known foreign layouts (foreign-formats.ts, and the built-in European
 * formats a European site did not enable) and every changed character is one the OCR was not sure
 * of, replaced by a look-alike (LOOKALIKE_PAIRS) or by the OCR's own runner-up there; otherwise the
 * raw read is kept as a read that fits no site format, and the best site-format reading becomes
 * its first alternate (the cashier still sees it).
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

const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';
const isLetter = (ch: string): boolean => ch >= 'A' && ch <= 'Z';

/** Expands a pattern into every concrete slot-class sequence it allows. */
export function expandPattern(pattern: string): SlotClass[][] {
  let pos = 0;
  const seq = (): string[] => {
    let acc = [''];
    while (pos < pattern.length && pattern[pos] !== ')') {
      let atom: string[];
      const ch = pattern[pos]!;
      if (ch === '(') {
        pos++;
        atom = seq();
        if (pattern[pos] !== ')') throw new Error(`pattern "${pattern}": missing ")"`);
        pos++;
      } else if (ch === 'L' || ch === 'N' || ch === 'A') {
        atom = [ch];
        pos++;
      } else if (ch === ' ' || ch === '-') {
        pos++; // separators are allowed for readability and ignored
        continue;
      } else {
        throw new Error(`pattern "${pattern}": unexpected "${ch}" at ${pos}`);
      }
      const [min, max] = quantifier();
      const reps: string[] = [];
      for (let k = min; k <= max; k++) reps.push(...repeat(atom, k));
      acc = acc.flatMap((a) => reps.map((r) => a + r));
      if (acc.length > 5000) throw new Error(`pattern "${pattern}" expands to too many layouts`);
    }
    return acc;
  };
  const quantifier = (): [number, number] => {
    if (pattern[pos] === '?') {
      pos++;
      return [0, 1];
    }
    if (pattern[pos] !== '{') return [1, 1];
    const end = pattern.indexOf('}', pos);
    const m = /^(\d+)(?:,(\d+))?$/.exec(pattern.slice(pos + 1, end));
    if (end < 0 || !m) throw new Error(`pattern "${pattern}": bad quantifier at ${pos}`);
    pos = end + 1;
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    return [lo, hi];
  };
  const out = seq();
  if (pos !== pattern.length) throw new Error(`pattern "${pattern}": unbalanced ")"`);
  return [...new Set(out)].map((s) => [...s] as SlotClass[]);
}

function repeat(atom: string[], k: number): string[] {
  let acc = [''];
  for (let i = 0; i < k; i++) acc = acc.flatMap((a) => atom.map((b) => a + b));
  return acc;
}

/** Does `text` (already uppercase A–Z0–9) fit the format exactly, with no swaps? */
export function fitsFormat(text: string, format: PlateFormat): boolean {
  return (
    countOk(text, format) &&
    compiled(format).some(
      (layout) =>
        layout.length === text.length && layout.every((cls, i) => slotAccepts(cls, text[i]!)),
    )
  );
}

function slotAccepts(cls: SlotClass, ch: string): boolean {
  return cls === 'A' ? isDigit(ch) || isLetter(ch) : cls === 'L' ? isLetter(ch) : isDigit(ch);
}

function countOk(text: string, f: PlateFormat): boolean {
  const digits = [...text].filter(isDigit).length;
  return digits >= (f.minDigits ?? 0) && text.length - digits >= (f.minLetters ?? 0);
}

const layoutCache = new Map<string, SlotClass[][]>();
function compiled(f: PlateFormat): SlotClass[][] {
  const key = f.patterns.join('|');
  let layouts = layoutCache.get(key);
  if (!layouts) {
    layouts = f.patterns.flatMap(expandPattern);
    layoutCache.set(key, layouts);
  }
  return layouts;
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
    config.foreignGuard === false ? ranked : guardedChoices(ranked, positions, config);
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

const LOOKALIKE = new Set(LOOKALIKE_PAIRS.flatMap(([d, l]) => [d + l, l + d]));

/** The format fits the foreign guard lets through, best first (see ForeignGuard). */
function guardedChoices(
  ranked: readonly Scored[],
  positions: readonly OcrPosition[],
  config: FormatRulesConfig,
): Scored[] {
  const guard = config.foreignGuard || {};
  const maxCorrections = guard.maxCorrections ?? 2;
  const sure = guard.sureCharProb ?? 0.99;
  const rawText = positions.map((p) => p.char).join('');
  const foreign = guard.foreignFormats ?? foreignFormatsNear(config);
  // Layouts with either-class slots (Poland's, Sweden's) accept a look-alike either way, so
  // fitting one is no evidence against a swap.
  const rawIsForeign = foreign.some(
    (f) => !f.patterns.some((pt) => pt.includes('A')) && fitsFormat(rawText, f),
  );
  return ranked.filter((s) => {
    if (s.text === rawText) return true;
    if (rawIsForeign) return false;
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
export function foreignFormatsNear(config: FormatRulesConfig = {}): PlateFormat[] {
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

/**
 * Region groups usable in `enabled` next to format ids and regions, for mixed sets and sites that
 * see cars from a whole continent: `eu`/`europe` = every European format, `brazil` = br,
 * `all`/`world` = every format.
 */
export const REGION_GROUPS: Readonly<Record<string, readonly string[]>> = {
  eu: ['ro', 'de', 'fr', 'it', 'es', 'pl', 'nl'],
  europe: ['ro', 'de', 'fr', 'it', 'es', 'pl', 'nl'],
  brazil: ['br'],
};

export function enabledFormats(config: FormatRulesConfig = {}): PlateFormat[] {
  const all = config.formats ?? DEFAULT_FORMATS;
  const given = config.enabled;
  if (!given || given.some((k) => k === 'all' || k === 'world')) return [...all];
  const on = given.flatMap((k) =>
    all.some((f) => f.id === k || f.region === k) ? [k] : (REGION_GROUPS[k] ?? [k]),
  );
  const unknown = on.filter((k) => !all.some((f) => f.id === k || f.region === k));
  if (unknown.length) throw new Error(`unknown plate format/region: ${unknown.join(', ')}`);
  return all.filter((f) => on.includes(f.id) || on.includes(f.region));
}

/** Builds OCR positions from a plain string (tests, manual entry). */
export function positionsFromText(text: string, prob = 1): OcrPosition[] {
  return [...text].map((char) => ({ char, prob, candidates: [{ char, prob }] }));
}

/**
 * Shortest text any enabled format accepts. Shorter OCR output (e.g. "J" or "60" read off a grille
 * the detector mistook for a plate) cannot be a plate of this site and is dropped by the reader.
 */
export function minPlateLength(config: FormatRulesConfig = {}): number {
  const lengths = enabledFormats(config).flatMap((f) => compiled(f).map((l) => l.length));
  return lengths.length ? Math.min(...lengths) : 1;
}
