/**
 * The driver for a semi-integrated card terminal speaking the ECR protocol (./ecr-frame,
 * ./ecr-messages) over a serial line or TCP. Sales and refunds run one at a time; each follows
 * ./charge-recovery to exactly one final outcome: a SALE or an RFND is sent once, and a missing
 * reply is settled by asking the terminal about the reference, never by sending it again.
 */
import type {
  CardOutcome,
  CardTerminal,
  ChargeRequest,
  RefundRequest,
  TransactionLookup,
} from './card-terminal';
import {
  DEFAULT_RECOVERY,
  advance,
  startCharge,
  type ChargeEvent,
  type RecoveryPolicy,
} from './charge-recovery';
import { EcrLink, type EcrLinkCounters, type EcrLinkOptions } from './ecr-link';
import {
  REFERENCE,
  encodeRequest,
  parseReply,
  refundProblem,
  saleProblem,
  type EcrReply,
  type EcrRequest,
} from './ecr-messages';
import { TcpConnection, type TerminalConnection } from './tcp-connection';
import type { DeviceStatus } from '../../../src-shared/domain/types';
import { DeviceStatusTracker } from '../device-status-tracker';
import { describeLine, plainLine, type LineSettings } from '../serial/line-settings';
import { SerialLink } from '../serial/serial-link';

export type TerminalTransport =
  /** The station's serial port to the terminal (default 9600 8N1). */
  | { kind: 'serial'; path: string; line?: LineSettings }
  /** The terminal's ECR port on the LAN. */
  | { kind: 'tcp'; host: string; port: number };

export interface EcrCardTerminalOptions {
  id: string;
  label?: string;
  transport: TerminalTransport;
  /**
   * How long the customer may take at the terminal (card, PIN, the bank) before the SALE's
   * reply counts as missing and recovery starts. Default 120 000 ms.
   */
  replyTimeoutMs?: number;
  /** How long a status query or a ping may take to be answered. Default 5000 ms. */
  queryTimeoutMs?: number;
  /** Status queries after a missing reply (default 5, waiting 1 s, doubled, at most 8 s). */
  recovery?: Partial<RecoveryPolicy>;
  /** ACK wait (default 1000 ms) and resends (default 3) of each frame. */
  link?: Pick<EcrLinkOptions, 'ackTimeoutMs' | 'maxResends'>;
}

export interface EcrCardTerminalCounters extends EcrLinkCounters {
  /** Good frames that were no reply this driver understands. */
  unparsedReplies: number;
  /** Replies that nobody was waiting for (a repeat, or one after its timeout). */
  unexpectedReplies: number;
}

type ResultReply = Extract<EcrReply, { type: 'result' }>;
type PongReply = Extract<EcrReply, { type: 'pong' }>;
type StatusEvent = Extract<ChargeEvent, { kind: 'status-answered' | 'status-unanswered' }>;
/** What moves money: a SALE or an RFND, each sent once and recovered by its reference. */
type MoneyRequest = Extract<EcrRequest, { type: 'sale' | 'refund' }>;

interface Waiter {
  accepts(reply: EcrReply): boolean;
  resolve(reply: EcrReply | null): void;
}

export class EcrCardTerminal implements CardTerminal {
  readonly id: string;
  private readonly connection: TerminalConnection;
  private readonly link: EcrLink;
  private readonly tracker: DeviceStatusTracker;
  private readonly where: string;
  private readonly replyTimeoutMs: number;
  private readonly queryTimeoutMs: number;
  private readonly policy: RecoveryPolicy;
  private readonly inFlight = new Map<string, Promise<CardOutcome>>();
  private readonly waiters = new Set<Waiter>();
  private readonly sleepers = new Set<() => void>();
  private readonly replyCounts = { unparsedReplies: 0, unexpectedReplies: 0 };
  private queue: Promise<unknown> = Promise.resolve();
  private charging = 0;
  private disposed = false;

