/**
 * Decodes a CD5220 command stream (see ./cd5220-commands) into what a 2x20 display shows: two
 * lines of 20 characters and the cursor. Bytes may arrive split anywhere; an incomplete command
 * waits for the rest. Used by the pole display simulator, whose state tests read.
 */
import {
  BS,
  CAN,
  CLR,
  CR,
  DISPLAY_COLUMNS,
  DISPLAY_ROWS,
  ESC,
  HOM,
  HT,
  LF,
} from './cd5220-commands';

export interface Cd5220Counters {
  /** ESC @ received. */
  initialised: number;
  /** ESC Q A / ESC Q B lines written. */
  linesWritten: number;
  /** Bytes that are no command this decoder knows (ignored, as a display ignores them). */
  unknown: number;
}

/** ESC + one of these takes one argument byte (brightness, cursor, peripheral, fonts…). */
const ONE_ARGUMENT = new Set([0x2a, 0x5f, 0x3d, 0x66, 0x63, 0x23, 0x3f, 0x25]);
/** ESC + one of these stands alone (scroll modes). */
const NO_ARGUMENT = new Set([0x11, 0x12, 0x13]);
/** The longest line command we wait for before calling it garbage (ESC Q D allows 40). */
const MAX_STRING = 40;

export class Cd5220Decoder {
  readonly counters: Cd5220Counters = { initialised: 0, linesWritten: 0, unknown: 0 };
  private screen: string[][] = blank();
  private col = 0;
  private row = 0;
  private buf: number[] = [];

  /** The two lines as shown, 20 characters each. */
  get lines(): [string, string] {
    return [this.screen[0]!.join(''), this.screen[1]!.join('')];
  }

  /** Cursor position, 1-based as ESC l x y counts: column 1..20, row 1..2. */
  get cursor(): { column: number; row: number } {
    return { column: this.col + 1, row: this.row + 1 };
  }

  push(chunk: Uint8Array): void {
    this.buf.push(...chunk);
    let i = 0;
    while (i < this.buf.length) {
      const used = this.step(i);
      if (used === 0) break; // incomplete: wait for more bytes
      i += used;
    }
    this.buf = this.buf.slice(i);
  }

  /** Decodes one command at `i`; returns the bytes it took, or 0 if it is not complete yet. */
  private step(i: number): number {
    const b = this.buf;
    const byte = b[i]!;
    if (byte >= 0x20 && byte <= 0x7e) {
      this.put(String.fromCharCode(byte));
      return 1;
    }
    switch (byte) {
      case CLR:
        this.clear();
        return 1;
      case CAN:
        this.screen[this.row] = blankLine();
        this.col = 0;
        return 1;
      case HOM:
        this.col = 0;
        this.row = 0;
        return 1;
      case CR:
        this.col = 0;
        return 1;
      case LF:
        this.row = (this.row + 1) % DISPLAY_ROWS;
        return 1;
      case BS:
        this.col = Math.max(0, this.col - 1);
        return 1;
      case HT:
        this.col = Math.min(DISPLAY_COLUMNS - 1, this.col + 1);
        return 1;
      case ESC:
        return this.escape(i);
      default:
        this.counters.unknown++;
        return 1;
    }
  }

  private escape(i: number): number {
    const b = this.buf;
    if (i + 1 >= b.length) return 0;
    const cmd = b[i + 1]!;
    if (cmd === 0x40) {
      this.counters.initialised++;
      this.clear();
      return 2;
    }
    if (NO_ARGUMENT.has(cmd)) return 2;
    if (ONE_ARGUMENT.has(cmd)) return i + 2 < b.length ? 3 : 0;
    if (cmd === 0x6c) return this.cursorTo(i);
    if (cmd === 0x5b) return this.cursorKey(i);
    if (cmd === 0x51) return this.stringLine(i);
    this.counters.unknown += 2;
    return 2;
  }

  /** ESC l x y */
  private cursorTo(i: number): number {
    if (i + 3 >= this.buf.length) return 0;
    const x = this.buf[i + 2]!;
    const y = this.buf[i + 3]!;
    if (x >= 1 && x <= DISPLAY_COLUMNS && (y === 1 || y === 2)) {
      this.col = x - 1;
      this.row = y - 1;
    } else {
      this.counters.unknown += 4;
    }
    return 4;
  }

  /** ESC [ D/C/A/B/H/L/R/K */
  private cursorKey(i: number): number {
    if (i + 2 >= this.buf.length) return 0;
    const key = String.fromCharCode(this.buf[i + 2]!);
    const moves: Record<string, () => void> = {
      D: () => (this.col = Math.max(0, this.col - 1)),
      C: () => (this.col = Math.min(DISPLAY_COLUMNS - 1, this.col + 1)),
      A: () => (this.row = 0),
      B: () => (this.row = 1),
      H: () => ((this.col = 0), (this.row = 0)),
      L: () => (this.col = 0),
      R: () => (this.col = DISPLAY_COLUMNS - 1),
      K: () => (this.row = DISPLAY_ROWS - 1),
    };
    const move = moves[key];
    if (move) move();
    else this.counters.unknown += 3;
    return 3;
  }

  /** ESC Q A … CR (upper line), ESC Q B … CR (lower line), ESC Q D … CR (upper, scrolling). */
  private stringLine(i: number): number {
    const b = this.buf;
    if (i + 2 >= b.length) return 0;
    const which = b[i + 2]!;
    const row = which === 0x41 || which === 0x44 ? 0 : which === 0x42 ? 1 : null;
    if (row === null) {
      this.counters.unknown += 3;
      return 3;
    }
    const end = b.indexOf(CR, i + 3);
    if (end < 0) {
      if (b.length - (i + 3) > MAX_STRING) {
        this.counters.unknown += 3; // no CR in sight: not a string command after all
        return 3;
      }
      return 0;
    }
    const text = String.fromCharCode(...b.slice(i + 3, end).filter((c) => c >= 0x20 && c <= 0x7e));
    // A scrolling message would move; the simulator shows its first 20 characters.
    this.screen[row] = Array.from(text.slice(0, DISPLAY_COLUMNS).padEnd(DISPLAY_COLUMNS, ' '));
    this.counters.linesWritten++;
    return end - i + 1;
  }

  private put(char: string): void {
    this.screen[this.row]![this.col] = char;
    this.col++;
    if (this.col >= DISPLAY_COLUMNS) {
      this.col = 0;
      this.row = (this.row + 1) % DISPLAY_ROWS;
    }
  }

  private clear(): void {
    this.screen = blank();
    this.col = 0;
    this.row = 0;
  }
}

function blankLine(): string[] {
  return Array.from({ length: DISPLAY_COLUMNS }, () => ' ');
}

function blank(): string[][] {
  return Array.from({ length: DISPLAY_ROWS }, blankLine);
}
