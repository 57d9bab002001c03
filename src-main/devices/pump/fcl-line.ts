/**
 * Framing of the forecourt controller line protocol (FCL/1, see ./PROTOCOL.md): one message a
 * line, the same in both directions.
 *
 *   line  = "$" body "*" crc CR LF
 *   body  = 1..240 bytes, each printable ASCII (0x20..0x7E) other than "$"
 *   crc   = CRC-16/MODBUS of the body's bytes (reflected 0xA001, initial 0xFFFF) as four
 *           uppercase hex digits, most significant first
 *
 * "$" only ever starts a line, so a receiver finds the next line after any garbage. The crc is
 * the last five characters before the line end, so a body may hold "*" (the notification tag).
 * A lone LF ends a line as well as CR LF does.
 *
 * The decoder is pure and never throws. It skips bytes before "$" (line noise, half a line),
 * starts again at a "$" inside a line (the old line was cut short), and reports every line it
 * cannot take, with the reason, so the driver can say what went wrong on the wire. It holds at
 * most one line's worth of bytes, however much garbage it is fed.
 */
import { crc16 } from '../gate/modbus-frame';

export const LINE_START = 0x24; // $
export const CRC_MARK = 0x2a; // *
export const CR = 0x0d;
export const LF = 0x0a;
export const MAX_BODY = 240;
/** "*" and four hex digits. */
const CRC_CHARS = 5;

export function isBodyByte(byte: number): boolean {
  return byte >= 0x20 && byte <= 0x7e && byte !== LINE_START;
}

/** The four hex digits of the body's CRC. */
export function lineCrc(body: Uint8Array): string {
  return crc16(body).toString(16).toUpperCase().padStart(4, '0');
}

/** `$body*CRC\r\n`. Throws RangeError for a body the protocol cannot carry. */
export function encodeLine(body: string): Uint8Array {
  const bytes = Uint8Array.from(body, (c) => c.charCodeAt(0));
  if (bytes.length === 0 || bytes.length > MAX_BODY) {
    throw new RangeError(`an FCL line body is 1..${MAX_BODY} characters, got ${bytes.length}`);
  }
  const bad = bytes.findIndex((b) => !isBodyByte(b));
  if (bad >= 0) {
    throw new RangeError(
      `character ${JSON.stringify(body[bad])} at ${bad} is not allowed in a line`,
    );
  }
  return Uint8Array.from(`$${body}*${lineCrc(bytes)}\r\n`, (c) => c.charCodeAt(0));
}

export type BadLineReason =
  /** The CRC does not match the body: the line was damaged on the wire. */
  | 'checksum'
  /** No "*" and four hex digits before the line end. */
  | 'no-checksum'
  /** A control or non-ASCII byte inside the line. */
  | 'byte'
  /** More than MAX_BODY characters without a line end. */
  | 'too-long';

export type LineEvent =
  { kind: 'line'; body: string } | { kind: 'bad-line'; reason: BadLineReason; detail: string };

export interface LineDecoderCounters {
  lines: number;
  badLines: number;
  /** Bytes outside any line, and the bytes of lines cut short by a new "$". */
  skippedBytes: number;
}

const MAX_LINE = MAX_BODY + CRC_CHARS + 1; // + a CR

type State = 'hunting' | 'in-line' | 'skipping-overlong';

export class LineDecoder {
  readonly counters: LineDecoderCounters = { lines: 0, badLines: 0, skippedBytes: 0 };
  private readonly buffer = new Uint8Array(MAX_LINE);
  private length = 0;
  private state: State = 'hunting';

  /** Feeds bytes as they came; returns what they completed, in order. */
  push(chunk: Uint8Array): LineEvent[] {
    const events: LineEvent[] = [];
    for (const byte of chunk) {
      const event = this.step(byte);
      if (event) events.push(event);
    }
    return events;
  }

  private step(byte: number): LineEvent | null {
    switch (this.state) {
      case 'hunting':
        if (byte === LINE_START) return this.startLine();
        this.counters.skippedBytes++;
        return null;
      case 'skipping-overlong':
        if (byte === LINE_START) return this.startLine();
        if (byte === LF) this.state = 'hunting';
        this.counters.skippedBytes++;
        return null;
      case 'in-line':
        if (byte === LF) {
          this.state = 'hunting';
          return this.finish();
        }
        if (byte === LINE_START) {
          this.counters.skippedBytes += this.length + 1;
          return this.startLine();
        }
        if (this.length === MAX_LINE) {
          this.state = 'skipping-overlong';
          this.counters.skippedBytes += this.length + 2;
          return this.bad('too-long', `no line end within ${MAX_BODY} characters`);
        }
        this.buffer[this.length++] = byte;
        return null;
    }
  }

  private startLine(): null {
    this.state = 'in-line';
    this.length = 0;
    return null;
  }

  private finish(): LineEvent {
    let end = this.length;
    if (end > 0 && this.buffer[end - 1] === CR) end--;
    const line = this.buffer.subarray(0, end);
    const shown = printable(line);
    const badByte = line.findIndex((b) => !isBodyByte(b));
    if (badByte >= 0) {
      return this.bad(
        'byte',
        `byte 0x${line[badByte]!.toString(16).padStart(2, '0')} at ${badByte + 1} in "${shown}"`,
      );
    }
    const text = String.fromCharCode(...line);
    const m = /^(.+)\*([0-9A-F]{4})$/s.exec(text);
    if (!m) return this.bad('no-checksum', `no *CRC at the end of "${shown}"`);
    const body = m[1]!;
    if (body.length > MAX_BODY) return this.bad('too-long', `a body of ${body.length} characters`);
    const expected = lineCrc(line.subarray(0, body.length));
    if (expected !== m[2]) {
      return this.bad('checksum', `CRC ${m[2]} but the body "${shown}" gives ${expected}`);
    }
    this.counters.lines++;
    return { kind: 'line', body };
  }

  private bad(reason: BadLineReason, detail: string): LineEvent {
    this.counters.badLines++;
    return { kind: 'bad-line', reason, detail };
  }
}

/** A line for an error message: printable ASCII kept, anything else as \xNN, cut at 80. */
function printable(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    out +=
      b >= 0x20 && b <= 0x7e && b !== 0x22
        ? String.fromCharCode(b)
        : `\\x${b.toString(16).padStart(2, '0')}`;
    if (out.length >= 80) return `${out.slice(0, 80)}…`;
  }
  return out;
}
