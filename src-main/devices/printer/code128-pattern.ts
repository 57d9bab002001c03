/**
 * Code 128 (code set B) bar/space widths, so the simulator's PNG shows a scannable barcode like
 * the printer would print. Each symbol is six widths (bar, space, ...) totalling 11 modules.
 */

// prettier-ignore
const PATTERNS = (
  '212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 ' +
  '221312 231212 112232 122132 122231 113222 123122 123221 223211 221132 ' +
  '221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 ' +
  '212123 212321 232121 111323 131123 131321 112313 132113 132311 211313 ' +
  '231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 ' +
  '231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 ' +
  '314111 221411 431111 111224 111422 121124 121421 141122 141221 112214 ' +
  '112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 ' +
  '111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 ' +
  '214121 412121 111143 111341 131141 114113 114311 411113 411311 113141 ' +
  '114131 311141 411131 211412 211214 211232'
).split(' ');
const START_B = 104;
const STOP = '2331112'; // stop symbol plus its 2-module termination bar

/**
 * Module widths (alternating bar, space, starting with a bar) for `data` in code set B,
 * including start, checksum and stop. Characters outside 0x20-0x7F are skipped.
 */
export function code128Widths(data: string): number[] {
  const values = Array.from(data, (c) => c.charCodeAt(0) - 32).filter((v) => v >= 0 && v < 96);
  const checksum = values.reduce((sum, value, i) => sum + value * (i + 1), START_B) % 103;
  const symbols = [START_B, ...values, checksum].map((v) => PATTERNS[v] ?? '');
  return [...symbols, STOP].flatMap((pattern) => Array.from(pattern, Number));
}
