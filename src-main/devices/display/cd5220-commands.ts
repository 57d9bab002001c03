/**
 * The CD5220 command set of 2x20 customer pole displays (VFDs), the part the station uses and
 * the simulator decodes. From the CD5220 user's manual, "standard mode command list":
 *
 * | Bytes               | Command                                                      |
 * |---------------------|--------------------------------------------------------------|
 * | 1B 40               | ESC @: initialise the display (clear, cursor home)           |
 * | 0C                  | CLR: clear the screen (and leave string mode)                |
 * | 18                  | CAN: clear the cursor's line                                 |
 * | 1B 51 41 [n]x20 0D  | ESC Q A … CR: write the upper line                           |
 * | 1B 51 42 [n]x20 0D  | ESC Q B … CR: write the lower line                           |
 * | 1B 6C x y           | ESC l x y: cursor to column x (1..20), row y (1, 2)          |
 * | 0B                  | HOM: cursor home; 0D CR: start of line; 0A LF: next line     |
 * | 08 / 09             | BS / HT: cursor left / right                                 |
 * | 1B 11 / 12 / 13     | overwrite / vertical scroll / horizontal scroll mode         |
 * | 1B 2A n             | ESC * n: brightness 1..4                                     |
 * | 1B 5F n             | ESC _ n: cursor off / on                                     |
 *
 * Text is ASCII (0x20..0x7E); the code pages of displays differ, so nothing else is sent.
 */
import { toPrintableAscii } from '../printer/ascii-text';

export const DISPLAY_COLUMNS = 20;
export const DISPLAY_ROWS = 2;

export const ESC = 0x1b;
export const CLR = 0x0c;
export const CAN = 0x18;
export const CR = 0x0d;
export const LF = 0x0a;
export const HOM = 0x0b;
export const BS = 0x08;
export const HT = 0x09;

/** ESC @: initialise (clears the screen, cursor home, overwrite mode). */
export const initialise = (): Uint8Array => Uint8Array.of(ESC, 0x40);

/** CLR: clears the screen. */
export const clearScreen = (): Uint8Array => Uint8Array.of(CLR);

/** ESC l x y: moves the cursor to column x (1..20) of row y (1, 2). */
export function moveCursor(column: number, row: number): Uint8Array {
  if (!Number.isInteger(column) || column < 1 || column > DISPLAY_COLUMNS) {
    throw new RangeError(`display column must be 1..${DISPLAY_COLUMNS}, got ${column}`);
  }
  if (row !== 1 && row !== 2) throw new RangeError(`display row must be 1 or 2, got ${row}`);
  return Uint8Array.of(ESC, 0x6c, column, row);
}

/** The text as the display shows it: printable ASCII, cut or padded to 20 columns. */
export function displayText(text: string): string {
  return toPrintableAscii(text).slice(0, DISPLAY_COLUMNS).padEnd(DISPLAY_COLUMNS, ' ');
}

/** ESC Q A … CR (upper) or ESC Q B … CR (lower): writes a whole line of 20 characters. */
export function writeLine(row: 1 | 2, text: string): Uint8Array {
  const chars = Array.from(displayText(text), (c) => c.charCodeAt(0));
  return Uint8Array.of(ESC, 0x51, row === 1 ? 0x41 : 0x42, ...chars, CR);
}

/** Both lines, as one write: upper then lower. */
export function showLines(upper: string, lower: string): Uint8Array {
  const a = writeLine(1, upper);
  const b = writeLine(2, lower);
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
