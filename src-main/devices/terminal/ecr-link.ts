/**
 * The ECR link layer over any byte stream: sends frames stop-and-wait (one at a time, each
 * until ACKed, resent on NAK or silence, at most `maxResends` times), ACKs every good frame it
 * receives and NAKs every bad one. Both the console's driver and the terminal simulator use it;
 * the framing itself is described in ./ecr-frame.
 *
 * Frames carry no sequence number (as in the ECR protocols this follows), so an ACK that comes
 * after its frame was already resent also counts for the resent copy. That is harmless: the
 * copy is the same frame, and every message is safe to receive twice (see ./ecr-messages).
 */
import { ACK, FrameDecoder, NAK, encodeFrame, type FrameDecoderCounters } from './ecr-frame';

type Unsubscribe = () => void;

/** What the link needs from a byte stream; SerialLink and TcpConnection both fit. */
export interface ByteStream {
  write(data: Uint8Array): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): Unsubscribe;
}

export interface EcrLinkOptions {
  /** How long to wait for the peer's ACK or NAK of a frame. Default 1000 ms. */
  ackTimeoutMs?: number;
  /** How many times a frame goes again after a NAK or silence. Default 3. */
  maxResends?: number;
  /**
   * What goes on the wire for attempt `attempt` (0 = first) of `frame`: the simulator's way to
   * put line faults (a corrupted LRC, noise before STX) on a real line. Default: the frame.
   */
  tamper?: (frame: Uint8Array, attempt: number) => Uint8Array;
}

export interface EcrLinkCounters extends FrameDecoderCounters {
  framesSent: number;
  resends: number;
  acksSent: number;
  naksSent: number;
  naksReceived: number;
  /** ACKs and NAKs that came while no frame of ours was waiting for one. */
  strayAnswers: number;
}

/** A frame the peer never ACKed, or a stream that would not take it. */
export class EcrLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EcrLinkError';
  }
}

type Answer = 'ack' | 'nak' | 'timeout';

export class EcrLink {
  private readonly decoder = new FrameDecoder();
  private readonly ackTimeoutMs: number;
  private readonly maxResends: number;
  private readonly tamper: (frame: Uint8Array, attempt: number) => Uint8Array;
  private readonly sent = { framesSent: 0, resends: 0, acksSent: 0, naksSent: 0 };
  private readonly heard = { naksReceived: 0, strayAnswers: 0 };
  private readonly listeners = new Set<(payload: Uint8Array) => void>();
  private readonly unsubscribe: Unsubscribe;
  private queue: Promise<unknown> = Promise.resolve();
  private waiting: ((answer: Answer) => void) | null = null;
  private disposed = false;

  constructor(
    private readonly stream: ByteStream,
    options: EcrLinkOptions = {},
  ) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? 1000;
    this.maxResends = options.maxResends ?? 3;
    this.tamper = options.tamper ?? ((frame) => frame);
    this.unsubscribe = stream.onData((chunk) => this.receive(chunk));
  }

  get counters(): Readonly<EcrLinkCounters> {
    return { ...this.decoder.counters, ...this.sent, ...this.heard };
  }

  /** Sends one payload as a frame; resolves once ACKed, rejects with EcrLinkError if never. */
  send(payload: Uint8Array): Promise<void> {
    const frame = encodeFrame(payload);
    const run = this.queue.then(() => this.transmit(frame));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Every good frame's payload, repeats included (the peer resends when our ACK is lost). */
  onFrame(listener: (payload: Uint8Array) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    this.listeners.clear();
    this.waiting?.('timeout');
  }

  private async transmit(frame: Uint8Array): Promise<void> {
    let last = '';
    for (let attempt = 0; attempt <= this.maxResends; attempt++) {
      if (this.disposed) throw new EcrLinkError('the link was closed');
      if (attempt > 0) this.sent.resends++;
      const answer = this.nextAnswer();
      try {
        await this.stream.write(this.tamper(frame, attempt));
      } catch (error) {
        answer.cancel();
        throw new EcrLinkError(`the frame could not be written: ${messageOf(error)}`);
      }
      this.sent.framesSent++;
      const heard = await answer.within(this.ackTimeoutMs);
      if (heard === 'ack') return;
      last = heard === 'nak' ? 'NAK' : `nothing within ${this.ackTimeoutMs} ms`;
    }
    throw new EcrLinkError(`frame not acknowledged after ${this.maxResends + 1} tries (${last})`);
  }

  /** Waits for the next ACK or NAK; registered before the write, as the answer can be quick. */
  private nextAnswer(): { within(ms: number): Promise<Answer>; cancel(): void } {
    let timer: NodeJS.Timeout | undefined;
    let settle: (answer: Answer) => void = () => undefined;
    const answered = new Promise<Answer>((resolve) => {
      settle = (answer) => {
        clearTimeout(timer);
        if (this.waiting === settle) this.waiting = null;
        resolve(answer);
      };
      this.waiting = settle;
    });
    return {
      within: (ms) => {
        timer = setTimeout(() => settle('timeout'), ms);
        return answered;
      },
      cancel: () => settle('timeout'),
    };
  }

  private receive(chunk: Uint8Array): void {
    for (const event of this.decoder.push(chunk)) {
      switch (event.kind) {
        case 'frame':
          this.answer(ACK);
          for (const listener of [...this.listeners]) {
            try {
              listener(event.payload);
            } catch {
              // A failing listener must not stop the link or the other listeners.
            }
          }
          break;
        case 'bad-frame':
          this.answer(NAK);
          break;
        case 'ack':
        case 'nak':
          if (event.kind === 'nak') this.heard.naksReceived++;
          if (this.waiting) this.waiting(event.kind);
          else this.heard.strayAnswers++;
          break;
      }
    }
  }

  private answer(byte: typeof ACK | typeof NAK): void {
    if (this.disposed) return;
    if (byte === ACK) this.sent.acksSent++;
    else this.sent.naksSent++;
    // A lost ACK only makes the peer resend; a stream that is down shows in the next send.
    this.stream.write(Uint8Array.of(byte)).catch(() => undefined);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
