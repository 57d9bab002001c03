/**
 * A simulated forecourt controller speaking FCL/1 (./PROTOCOL.md) on the device end of a pty
 * pair: pumps with their nozzles and grades, and a customer the test or the demo moves (lift a
 * nozzle, hang it up, take so much fuel). Like a real controller it reports nozzles, pump
 * states, delivery progress and the end of each delivery; it delivers only when authorised,
 * stops at a preset amount, and keeps every finished delivery until the console clears it.
 * Amounts come from the fuel domain's one rule (fuelAmount), from the unit price the delivery
 * started at.
 */
import { randomBytes } from 'node:crypto';
import {
  fuelAmount,
  millilitresForAmount,
  type Millilitres,
  type UnitPrice,
} from '../../../src-shared/domain/fuel';
import { plainLine, type LineSettings } from '../serial/line-settings';
import { SerialLink } from '../serial/serial-link';
import { LineDecoder, encodeLine } from './fcl-line';
import {
  encodeNotification,
  encodeReply,
  parseRequest,
  type FclNotification,
  type FclReply,
  type FclRequest,
} from './fcl-messages';
import type { DeliveryEnd, DeliveryEndReason, PumpState, PumpStatus } from './pump-controller';

export interface SimulatedPump {
  pump: number;
  /** Each nozzle and the grade it delivers. */
  nozzles: Array<{ nozzle: number; grade: string }>;
}

export interface PumpControllerSimulatorOptions {
  /** The device end of the pty pair. */
  path: string;
  /** The line's settings, as the station's side uses them. Default 9600 8N1. */
  line?: LineSettings;
  pumps: SimulatedPump[];
  /** Each grade's unit price (thousandths of the minor unit per litre). */
  grades: Array<{ id: string; unitPrice: UnitPrice }>;
  /**
   * Millilitres a tick and the tick: by default 70 ml every 100 ms, 0.7 l/s as a car pump
   * runs, with a PROGRESS line each tick (at 9600 baud a line takes about 50 ms). Tests go
   * faster: a pty does not hold bytes to the baud rate.
   */
  flow?: { mlPerTick?: number; tickMs?: number };
  /** Starts every delivery id; default 4 random hex digits, so ids differ across restarts. */
  deliveryPrefix?: string;
}

export interface PumpSimulatorCounters {
  requests: number;
  /** Lines from the console it could not take, answered with `* ERR 400`. */
  badLines: number;
  /** Requests answered with ERR (a bad request, an unknown pump, a busy one…). */
  errorReplies: number;
  /** Repeated AUTHs under the authorisation in force: answered OK, nothing changed. */
  repeatedAuths: number;
  linesSent: number;
}

interface PumpModel {
  pump: number;
  nozzles: Map<number, string>;
  state: PumpState;
  nozzle: number | null;
  authId: string | null;
  presetMinor: number | null;
  /** Authorisations this pump has finished: a late repeat of one must not authorise again. */
  usedAuthIds: Set<string>;
  delivery: {
    grade: string;
    unitPrice: UnitPrice;
    ml: Millilitres;
    /** Where the flow stops: the preset's volume, if any. */
    presetMl: Millilitres | null;
    /** Where the customer hangs up by themselves, if told. */
    hangUpAtMl: Millilitres | null;
  } | null;
  hangUpAtMl: Millilitres | null;
}

export class PumpControllerSimulator {
  readonly counters: PumpSimulatorCounters = {
    requests: 0,
    badLines: 0,
    errorReplies: 0,
    repeatedAuths: 0,
    linesSent: 0,
  };
  private readonly decoder = new LineDecoder();
  private readonly pumps = new Map<number, PumpModel>();
  private readonly prices = new Map<string, UnitPrice>();
  private readonly uncleared = new Map<string, DeliveryEnd>();
  private readonly cleared = new Set<string>();
  private readonly finished: DeliveryEnd[] = [];
  private readonly mlPerTick: number;
  private readonly tickMs: number;
  private readonly prefix: string;
  private readonly faults = { corruptLines: 0 };
  private timer: NodeJS.Timeout | null = null;
  private deliveries = 0;
  private stopped = false;

  private constructor(
    private readonly link: SerialLink,
    options: PumpControllerSimulatorOptions,
  ) {
    for (const g of options.grades) this.prices.set(g.id, g.unitPrice);
    for (const p of options.pumps) {
      const nozzles = new Map(p.nozzles.map((n) => [n.nozzle, n.grade]));
      for (const grade of nozzles.values()) {
        if (!this.prices.has(grade)) throw new Error(`pump ${p.pump}: grade ${grade} has no price`);
      }
      this.pumps.set(p.pump, {
        pump: p.pump,
        nozzles,
        state: 'idle',
        nozzle: null,
        authId: null,
        presetMinor: null,
        usedAuthIds: new Set(),
        delivery: null,
        hangUpAtMl: null,
      });
    }
    this.mlPerTick = options.flow?.mlPerTick ?? 70;
    this.tickMs = options.flow?.tickMs ?? 100;
    this.prefix = options.deliveryPrefix ?? randomBytes(2).toString('hex').toUpperCase();
    link.onData((chunk) => this.receive(chunk));
  }

