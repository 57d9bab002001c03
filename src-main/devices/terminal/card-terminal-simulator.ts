/**
 * A simulated semi-integrated card terminal: it speaks the ECR protocol (./ecr-frame,
 * ./ecr-messages) on the device end of a pty pair or on a loopback TCP listener, and each sale
 * ends as the test or the demo scripted it. Like a real terminal it keeps every sale by its
 * reference, answers status queries truthfully and never charges a reference twice: a SALE
 * with a known reference gets the recorded result again. Refunds (RFND) are kept the same way,
 * each under its own reference, back to the card of the approved sale they name; the terminal
 * declines one for a sale it does not know (or did not approve) and one that would give back
 * more than the sale less its refunds approved or still in progress.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { EcrLink, type ByteStream, type EcrLinkCounters, type EcrLinkOptions } from './ecr-link';
import { encodeReply, parseRequest, type EcrReply, type TerminalResult } from './ecr-messages';
import { plainLine, type LineSettings } from '../serial/line-settings';
import { SerialLink } from '../serial/serial-link';

export type SimulatorTransport =
  /** The device end of a pty pair. */
  | { kind: 'serial'; path: string; line?: LineSettings }
  /** Listens on loopback; port 0 or none takes a free one (see `port`). */
  | { kind: 'tcp'; port?: number };

/**
 * How the next sale or refund ends. `afterMs`: how long the customer takes (default
 * `processingMs`). A refund the terminal refuses on its own (an unknown sale, too much) takes
 * no script. An approved refund goes back to its sale's card, whatever `card` says.
 */
export type ScriptedOutcome =
  | { kind: 'approve'; afterMs?: number; card?: SimulatedCard }
  | { kind: 'decline'; afterMs?: number; code?: string; reason?: string }
  /** The customer cancels on the terminal. */
  | { kind: 'cancel'; afterMs?: number }
  /**
   * The terminal takes the SALE (ACKs it) and hangs: it records nothing and answers nothing,
   * not even ACKs, until `recover()`.
   */
  | { kind: 'timeout' }
  /** Approved and recorded, but the reply never reaches the console. */
  | { kind: 'lose-reply'; afterMs?: number; card?: SimulatedCard };

export interface SimulatedCard {
  cardBrand: string;
  maskedPan: string;
}

export interface CardTerminalSimulatorOptions {
  transport: SimulatorTransport;
  /** Default SIM00001. */
  terminalId?: string;
  /** How long a sale takes when its script does not say. Default 50 ms. */
  processingMs?: number;
  /** ACK wait and resends of the terminal's own frames. */
  link?: Pick<EcrLinkOptions, 'ackTimeoutMs' | 'maxResends'>;
}

/** A sale or a refund the terminal knows, as it would answer a status query about it. */
export interface SimulatedSale {
  reference: string;
  amount: number;
  currency: string;
  result: TerminalResult;
  /** Only on a refund: the sale it gives money back against. */
  saleReference?: string;
}

export interface SimulatorCounters {
  sales: number;
  /** SALEs and RFNDs with a reference already known: answered from the record, never redone. */
  repeatedSales: number;
  refunds: number;
  statusQueries: number;
  pings: number;
  /** Good frames that were no request. */
  unparsed: number;
  /** Bytes that came while the terminal hung. */
  ignoredWhileHung: number;
  /** Replies the console never ACKed. */
  repliesUnacknowledged: number;
}

const DEFAULT_CARD: SimulatedCard = { cardBrand: 'VISA', maskedPan: '411111******1111' };
/** Why the terminal refuses a refund by itself, as it says so. */
const refundDeclines = {
  unknownSale: { code: 'NO_SALE', reason: 'no approved sale with that reference' },
  currency: { code: 'CURRENCY', reason: 'not the currency of the sale' },
  tooMuch: { code: 'EXCEEDS_SALE', reason: 'more than the sale has left to refund' },
} as const;

/** Noise a line may carry before a frame: none of STX, ACK, NAK. */
const LINE_NOISE = Uint8Array.of(0xff, 0x00, 0x41);

