/**
 * The driver for a forecourt controller speaking FCL/1 (./PROTOCOL.md, ./fcl-line,
 * ./fcl-messages) over a serial line, on the same SerialLink, line settings and
 * DeviceStatusTracker as the other serial devices.
 *
 * Requests go one at a time, each with its own tag, and are sent again under the same tag when
 * no reply comes in time (every FCL request is safe to receive twice: see PROTOCOL.md). What
 * the controller reports by itself (pump states, nozzles, progress, the end of a delivery)
 * reaches `onEvent` listeners as it comes; a delivery end comes again on `deliveries()` until
 * it is cleared, so a listener recognises it by its deliveryId. A line the driver cannot read
 * (garbled on the wire, or no message it knows) is counted and reported as a `line-error`
 * event with what was wrong; nothing on the wire can make the driver throw.
 */
import type { DeviceStatus } from '../../../src-shared/domain/types';
import { DeviceStatusTracker } from '../device-status-tracker';
import { describeLine, plainLine, type LineSettings } from '../serial/line-settings';
import { SerialLink } from '../serial/serial-link';
import { LineDecoder, encodeLine, type LineDecoderCounters } from './fcl-line';
import {
  encodeRequest,
  parseControllerLine,
  requestProblem,
  type FclNotification,
  type FclReply,
  type FclRequest,
} from './fcl-messages';
import type {
  AuthoriseRequest,
  CommandResult,
  DeliveryEnd,
  PumpController,
  PumpEvent,
  PumpStatus,
} from './pump-controller';

export interface FclPumpControllerOptions {
  id: string;
  label?: string;
  /** Serial device of the controller, e.g. /dev/ttyUSB3. */
  path: string;
  /** The line's settings. Default 9600 8N1. */
  line?: LineSettings;
  /** How long to wait for a request's reply before sending it again. Default 1000 ms. */
  replyTimeoutMs?: number;
  /** How many times a request goes again when unanswered. Default 2. */
  maxResends?: number;
  /**
   * When nothing has been heard from the controller for this long, it is asked for its pumps
   * (STATUS): a heartbeat that also reopens a line that was lost, so the console hears the
   * forecourt again once the controller is back. Default 5000 ms; 0 turns it off.
   */
  keepAliveMs?: number;
  /**
   * What goes on the wire for attempt `attempt` (0 = first) of a request line: a test's way to
   * put line faults on a real line. Default: the line.
   */
  tamper?: (line: Uint8Array, attempt: number) => Uint8Array;
}

export interface FclPumpControllerCounters extends LineDecoderCounters {
  requestsSent: number;
  resends: number;
  /** Good lines that were no message this driver knows. */
  unreadableLines: number;
  /** Replies whose tag no request was waiting for (a reply to a resent request's first try). */
  unexpectedReplies: number;
  /** `* ERR` lines: the controller could not read a line of ours. */
  controllerErrors: number;
}

type Failure = Extract<CommandResult, { ok: false }>;

interface Waiter {
  tag: string;
  resolve(reply: FclReply | null): void;
}

/** Notifications gathered while a STATUS or DELIVERIES request is in flight. */
interface Collector {
  pumps: Map<number, PumpStatus>;
  deliveries: Map<string, DeliveryEnd>;
}

const MAX_TAG = 999_999;

export class FclPumpController implements PumpController {
  readonly id: string;
  private readonly link: SerialLink;
  private readonly decoder = new LineDecoder();
  private readonly tracker: DeviceStatusTracker;
  private readonly where: string;
  private readonly replyTimeoutMs: number;
  private readonly maxResends: number;
  private readonly tamper: (line: Uint8Array, attempt: number) => Uint8Array;
  private readonly listeners = new Set<(event: PumpEvent) => void>();
  private readonly counts = {
    requestsSent: 0,
    resends: 0,
    unreadableLines: 0,
    unexpectedReplies: 0,
    controllerErrors: 0,
  };
  private waiter: Waiter | null = null;
  private collector: Collector | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private tags = 0;
  private disposed = false;
  private inFlight = false;
  private lastHeard = 0;
  private readonly keepAlive: NodeJS.Timeout | null;