  static async start(options: PumpControllerSimulatorOptions): Promise<PumpControllerSimulator> {
    const link = new SerialLink({ path: options.path, ...(options.line ?? plainLine()) });
    await link.open();
    return new PumpControllerSimulator(link, options);
  }

  /** Every pump's status, as STATUS would report it. */
  get statuses(): PumpStatus[] {
    return [...this.pumps.values()].map((p) => this.statusOf(p));
  }

  /** Finished deliveries the console has not cleared. */
  get unclearedDeliveries(): DeliveryEnd[] {
    return [...this.uncleared.values()];
  }

  /** Every delivery that ended, in order. */
  get deliveriesMade(): readonly DeliveryEnd[] {
    return [...this.finished];
  }

  /** The customer lifts a nozzle; with `hangUpAtMl` they hang it up once that much is in. */
  liftNozzle(pump: number, nozzle: number, options: { hangUpAtMl?: number } = {}): void {
    const p = this.pump(pump);
    const grade = p.nozzles.get(nozzle);
    if (grade === undefined) throw new Error(`pump ${pump} has no nozzle ${nozzle}`);
    if (p.nozzle !== null) throw new Error(`pump ${pump}: nozzle ${p.nozzle} is already up`);
    p.nozzle = nozzle;
    p.hangUpAtMl = options.hangUpAtMl ?? null;
    this.notify({ kind: 'nozzle', pump, nozzle, up: true, grade });
    if (p.state === 'authorised') this.startDelivery(p);
    else this.setState(p, 'calling');
  }

  /** The customer hangs the nozzle up: a delivery in progress ends there. */
  hangUp(pump: number): void {
    const p = this.pump(pump);
    if (p.nozzle === null) return;
    if (p.state === 'fuelling') this.endDelivery(p, 'hung-up');
    const nozzle = p.nozzle;
    p.nozzle = null;
    p.hangUpAtMl = null;
    this.notify({ kind: 'nozzle', pump, nozzle, up: false, grade: p.nozzles.get(nozzle)! });
    p.authId = null;
    p.presetMinor = null;
    this.setState(p, 'idle');
  }

  /** The site changes a grade's price; a delivery already running keeps the one it began at. */
  setPrice(grade: string, unitPrice: UnitPrice): void {
    this.prices.set(grade, unitPrice);
  }

  /** The next `corruptLines` lines go out with a wrong CRC (the console must report, not crash). */
  injectFaults(faults: { corruptLines?: number }): void {
    this.faults.corruptLines += faults.corruptLines ?? 0;
  }

  /** Puts raw bytes on the line: noise, half lines, anything. */
  async sendRaw(bytes: Uint8Array | string): Promise<void> {
    const data = typeof bytes === 'string' ? Uint8Array.from(bytes, (c) => c.charCodeAt(0)) : bytes;
    await this.link.write(data);
  }

  /** Sends a well-framed line (a good CRC) with any body, e.g. a message the console does not know. */
  async sendBody(body: string): Promise<void> {
    await this.link.write(encodeLine(body));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.link.close();
  }

  private pump(pump: number): PumpModel {
    const p = this.pumps.get(pump);
    if (!p) throw new Error(`no pump ${pump}`);
    return p;
  }

  private receive(chunk: Uint8Array): void {
    for (const event of this.decoder.push(chunk)) {
      if (event.kind === 'bad-line') {
        this.counters.badLines++;
        this.notify({ kind: 'error', code: 400, detail: `garbled line (${event.reason})` });
        continue;
      }
      const parsed = parseRequest(event.body);
      this.counters.requests++;
      if (!parsed.ok) {
        if (parsed.tag === null) {
          this.counters.badLines++;
          this.notify({ kind: 'error', code: parsed.code, detail: parsed.detail });
        } else {
          this.reply({ tag: parsed.tag, ok: false, code: parsed.code, detail: parsed.detail });
        }
        continue;
      }
      this.reply(this.handle(parsed.tag, parsed.request));
    }
  }

