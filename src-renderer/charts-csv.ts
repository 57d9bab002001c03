/**
 * A chart's series as CSV text: pure, so it is tested under plain Node (the download itself,
 * in charts-export.ts, needs the browser).
 */

export type CsvRow = Record<string, string | number | null>;

const cell = (v: string | number | null): string => {
  const text = v === null ? '' : String(v);
  return /[",\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** RFC 4180 text: a header of the first row's keys, then one line per row. */
export function toCsv(rows: readonly CsvRow[]): string {
  if (rows.length === 0) return '';
  const keys = Object.keys(rows[0]!);
  const lines = [
    keys.map(cell).join(','),
    ...rows.map((r) => keys.map((k) => cell(r[k] ?? null)).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
