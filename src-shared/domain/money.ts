/** Money is always an integer count of minor units (cents, bani). */
export type Minor = number;

/** Formats minor units for display, e.g. 1250 RON -> "12.50 RON". Never parses back. */
export function formatMoney(amount: Minor, currency: string, minorDigits = 2): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const factor = 10 ** minorDigits;
  const major = Math.floor(abs / factor);
  const rest = String(abs % factor).padStart(minorDigits, '0');
  return `${sign}${major}${minorDigits > 0 ? '.' + rest : ''} ${currency}`;
}

/** Parses a cashier-typed amount ("12", "12.5", "12,50") into minor units without floats. */
export function parseMoney(text: string, minorDigits = 2): Minor | null {
  const m = /^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  const frac = (m[2] ?? '').padEnd(minorDigits, '0').slice(0, minorDigits);
  return Number(m[1]) * 10 ** minorDigits + (frac ? Number(frac) : 0);
}