  constructor(options: FclPumpControllerOptions) {
    this.id = options.id;
    this.replyTimeoutMs = options.replyTimeoutMs ?? 1000;
    this.maxResends = options.maxResends ?? 2;
    this.tamper = options.tamper ?? ((line) => line);
    const line = options.line ?? plainLine();
    this.where = `${options.path}, ${describeLine(line)}`;
    this.link = new SerialLink({ path: options.path, ...line });
    this.tracker = new DeviceStatusTracker(
      { id: options.id, kind: 'pump-controller', label: options.label ?? 'Pump controller' },
      'not contacted yet',
    );
    this.link.onData((chunk) => this.receive(chunk));
    this.link.onError((error) =>
      this.tracker.set('offline', `serial port error (${this.where}): ${error.message}`),
    );
    this.link.onClose((error) => {
      if (!error) return;
      this.tracker.set('offline', `serial port closed (${this.where}): ${error.message}`);
      // Nothing will answer on a line that is gone: don't wait out the timeout.
      this.waiter?.resolve(null);
    });
    const keepAliveMs = options.keepAliveMs ?? 5000;
    this.keepAlive =
      keepAliveMs > 0 ? setInterval(() => this.heartbeat(keepAliveMs), keepAliveMs) : null;
    this.keepAlive?.unref();
  }

  get status(): DeviceStatus {
    return this.tracker.current;
  }

  get counters(): Readonly<FclPumpControllerCounters> {
    return { ...this.decoder.counters, ...this.counts };
  }

  authorise(request: AuthoriseRequest): Promise<CommandResult> {
    const fcl: FclRequest = {
      method: 'AUTH',
      pump: request.pump,
      authId: request.authId,
      presetMinor: request.presetMinor ?? null,
    };
    const problem = requestProblem(fcl);
    if (problem) return Promise.reject(new RangeError(problem));
    return this.command(fcl);
  }

  stop(pump: number): Promise<CommandResult> {
    const fcl: FclRequest = { method: 'STOP', pump };
    const problem = requestProblem(fcl);
    if (problem) return Promise.reject(new RangeError(problem));
    return this.command(fcl);
  }

  clear(pump: number, deliveryId: string): Promise<CommandResult> {
    const fcl: FclRequest = { method: 'CLEAR', pump, deliveryId };
    const problem = requestProblem(fcl);
    if (problem) return Promise.reject(new RangeError(problem));
    return this.command(fcl);
  }

  pumps(pump?: number): Promise<{ ok: true; pumps: PumpStatus[] } | Failure> {
    const fcl: FclRequest = { method: 'STATUS', pump: pump ?? null };
    const problem = requestProblem(fcl);
    if (problem) return Promise.reject(new RangeError(problem));
    return this.enqueue(async () => {
      const { reply, collected } = await this.exchange(fcl);
      if (!reply.ok) return reply;
      const pumps = [...collected.pumps.values()]
        .filter((s) => pump === undefined || s.pump === pump)
        .sort((a, b) => a.pump - b.pump);
      return { ok: true as const, pumps };
    });
  }

  deliveries(): Promise<{ ok: true; deliveries: DeliveryEnd[] } | Failure> {
    return this.enqueue(async () => {
      const { reply, collected } = await this.exchange({ method: 'DELIVERIES' });
      if (!reply.ok) return reply;
      return { ok: true as const, deliveries: [...collected.deliveries.values()] };
    });
  }