export class CardTerminalSimulator {
  readonly terminalId: string;
  readonly counters: SimulatorCounters = {
    sales: 0,
    repeatedSales: 0,
    refunds: 0,
    statusQueries: 0,
    pings: 0,
    unparsed: 0,
    ignoredWhileHung: 0,
    repliesUnacknowledged: 0,
  };
  private readonly processingMs: number;
  private readonly linkOptions: EcrLinkOptions;
  private readonly scripts: ScriptedOutcome[] = [];
  private readonly sales = new Map<string, SimulatedSale>();
  private readonly chargeLog: SimulatedSale[] = [];
  private readonly refundLog: SimulatedSale[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly faults = { corruptFrames: 0, noisyFrames: 0 };
  private link: EcrLink | null = null;
  private hung = false;
  private authCodes = 0;
  private serial: SerialLink | null = null;
  private server: Server | null = null;
  private socket: Socket | null = null;

  private constructor(options: CardTerminalSimulatorOptions) {
    this.terminalId = options.terminalId ?? 'SIM00001';
    this.processingMs = options.processingMs ?? 50;
    this.linkOptions = { ...options.link, tamper: (frame, attempt) => this.tamper(frame, attempt) };
  }

  static async start(options: CardTerminalSimulatorOptions): Promise<CardTerminalSimulator> {
    const simulator = new CardTerminalSimulator(options);
    const transport = options.transport;
    if (transport.kind === 'serial') {
      const serial = new SerialLink({ path: transport.path, ...(transport.line ?? plainLine()) });
      await serial.open();
      simulator.serial = serial;
      simulator.attach(serial);
    } else {
      await simulator.listen(transport.port ?? 0);
    }
    return simulator;
  }

  /** The TCP port it listens on; null on a serial line. */
  get port(): number | null {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : null;
  }

  /** Every sale it knows, by reference, as a status query would be answered. */
  get transactions(): ReadonlyMap<string, SimulatedSale> {
    return new Map(this.sales);
  }

  /** Every time it took money, in order: a double charge would show as two entries. */
  get charges(): readonly SimulatedSale[] {
    return [...this.chargeLog];
  }

  /** Every time it gave money back to a card, in order: a double refund would show twice. */
  get refunds(): readonly SimulatedSale[] {
    return [...this.refundLog];
  }

  /** The current connection's link counters (resends, NAKs sent, bytes skipped…). */
  get linkCounters(): Readonly<EcrLinkCounters> | null {
    return this.link?.counters ?? null;
  }

  /** How the next sales and refunds end, in order; once these are used up, they are approved. */
  script(...outcomes: ScriptedOutcome[]): void {
    this.scripts.push(...outcomes);
  }

  /**
   * Line faults on the terminal's next frames: `corruptFrames` go out with a wrong LRC the
   * first time (the console NAKs, the resend is good); `noisyFrames` have noise before STX.
   */
  injectFaults(faults: { corruptFrames?: number; noisyFrames?: number }): void {
    this.faults.corruptFrames += faults.corruptFrames ?? 0;
    this.faults.noisyFrames += faults.noisyFrames ?? 0;
  }

  /** A hung terminal comes back, as after a reboot: the sale it hung on was never made. */
  recover(): void {
    this.hung = false;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.link?.dispose();
    this.link = null;
    await this.serial?.close();
    this.socket?.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async listen(port: number): Promise<void> {
    const server = createServer((socket) => {
      // One ECR at a time, as on a real terminal: the newest connection replaces the old.
      this.socket?.destroy();
      this.socket = socket;
      socket.setNoDelay(true);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        if (this.socket === socket) this.socket = null;
      });
      this.attach({
        write: (data) =>
          new Promise((resolve, reject) =>
            socket.write(data, (error) => (error ? reject(error) : resolve())),
          ),
        onData: (listener) => {
          socket.on('data', listener);
          return () => socket.off('data', listener);
        },
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  private attach(stream: ByteStream): void {
    this.link?.dispose();
    // A hung terminal takes in nothing: no ACK, no NAK, no answer.
    const guarded: ByteStream = {
      write: (data) => stream.write(data),
      onData: (listener) =>
        stream.onData((chunk) => {
          if (this.hung) this.counters.ignoredWhileHung += chunk.length;
          else listener(chunk);
        }),
    };
    const link = new EcrLink(guarded, this.linkOptions);
    link.onFrame((payload) => this.handle(payload));
    this.link = link;
  }

  private handle(payload: Uint8Array): void {
    const request = parseRequest(payload);
    if (!request) {
      this.counters.unparsed++;
      return;
    }
    switch (request.type) {
      case 'ping':
        this.counters.pings++;
        this.send({ type: 'pong', terminalId: this.terminalId, busy: this.busyWith() !== null });
        return;
      case 'status': {
        this.counters.statusQueries++;
        const sale = this.sales.get(request.reference);
        this.send({
          type: 'result',
          reference: request.reference,
          result: sale?.result ?? { state: 'not-found' },
        });
        return;
      }
      case 'sale':
        this.counters.sales++;
        this.transact({
          reference: request.reference,
          amount: request.amount,
          currency: request.currency,
        });
        return;
      case 'refund':
        this.counters.refunds++;
        this.transact({
          reference: request.reference,
          amount: request.amount,
          currency: request.currency,
          saleReference: request.saleReference,
        });
        return;
    }
  }

  /** A SALE, or an RFND when `saleReference` is given. */
  private transact(request: Omit<SimulatedSale, 'result'>): void {
    const { reference, amount, currency } = request;
    const known = this.sales.get(reference);
    if (known) {
      this.counters.repeatedSales++;
      // Still with the customer: its one reply comes when it ends.
      if (known.result.state !== 'in-progress') {
        this.send({ type: 'result', reference, result: known.result });
      }
      return;
    }
    if (this.busyWith() !== null) {
      // Not recorded: nothing was done under this reference, as a status query will say.
      const result: TerminalResult = {
        state: 'declined',
        code: 'BUSY',
        reason: 'the terminal is busy with another sale',
      };
      this.send({ type: 'result', reference, result });
      return;
    }
    let card: SimulatedCard | null = null;
    if (request.saleReference !== undefined) {
      const refusal = this.refundRefusal(request);
      if (typeof refusal !== 'object') {
        // Recorded, as a real terminal keeps its declines: a status query says the same.
        const result: TerminalResult = { state: 'declined', ...refundDeclines[refusal] };
        this.sales.set(reference, { ...request, result });
        this.send({ type: 'result', reference, result });
        return;
      }
      card = refusal;
    }
    const script = this.scripts.shift() ?? { kind: 'approve' };
    if (script.kind === 'timeout') {
      this.hung = true;
      return;
    }
    this.sales.set(reference, { ...request, result: { state: 'in-progress' } });
    this.after(script.afterMs ?? this.processingMs, () => {
      const result = this.resultOf(script, amount, currency, card);
      const done = { ...request, result };
      this.sales.set(reference, done);
      if (result.state === 'approved') (card ? this.refundLog : this.chargeLog).push(done);
      if (script.kind !== 'lose-reply') this.send({ type: 'result', reference, result });
    });
  }

  /** The card a refund goes back to, or why the terminal refuses it. */
  private refundRefusal(
    request: Omit<SimulatedSale, 'result'>,
  ): SimulatedCard | keyof typeof refundDeclines {
    const sale = this.sales.get(request.saleReference!);
    if (!sale || sale.saleReference !== undefined || sale.result.state !== 'approved') {
      return 'unknownSale';
    }
    if (sale.currency !== request.currency) return 'currency';
    let refunded = 0;
    for (const t of this.sales.values()) {
      const counts = t.result.state === 'approved' || t.result.state === 'in-progress';
      if (t.saleReference === sale.reference && counts) refunded += t.amount;
    }
    if (request.amount > sale.amount - refunded) return 'tooMuch';
    return { cardBrand: sale.result.cardBrand, maskedPan: sale.result.maskedPan };
  }

  private resultOf(
    script: Exclude<ScriptedOutcome, { kind: 'timeout' }>,
    amount: number,
    currency: string,
    /** A refund's: the card of its sale. */
    refundTo: SimulatedCard | null,
  ): TerminalResult {
    switch (script.kind) {
      case 'approve':
      case 'lose-reply': {
        const authCode = `A${String(++this.authCodes).padStart(5, '0')}`;
        const card = refundTo ?? script.card ?? DEFAULT_CARD;
        return { state: 'approved', amount, currency, authCode, ...card };
      }
      case 'decline':
        return {
          state: 'declined',
          code: script.code ?? '05',
          reason: script.reason ?? 'do not honour',
        };
      case 'cancel':
        return { state: 'cancelled' };
    }
  }

  private busyWith(): string | null {
    for (const sale of this.sales.values()) {
      if (sale.result.state === 'in-progress') return sale.reference;
    }
    return null;
  }

  /** Sends on the current connection (a sale may end after the console reconnected). */
  private send(reply: EcrReply): void {
    if (this.hung || !this.link) return;
    this.link.send(encodeReply(reply)).catch(() => this.counters.repliesUnacknowledged++);
  }

  private after(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, ms);
    this.timers.add(timer);
  }

  private tamper(frame: Uint8Array, attempt: number): Uint8Array {
    let out = frame;
    if (attempt === 0 && this.faults.corruptFrames > 0) {
      this.faults.corruptFrames--;
      out = Uint8Array.from(frame);
      out[out.length - 1] = frame[frame.length - 1]! ^ 0x5a;
    }
    if (attempt === 0 && this.faults.noisyFrames > 0) {
      this.faults.noisyFrames--;
      const noisy = new Uint8Array(LINE_NOISE.length + out.length);
      noisy.set(LINE_NOISE);
      noisy.set(out, LINE_NOISE.length);
      out = noisy;
    }
    return out;
  }
}