  constructor(options: EcrCardTerminalOptions) {
    this.id = options.id;
    this.replyTimeoutMs = options.replyTimeoutMs ?? 120_000;
    this.queryTimeoutMs = options.queryTimeoutMs ?? 5000;
    this.policy = { ...DEFAULT_RECOVERY, ...options.recovery };
    const transport = options.transport;
    if (transport.kind === 'serial') {
      const line = transport.line ?? plainLine();
      this.connection = new SerialLink({ path: transport.path, ...line });
      this.where = `${transport.path}, ${describeLine(line)}`;
    } else {
      this.connection = new TcpConnection({ host: transport.host, port: transport.port });
      this.where = `tcp ${transport.host}:${transport.port}`;
    }
    this.link = new EcrLink(this.connection, options.link);
    this.link.onFrame((payload) => this.receive(payload));
    this.tracker = new DeviceStatusTracker(
      { id: options.id, kind: 'card-terminal', label: options.label ?? 'Card terminal' },
      'not contacted yet',
    );
    this.connection.onClose((error) => {
      if (error) this.tracker.set('offline', `connection lost (${this.where}): ${error.message}`);
    });
  }

  get status(): DeviceStatus {
    return this.tracker.current;
  }

  get counters(): Readonly<EcrCardTerminalCounters> {
    return { ...this.link.counters, ...this.replyCounts };
  }

  charge(request: ChargeRequest): Promise<CardOutcome> {
    const problem = saleProblem(request.amount, request.currency, request.reference);
    if (problem) return Promise.reject(new RangeError(problem));
    const { reference, amount, currency } = request;
    return this.start({ type: 'sale', reference, amount, currency });
  }

  refund(request: RefundRequest): Promise<CardOutcome> {
    const problem = refundProblem(request);
    if (problem) return Promise.reject(new RangeError(problem));
    const { reference, saleReference, amount, currency } = request;
    return this.start({ type: 'refund', reference, saleReference, amount, currency });
  }

  /** Queues a sale or a refund; one with the reference of one in flight shares its outcome. */
  private start(request: MoneyRequest): Promise<CardOutcome> {
    const same = this.inFlight.get(request.reference);
    if (same) return same;
    const run = this.enqueue(() => this.runCharge(request)).finally(() =>
      this.inFlight.delete(request.reference),
    );
    this.inFlight.set(request.reference, run);
    return run;
  }

  lastTransaction(reference: string): Promise<TransactionLookup> {
    if (!REFERENCE.test(reference)) {
      return Promise.reject(new RangeError(`bad reference ${JSON.stringify(reference)}`));
    }
    return this.enqueue(async () => {
      const event = await this.queryStatus(reference);
      if (event.kind === 'status-unanswered') {
        return { kind: 'unknown', reference, detail: event.detail };
      }
      const result = event.result;
      switch (result.state) {
        case 'approved': {
          const { amount, currency, authCode, cardBrand, maskedPan } = result;
          return { kind: 'approved', reference, amount, currency, authCode, cardBrand, maskedPan };
        }
        case 'declined':
          return { kind: 'declined', reference, code: result.code, reason: result.reason };
        default:
          return { kind: result.state, reference };
      }
    });
  }