  onEvent(listener: (event: PumpEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async checkStatus(): Promise<DeviceStatus> {
    if (this.disposed) return this.tracker.current;
    await this.pumps();
    return this.tracker.current;
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.tracker.subscribe(listener);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.waiter?.resolve(null);
    await this.queue;
    this.listeners.clear();
    this.tracker.clear();
    await this.link.close();
  }

  /** Asks for the pumps when the controller has been quiet (or away) for `quietMs`. */
  private heartbeat(quietMs: number): void {
    if (this.disposed || this.inFlight || Date.now() - this.lastHeard < quietMs) return;
    void this.checkStatus();
  }

  private command(request: FclRequest): Promise<CommandResult> {
    return this.enqueue(async () => (await this.exchange(request)).reply);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      this.inFlight = true;
      try {
        return await work();
      } finally {
        this.inFlight = false;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Sends one request (again under the same tag while unanswered) and waits for its OK or ERR.
   * Never rejects: a request that got no reply is a failure with code null, and the controller
   * is reported offline.
   */
  private async exchange(
    request: FclRequest,
  ): Promise<{ reply: CommandResult; collected: Collector }> {
    const collected: Collector = { pumps: new Map(), deliveries: new Map() };
    const fail = (detail: string, code: number | null = null) => ({
      reply: { ok: false as const, code, detail },
      collected,
    });
    if (this.disposed) return fail('the driver was closed');
    if (!this.link.isOpen) {
      try {
        await this.link.open();
      } catch (error) {
        const detail = messageOf(error);
        this.tracker.set('offline', detail);
        return fail(detail);
      }
    }
    this.tags = this.tags >= MAX_TAG ? 1 : this.tags + 1;
    const tag = `C${this.tags}`;
    const line = encodeLine(encodeRequest(tag, request));
    this.collector = collected;
    try {
      for (let attempt = 0; attempt <= this.maxResends; attempt++) {
        if (this.disposed) return fail('the driver was closed');
        if (!this.link.isOpen) break;
        if (attempt > 0) this.counts.resends++;
        const answer = this.expect(tag);
        try {
          await withTimeout(this.link.write(this.tamper(line, attempt)), this.replyTimeoutMs);
        } catch (error) {
          answer.cancel();
          const detail = `${request.method} not delivered (${this.where}): ${messageOf(error)}`;
          this.tracker.set('offline', detail);
          return fail(detail);
        }
        this.counts.requestsSent++;
        const reply = await answer.within(this.replyTimeoutMs);
        if (!reply) continue;
        if (reply.ok) return { reply: { ok: true }, collected };
        return fail(reply.detail, reply.code);
      }
    } finally {
      this.collector = null;
    }
    if (this.disposed) return fail('the driver was closed');
    const tries = this.maxResends + 1;
    const detail = this.link.isOpen
      ? `no reply to ${request.method} in ${tries} tries of ${this.replyTimeoutMs} ms (${this.where})`
      : `the serial line closed before ${request.method} was answered (${this.where})`;
    this.tracker.set('offline', detail);
    return fail(detail);
  }

  /** Waits for the reply tagged `tag`; registered before the write, as a reply can be quick. */
  private expect(tag: string): {
    within(ms: number): Promise<FclReply | null>;
    cancel(): void;
  } {
    let timer: NodeJS.Timeout | undefined;
    let waiter!: Waiter;
    const answered = new Promise<FclReply | null>((resolve) => {
      waiter = {
        tag,
        resolve: (reply) => {
          clearTimeout(timer);
          if (this.waiter === waiter) this.waiter = null;
          resolve(reply);
        },
      };
      this.waiter = waiter;
    });
    return {
      within: (ms) => {
        timer = setTimeout(() => waiter.resolve(null), ms);
        return answered;
      },
      cancel: () => waiter.resolve(null),
    };
  }

  private receive(chunk: Uint8Array): void {
    for (const event of this.decoder.push(chunk)) {
      if (event.kind === 'bad-line') {
        this.emit({
          kind: 'line-error',
          detail: `garbled line from the controller (${event.reason}): ${event.detail}`,
        });
        continue;
      }
      this.lastHeard = Date.now();
      const parsed = parseControllerLine(event.body);
      switch (parsed.type) {
        case 'unreadable':
          this.counts.unreadableLines++;
          this.emit({
            kind: 'line-error',
            detail: `unreadable line from the controller: ${parsed.detail}`,
          });
          break;
        case 'reply':
          this.healthy();
          if (this.waiter?.tag === parsed.reply.tag) this.waiter.resolve(parsed.reply);
          else this.counts.unexpectedReplies++;
          break;
        case 'notification':
          this.healthy();
          this.notified(parsed.notification);
          break;
      }
    }
  }

  private notified(n: FclNotification): void {
    switch (n.kind) {
      case 'error':
        this.counts.controllerErrors++;
        this.emit({ kind: 'controller-error', code: n.code, detail: n.detail });
        return;
      case 'pump':
        this.collector?.pumps.set(n.status.pump, n.status);
        break;
      case 'delivery-end':
        this.collector?.deliveries.set(n.delivery.deliveryId, n.delivery);
        break;
    }
    this.emit(n);
  }

  private healthy(): void {
    if (!this.disposed) this.tracker.set('ok', `ready (${this.where})`);
  }

  private emit(event: PumpEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A failing listener must not stop the driver or the other listeners.
      }
    }
  }
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`write not done within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
