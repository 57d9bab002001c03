/**
 * Money is always an integer count of minor units (cents, bani). It is formatted in one place,
 * in the site's locale: createFormat() in src-shared/i18n/format.ts.
 */
export type Minor = number;

/** Parses a cashier-typed amount ("12", "12.5", "12,50") into minor units without floats. */
export function parseMoney(text: string, minorDigits = 2): Minor | null {
  const m = /^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const frac = (m[2] ?? '').padEnd(minorDigits, '0').slice(0, minorDigits);
  return Number(m[1]) * 10 ** minorDigits + (frac ? Number(frac) : 0);
}
