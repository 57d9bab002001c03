/** Series colours that read on the console's dark panels. */
export const PALETTE = [
  '#4da3ff',
  '#f5b041',
  '#58d68d',
  '#ec7063',
  '#af7ac5',
  '#48c9b0',
  '#f4d03f',
];

/**
 * Long rows (one per day and series) as recharts wants them: one row per key with a field per
 * series, and the series' names in first-seen order.
 */
export function pivot<R>(
  rows: readonly R[],
  keyOf: (r: R) => string,
  seriesOf: (r: R) => string,
  valueOf: (r: R) => number,
): { rows: Record<string, string | number>[]; series: string[] } {
  const byKey = new Map<string, Record<string, string | number>>();
  const series: string[] = [];
  for (const r of rows) {
    const key = keyOf(r);
    const name = seriesOf(r);
    if (!series.includes(name)) series.push(name);
    let row = byKey.get(key);
    if (!row) byKey.set(key, (row = { key }));
    row[name] = ((row[name] as number | undefined) ?? 0) + valueOf(r);
  }
  return { rows: [...byKey.values()], series };
}