  private handle(tag: string, request: FclRequest): FclReply {
    const ok: FclReply = { tag, ok: true };
    const err = (code: number, detail: string): FclReply => ({ tag, ok: false, code, detail });
    if (request.method === 'DELIVERIES') {
      for (const delivery of this.uncleared.values()) {
        this.notify({ kind: 'delivery-end', delivery });
      }
      return ok;
    }
    if (request.method === 'STATUS' && request.pump === null) {
      for (const p of this.pumps.values()) this.notify({ kind: 'pump', status: this.statusOf(p) });
      return ok;
    }
    const p = this.pumps.get(request.pump!);
    if (!p) return err(404, `no pump ${request.pump}`);
    switch (request.method) {
      case 'STATUS':
        this.notify({ kind: 'pump', status: this.statusOf(p) });
        return ok;
      case 'AUTH': {
        if (p.authId === request.authId) {
          this.counters.repeatedAuths++;
          return ok;
        }
        if (p.usedAuthIds.has(request.authId)) {
          return err(409, `authorisation ${request.authId} was already used`);
        }
        if (p.state !== 'idle' && p.state !== 'calling') {
          return err(409, `pump ${p.pump} is ${p.state}`);
        }
        const preset = request.presetMinor;
        if (preset !== null && p.nozzle !== null) {
          const price = this.prices.get(p.nozzles.get(p.nozzle)!)!;
          if (price === 0) return err(400, 'a preset needs a priced grade');
        }
        p.authId = request.authId;
        p.presetMinor = preset;
        if (p.state === 'calling') this.startDelivery(p);
        else this.setState(p, 'authorised');
        return ok;
      }
      case 'STOP':
        if (p.state === 'fuelling') {
          this.endDelivery(p, 'stopped');
        } else if (p.state === 'authorised') {
          p.usedAuthIds.add(p.authId!);
          p.authId = null;
          p.presetMinor = null;
          this.setState(p, 'idle');
        }
        return ok;
      case 'CLEAR': {
        const delivery = this.uncleared.get(request.deliveryId);
        if (delivery && delivery.pump === p.pump) {
          this.uncleared.delete(request.deliveryId);
          this.cleared.add(request.deliveryId);
          return ok;
        }
        if (this.cleared.has(request.deliveryId)) return ok;
        return err(404, `pump ${p.pump} has no delivery ${request.deliveryId}`);
      }
    }
  }

  private startDelivery(p: PumpModel): void {
    const grade = p.nozzles.get(p.nozzle!)!;
    const unitPrice = this.prices.get(grade)!;
    const presetMl =
      p.presetMinor === null || unitPrice === 0
        ? null
        : millilitresForAmount(p.presetMinor, unitPrice);
    p.delivery = { grade, unitPrice, ml: 0, presetMl, hangUpAtMl: p.hangUpAtMl };
    this.setState(p, 'fuelling');
    this.timer ??= setInterval(() => this.tick(), this.tickMs);
  }

  private tick(): void {
    let flowing = false;
    for (const p of this.pumps.values()) {
      const d = p.delivery;
      if (p.state !== 'fuelling' || !d) continue;
      const limits = [d.ml + this.mlPerTick, d.presetMl, d.hangUpAtMl].filter(
        (n): n is number => n !== null,
      );
      d.ml = Math.max(d.ml, Math.min(...limits));
      this.notify({
        kind: 'progress',
        pump: p.pump,
        authId: p.authId!,
        grade: d.grade,
        millilitres: d.ml,
        amountMinor: fuelAmount(d.ml, d.unitPrice),
      });
      if (d.presetMl !== null && d.ml >= d.presetMl) {
        this.endDelivery(p, 'preset');
      } else if (d.hangUpAtMl !== null && d.ml >= d.hangUpAtMl) {
        this.hangUp(p.pump);
      } else {
        flowing = true;
      }
    }
    if (!flowing && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private endDelivery(p: PumpModel, reason: DeliveryEndReason): void {
    const d = p.delivery!;
    const delivery: DeliveryEnd = {
      pump: p.pump,
      deliveryId: `${this.prefix}-${++this.deliveries}`,
      authId: p.authId!,
      nozzle: p.nozzle!,
      grade: d.grade,
      millilitres: d.ml,
      unitPrice: d.unitPrice,
      amountMinor: fuelAmount(d.ml, d.unitPrice),
      presetMinor: p.presetMinor,
      reason,
    };
    p.delivery = null;
    p.usedAuthIds.add(p.authId!);
    this.uncleared.set(delivery.deliveryId, delivery);
    this.finished.push(delivery);
    this.notify({ kind: 'delivery-end', delivery });
    this.setState(p, 'stopped');
  }

  private setState(p: PumpModel, state: PumpState): void {
    p.state = state;
    this.notify({ kind: 'pump', status: this.statusOf(p) });
  }

  private statusOf(p: PumpModel): PumpStatus {
    return {
      pump: p.pump,
      state: p.state,
      nozzle: p.nozzle,
      grade: p.nozzle === null ? null : p.nozzles.get(p.nozzle)!,
      authId: p.authId,
      presetMinor: p.presetMinor,
    };
  }

  private reply(reply: FclReply): void {
    if (!reply.ok) this.counters.errorReplies++;
    this.send(encodeReply(reply));
  }

  private notify(n: FclNotification): void {
    this.send(encodeNotification(n));
  }

  private send(body: string): void {
    if (this.stopped) return;
    let line = encodeLine(body);
    if (this.faults.corruptLines > 0) {
      this.faults.corruptLines--;
      line = Uint8Array.from(line);
      // The CRC's last digit, changed: a line damaged on the wire.
      const at = line.length - 3;
      line[at] = line[at] === 0x30 ? 0x31 : 0x30;
    }
    this.counters.linesSent++;
    // Writes go out in order; a line that can't go out is the console's loss, as on a wire.
    this.link.write(line).catch(() => undefined);
  }
}
