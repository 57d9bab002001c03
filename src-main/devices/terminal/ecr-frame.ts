/**
 * Framing of the card terminal's ECR protocol: the same bytes over a serial line or TCP.
 *
 *   frame    = STX payload ETX LRC
 *   STX      = 0x02, ETX = 0x03
 *   payload  = 1..1024 bytes, each printable ASCII (0x20..0x7E) or FS (0x1C, between fields);
 *              so no control byte of the framing can occur inside it and nothing is escaped
 *   LRC      = XOR of every payload byte and ETX (STX excluded), as in the usual ECR protocols
 *   ACK      = 0x06, NAK = 0x15: single bytes, sent outside frames
 *
 * Stop and wait, the same in both directions: whoever sends a frame waits for the peer's ACK
 * and sends nothing else meanwhile. A frame with a wrong LRC, a byte not allowed in a payload
 * or no room left is answered with NAK; on NAK, or no answer in time, the same frame goes again,
 * at most `maxResends` times (./ecr-link). A receiver ACKs every good frame, also one it has
 * already seen (its ACK may have been lost), and the messages above are built so that a repeat
 * does no harm (./ecr-messages). Bytes before STX (line noise, a half frame) are skipped; an
 * STX inside a frame starts a new frame, since the old one can only have been cut short.
 *
 * The decoder is pure, never throws on any input, and holds at most one payload's worth of
 * bytes, however long the garbage it is fed.
 */

export const STX = 0x02;
export const ETX = 0x03;
export const ACK = 0x06;
export const NAK = 0x15;
/** Field separator inside a payload. */
export const FS = 0x1c;
export const MAX_PAYLOAD = 1024;

/** Whether `byte` may appear in a payload. */
export function isPayloadByte(byte: number): boolean {
  return (byte >= 0x20 && byte <= 0x7e) || byte === FS;
}

/** XOR of the payload bytes and ETX. */
export function lrc(payload: Uint8Array): number {
  let sum = ETX;
  for (const byte of payload) sum ^= byte;
  return sum;
}

/** STX payload ETX LRC. Throws RangeError for a payload the protocol cannot carry. */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  if (payload.length === 0 || payload.length > MAX_PAYLOAD) {
    throw new RangeError(`an ECR payload is 1..${MAX_PAYLOAD} bytes, got ${payload.length}`);
  }
  const bad = payload.findIndex((b) => !isPayloadByte(b));
  if (bad >= 0) {
    throw new RangeError(
      `byte 0x${payload[bad]!.toString(16)} at ${bad} is not allowed in a payload`,
    );
  }
  const frame = new Uint8Array(payload.length + 3);
  frame[0] = STX;
  frame.set(payload, 1);
  frame[payload.length + 1] = ETX;
  frame[payload.length + 2] = lrc(payload);
  return frame;
}

export type BadFrameReason = 'lrc' | 'byte' | 'too-long';

export type FrameEvent =
  | { kind: 'frame'; payload: Uint8Array }
  | { kind: 'ack' }
  | { kind: 'nak' }
  /** A frame that must be answered with NAK. */
  | { kind: 'bad-frame'; reason: BadFrameReason };

export interface FrameDecoderCounters {
  frames: number;
  badFrames: number;
  /** Bytes outside any frame, and the bytes of frames cut short by a new STX. */
  skippedBytes: number;
}

type State = 'hunting' | 'in-frame' | 'awaiting-lrc' | 'skipping-overlong';

export class FrameDecoder {
  readonly counters: FrameDecoderCounters = { frames: 0, badFrames: 0, skippedBytes: 0 };
  private readonly buffer = new Uint8Array(MAX_PAYLOAD);
  private length = 0;
  private state: State = 'hunting';
  private badByte = false;

  /** Feeds bytes as they came; returns what they completed, in order. */
  push(chunk: Uint8Array): FrameEvent[] {
    const events: FrameEvent[] = [];
    for (const byte of chunk) {
      const event = this.step(byte);
      if (event) events.push(event);
    }
    return events;
  }

  private step(byte: number): FrameEvent | null {
    switch (this.state) {
      case 'hunting':
        if (byte === STX) return this.startFrame();
        if (byte === ACK) return { kind: 'ack' };
        if (byte === NAK) return { kind: 'nak' };
        this.counters.skippedBytes++;
        return null;
      case 'skipping-overlong':
        // The rest of a frame already NAKed as too long: wait for its end or a new frame.
        if (byte === STX) return this.startFrame();
        if (byte === ETX) this.state = 'hunting';
        this.counters.skippedBytes++;
        return null;
      case 'in-frame':
        if (byte === ETX) {
          this.state = 'awaiting-lrc';
          return null;
        }
        if (byte === STX) {
          this.counters.skippedBytes += this.length + 1;
          return this.startFrame();
        }
        if (this.length === MAX_PAYLOAD) {
          this.state = 'skipping-overlong';
          this.counters.skippedBytes += this.length + 2;
          return this.bad('too-long');
        }
        if (!isPayloadByte(byte)) this.badByte = true;
        this.buffer[this.length++] = byte;
        return null;
      case 'awaiting-lrc': {
        this.state = 'hunting';
        const payload = this.buffer.slice(0, this.length);
        if (this.badByte || this.length === 0) return this.bad('byte');
        if (lrc(payload) !== byte) return this.bad('lrc');
        this.counters.frames++;
        return { kind: 'frame', payload };
      }
    }
  }

  private startFrame(): null {
    this.state = 'in-frame';
    this.length = 0;
    this.badByte = false;
    return null;
  }

  private bad(reason: BadFrameReason): FrameEvent {
    this.counters.badFrames++;
    return { kind: 'bad-frame', reason };
  }
}