  async checkStatus(): Promise<DeviceStatus> {
    // A sale in progress already tells us whether the terminal is there; don't queue behind it.
    if (this.disposed || this.charging > 0) return this.tracker.current;
    return this.enqueue(async () => {
      const isPong = (r: EcrReply): r is PongReply => r.type === 'pong';
      const reply = await this.exchange({ type: 'ping' }, isPong, this.queryTimeoutMs);
      if (typeof reply === 'string') this.tracker.set('offline', reply);
      return this.tracker.current;
    });
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.tracker.subscribe(listener);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const waiter of [...this.waiters]) waiter.resolve(null);
    for (const wake of [...this.sleepers]) wake();
    // Also ends a frame's wait for its ACK, so a sale in flight resolves now, as unknown.
    this.link.dispose();
    await this.queue;
    this.tracker.clear();
    await this.connection.close();
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runCharge(request: MoneyRequest): Promise<CardOutcome> {
    this.charging++;
    try {
      let { state, step } = startCharge(request);
      for (;;) {
        if (step.kind === 'finish') return step.outcome;
        if (this.disposed) {
          const detail = state.saleSent
            ? `the driver was closed before the terminal answered (${state.problem ?? `${request.type} sent`})`
            : `the driver was closed before the ${request.type} was sent`;
          return { kind: 'unknown', reference: request.reference, detail };
        }
        let event: ChargeEvent;
        if (step.kind === 'send-sale') {
          event = await this.sendSale(request);
        } else {
          await this.sleep(step.afterMs);
          event = await this.queryStatus(request.reference);
        }
        ({ state, step } = advance(state, event, this.policy));
      }
    } catch (error) {
      // Nothing above should throw; if it does, the sale's fate is not known here.
      return { kind: 'unknown', reference: request.reference, detail: messageOf(error) };
    } finally {
      this.charging--;
    }
  }

  private async sendSale(request: MoneyRequest): Promise<ChargeEvent> {
    const { reference } = request;
    const reply = await this.exchange(
      request,
      // An interim "in progress" is no answer to a sale or a refund: the customer is still at it.
      (r): r is ResultReply =>
        r.type === 'result' && r.reference === reference && r.result.state !== 'in-progress',
      this.replyTimeoutMs,
    );
    if (typeof reply === 'string') return { kind: 'sale-unanswered', detail: reply };
    return { kind: 'sale-answered', result: reply.result };
  }

  private async queryStatus(reference: string): Promise<StatusEvent> {
    const reply = await this.exchange(
      { type: 'status', reference },
      (r): r is ResultReply => r.type === 'result' && r.reference === reference,
      this.queryTimeoutMs,
    );
    if (typeof reply === 'string') return { kind: 'status-unanswered', detail: reply };
    return { kind: 'status-answered', result: reply.result };
  }

  /** Sends one request and waits for the reply `accepts` takes; a string says why none came. */
  private async exchange<R extends EcrReply>(
    request: EcrRequest,
    accepts: (reply: EcrReply) => reply is R,
    timeoutMs: number,
  ): Promise<R | string> {
    if (this.disposed) return 'the driver was closed';
    // Listening before sending: a quick terminal can answer before the ACK is taken in.
    const reply = this.expect(accepts, timeoutMs);
    try {
      if (!this.connection.isOpen) await this.connection.open();
      await this.link.send(encodeRequest(request));
    } catch (error) {
      reply.cancel();
      if (this.disposed) return 'the driver was closed';
      const detail = `${request.type} not delivered (${this.where}): ${messageOf(error)}`;
      this.tracker.set('offline', detail);
      return detail;
    }
    const answer = await reply.promise;
    if (answer && accepts(answer)) return answer;
    if (this.disposed) return 'the driver was closed';
    return `no ${request.type} reply within ${timeoutMs} ms (${this.where})`;
  }

  private expect(
    accepts: (reply: EcrReply) => boolean,
    timeoutMs: number,
  ): { promise: Promise<EcrReply | null>; cancel(): void } {
    let waiter!: Waiter;
    const promise = new Promise<EcrReply | null>((resolve) => {
      const timer = setTimeout(() => waiter.resolve(null), timeoutMs);
      waiter = {
        accepts,
        resolve: (reply) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(reply);
        },
      };
      this.waiters.add(waiter);
    });
    return { promise, cancel: () => waiter.resolve(null) };
  }

  private receive(payload: Uint8Array): void {
    const reply = parseReply(payload);
    if (!reply) {
      this.replyCounts.unparsedReplies++;
      return;
    }
    this.tracker.set('ok', `ready (${this.where})`);
    const waiter = [...this.waiters].find((w) => w.accepts(reply));
    if (waiter) waiter.resolve(reply);
    else this.replyCounts.unexpectedReplies++;
  }

  /** Waits `ms`, or less if the driver is disposed meanwhile. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
