/**
 * Plate formats: the built-in layouts, the pattern language and which formats a site enables
 * (pure). Used by the format rules (format-rules.ts) and the foreign-car guard (foreign-guard.ts).
 *
 * Pattern syntax: L / N / A, each optionally followed by `{m}`, `{m,n}` or `?`; `( … )` groups take
 * the same quantifiers. Example: RO "L{1,2}N{2,3}LLL".
 */

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

/** Which formats a site enables (FormatRulesConfig's `enabled` and `formats`). */
export interface FormatSelection {
  /** Format ids or regions to enable; default: all formats. */
  enabled?: readonly string[];
  /** Replaces the built-in list. */
  formats?: readonly PlateFormat[];
}

export const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';
export const isLetter = (ch: string): boolean => ch >= 'A' && ch <= 'Z';

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

export function slotAccepts(cls: SlotClass, ch: string): boolean {
  return cls === 'A' ? isDigit(ch) || isLetter(ch) : cls === 'L' ? isLetter(ch) : isDigit(ch);
}

export function countOk(text: string, f: PlateFormat): boolean {
  const digits = [...text].filter(isDigit).length;
  return digits >= (f.minDigits ?? 0) && text.length - digits >= (f.minLetters ?? 0);
}

const layoutCache = new Map<string, SlotClass[][]>();
export function compiled(f: PlateFormat): SlotClass[][] {
  const key = f.patterns.join('|');
  let layouts = layoutCache.get(key);
  if (!layouts) {
    layouts = f.patterns.flatMap(expandPattern);
    layoutCache.set(key, layouts);
  }
  return layouts;
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

export function enabledFormats(config: FormatSelection = {}): PlateFormat[] {
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

/**
 * Shortest text any enabled format accepts. Shorter OCR output (e.g. "J" or "60" read off a grille
 * the detector mistook for a plate) cannot be a plate of this site and is dropped by the reader.
 */
export function minPlateLength(config: FormatSelection = {}): number {
  const lengths = enabledFormats(config).flatMap((f) => compiled(f).map((l) => l.length));
  return lengths.length ? Math.min(...lengths) : 1;
}
