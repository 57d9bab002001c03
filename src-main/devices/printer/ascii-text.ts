/**
 * Text preparation for receipt printers: plain printable ASCII only, because code pages differ
 * between printer models and a stray control byte in a plate or name would be read as a command.
 */

const REPLACEMENTS: Record<string, string> = {
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  ß: 'ss',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ł: 'l',
  Ł: 'L',
  þ: 'th',
  Þ: 'TH',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '–': '-',
  '—': '-',
  '−': '-',
  '…': '...',
  '•': '*',
  '×': 'x',
  '\u00a0': ' ',
};

/** Transliterates to printable ASCII (0x20-0x7E): accents dropped, the rest becomes '?'. */
export function toPrintableAscii(text: string): string {
  let out = '';
  for (const char of text.normalize('NFKD')) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x20 && code <= 0x7e) out += char;
    else if (code >= 0x300 && code <= 0x36f)
      continue; // combining accent left by NFKD
    else if (char === '\t') out += ' ';
    else if (code < 0x20 || code === 0x7f)
      continue; // control characters never reach the printer
    else out += REPLACEMENTS[char] ?? '?';
  }
  return out;
}

/** Word-wraps to `width` columns, breaking words longer than a line. Always returns >= 1 line. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/ +/).filter((w) => w.length > 0)) {
    let rest = word;
    while (rest.length > 0) {
      const room = current.length === 0 ? width : width - current.length - 1;
      if (rest.length <= room) {
        current = current.length === 0 ? rest : `${current} ${rest}`;
        rest = '';
      } else if (current.length > 0) {
        lines.push(current);
        current = '';
      } else {
        lines.push(rest.slice(0, width));
        rest = rest.slice(width);
      }
    }
  }
  if (current.length > 0 || lines.length === 0) lines.push(current);
  return lines;
}

/** Left text and right text on one line, padded apart; wraps the left part if both don't fit. */
export function twoColumns(left: string, right: string, width: number): string[] {
  if (left.length + 1 + right.length <= width) {
    return [left + ' '.repeat(width - left.length - right.length) + right];
  }
  const leftLines = wrapText(left, width);
  const last = leftLines[leftLines.length - 1] ?? '';
  if (last.length + 1 + right.length <= width) {
    leftLines[leftLines.length - 1] = last + ' '.repeat(width - last.length - right.length) + right;
    return leftLines;
  }
  return [...leftLines, ...wrapText(right, width).map((line) => line.padStart(width))];
}
