/**
 * Minimal Modbus RTU master: FC01/02/03/05/06 with CRC16 framing, a response timeout, typed
 * errors for exception responses, and one request in flight at a time (RTU is half-duplex: a
 * second request before the answer would garble both). It keeps the 3.5-character silence
 * before each request, checks that a write's reply echoes it, and resynchronises past stray
 * bytes in the reply stream (the first whole frame with a good CRC is the answer). The gate's register map lives in
 * ./gate-register-map. Framing helpers (crc16 etc.) are in ./modbus-frame and re-exported here.
 */
import {
  COIL_OFF,
  COIL_ON,
  EXCEPTION_FLAG,
  EXCEPTION_RESPONSE_LENGTH,
  FunctionCode,
  MAX_READ_BITS,
  MAX_READ_REGISTERS,
  buildRequest,
  expectedResponseLength,
  hasValidCrc,
  readWord,
  toHex,
  unpackBits,
} from './modbus-frame';
import { interFrameSilenceMs, modbusLine, type LineSettings } from '../serial/line-settings';
import {
  ModbusCrcError,
  ModbusExceptionError,
  ModbusFrameError,
  ModbusTimeoutError,
  ModbusTransportError,
} from './modbus-errors';

export { crc16, withCrc, hasValidCrc, FunctionCode, ExceptionCode } from './modbus-frame';
export * from './modbus-errors';

/** What the master needs from a serial port; `SerialLink` satisfies it. */
export interface ModbusTransport {
  write(data: Uint8Array): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): () => void;
}

export interface ModbusRtuMasterOptions {
  /** Slave address, 1..247. */
  unitId: number;
  /** The line's settings, for the silence between frames. Default 9600 8E1. */
  line?: LineSettings;
  /** How long to wait for a complete response. */
  responseTimeoutMs?: number;
  /** Quiet time after a failed exchange, so a late reply cannot be taken for the next one. */
  recoveryDelayMs?: number;
  /**
   * How long the line must stay quiet before bytes that form no valid frame are judged (a reply
   * with a bad CRC, a function never asked for). Default 30 ms, or 10 silences if longer.
   */
  quietMs?: number;
}

export interface ModbusMasterCounters {
  /** Bytes skipped to find a valid frame (line noise, a stray byte before a reply). */
  skippedBytes: number;
  /** Whole valid frames dropped as the late answer to an earlier request. */
  staleFrames: number;
}

interface PendingResponse {
  request: Uint8Array;
  functionCode: FunctionCode;
  length: number;
  resolve(frame: Uint8Array): void;
  reject(error: Error): void;
}

export class ModbusRtuMaster {
  readonly unitId: number;
  /** The silence kept between frames on this line (3.5 characters; 1.75 ms above 19200). */
  readonly silenceMs: number;
  readonly counters: ModbusMasterCounters = { skippedBytes: 0, staleFrames: 0 };
  private readonly responseTimeoutMs: number;
  private readonly recoveryDelayMs: number;
  private readonly quietMs: number;
  private readonly unsubscribe: () => void;
  private queue: Promise<unknown> = Promise.resolve();
  private pending: PendingResponse | null = null;
  private rx = new Uint8Array(0);
  private quietTimer: NodeJS.Timeout | undefined;
  /** When the line last carried a byte either way (performance.now()). */
  private lastActivity = -Infinity;
  private disposed = false;

  constructor(
    private readonly transport: ModbusTransport,
    options: ModbusRtuMasterOptions,
  ) {
    if (!Number.isInteger(options.unitId) || options.unitId < 1 || options.unitId > 247) {
      throw new RangeError(`Modbus unit id must be 1..247, got ${options.unitId}`);
    }
    this.unitId = options.unitId;
    this.silenceMs = interFrameSilenceMs(options.line ?? modbusLine());
    this.responseTimeoutMs = options.responseTimeoutMs ?? 500;
    this.recoveryDelayMs = options.recoveryDelayMs ?? 50;
    this.quietMs = options.quietMs ?? Math.max(30, 10 * this.silenceMs);
    this.unsubscribe = transport.onData((chunk) => this.receive(chunk));
  }

  async readCoils(address: number, count: number): Promise<boolean[]> {
    checkRange('count', count, 1, MAX_READ_BITS);
    const data = await this.request(FunctionCode.readCoils, address, count);
    return unpackBits(data, count);
  }

  async readDiscreteInputs(address: number, count: number): Promise<boolean[]> {
    checkRange('count', count, 1, MAX_READ_BITS);
    const data = await this.request(FunctionCode.readDiscreteInputs, address, count);
    return unpackBits(data, count);
  }

  async readHoldingRegisters(address: number, count: number): Promise<number[]> {
    checkRange('count', count, 1, MAX_READ_REGISTERS);
    const data = await this.request(FunctionCode.readHoldingRegisters, address, count);
    return Array.from({ length: count }, (_, i) => readWord(data, i * 2));
  }

  async writeSingleCoil(address: number, on: boolean): Promise<void> {
    await this.request(FunctionCode.writeSingleCoil, address, on ? COIL_ON : COIL_OFF);
  }

  async writeSingleRegister(address: number, value: number): Promise<void> {
    checkRange('value', value, 0, 0xffff);
    await this.request(FunctionCode.writeSingleRegister, address, value);
  }

  /** Rejects the request in flight and everything queued; the transport is left open. */
  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    clearTimeout(this.quietTimer);
    this.pending?.reject(new ModbusTransportError('Modbus master disposed'));
    this.pending = null;
  }

  /** Queues one exchange and resolves with the response's data bytes (after the byte count). */
  private request(functionCode: FunctionCode, address: number, value: number): Promise<Uint8Array> {
    checkRange('address', address, 0, 0xffff);
    const frame = buildRequest(this.unitId, functionCode, address, value);
    const isRead = functionCode <= FunctionCode.readHoldingRegisters;
    const length = expectedResponseLength(functionCode, isRead ? value : 1);
    const run = this.queue.then(() => this.exchange(frame, functionCode, length));
    this.queue = run.catch(() => undefined);
    return run.then((response) => (isRead ? response.subarray(3, -2) : response.subarray(2, -2)));
  }

  private async exchange(frame: Uint8Array, fc: FunctionCode, length: number): Promise<Uint8Array> {
    if (this.disposed) throw new ModbusTransportError('Modbus master disposed');
    await this.keepSilence();
    this.rx = new Uint8Array(0);
    let timer: NodeJS.Timeout | undefined;
    const response = new Promise<Uint8Array>((resolve, reject) => {
      this.pending = { request: frame, functionCode: fc, length, resolve, reject };
      timer = setTimeout(
        () =>
          reject(
            this.diagnose(true) ?? new ModbusTimeoutError(this.unitId, fc, this.responseTimeoutMs),
          ),
        this.responseTimeoutMs,
      );
    });
    response.catch(() => undefined); // handled below; this only stops an "unhandled" warning
    try {
      try {
        await this.transport.write(frame);
        this.lastActivity = performance.now();
      } catch (error) {
        throw new ModbusTransportError(`cannot send Modbus request: ${message(error)}`, {
          cause: error,
        });
      }
      return await response;
    } catch (error) {
      await delay(this.recoveryDelayMs);
      throw error;
    } finally {
      clearTimeout(timer);
      clearTimeout(this.quietTimer);
      this.pending = null;
      this.rx = new Uint8Array(0);
    }
  }

  /** Waits until the line has been quiet for the inter-frame silence (RTU's t3.5). */
  private async keepSilence(): Promise<void> {
    for (;;) {
      const left = this.lastActivity + this.silenceMs - performance.now();
      if (left <= 0) return;
      await delay(Math.ceil(left));
    }
  }

  private receive(chunk: Uint8Array): void {
    this.lastActivity = performance.now();
    const pending = this.pending;
    if (!pending) return; // a late reply to a request that already timed out
    const rx = new Uint8Array(this.rx.length + chunk.length);
    rx.set(this.rx);
    rx.set(chunk, this.rx.length);
    this.rx = rx;
    clearTimeout(this.quietTimer);

    // Resynchronise: take the first whole frame with a good CRC that answers this request,
    // skipping stray bytes before it and dropping whole late answers to earlier requests.
    for (;;) {
      const found = findFrame(this.rx, this.unitId, pending);
      if (!found) break;
      this.counters.skippedBytes += found.offset;
      const frame = this.rx.slice(found.offset, found.offset + found.length);
      this.rx = this.rx.slice(found.offset + found.length);
      if (found.stale) {
        this.counters.staleFrames++;
        continue;
      }
      return this.settle(pending, frame);
    }
    if (this.rx.length > 0) {
      this.quietTimer = setTimeout(() => {
        const error = this.diagnose(false);
        if (error) this.fail(error);
      }, this.quietMs);
    }
  }

  /** A reply that holds a frame answering the request: resolve, or fail with what is wrong. */
  private settle(pending: PendingResponse, frame: Uint8Array): void {
    if (frame[1] === (pending.functionCode | EXCEPTION_FLAG)) {
      return this.fail(new ModbusExceptionError(this.unitId, pending.functionCode, frame[2] ?? 0));
    }
    const isRead = pending.functionCode <= FunctionCode.readHoldingRegisters;
    if (isRead && frame[2] !== frame.length - 5) {
      return this.fail(new ModbusFrameError(`wrong byte count in response: ${toHex(frame)}`));
    }
    if (!isRead && !sameBytes(frame, pending.request)) {
      // A write is answered by echoing the request; anything else was not what we asked for.
      return this.fail(
        new ModbusFrameError(
          `write reply does not echo the request: sent ${toHex(pending.request)}, got ${toHex(frame)}`,
        ),
      );
    }
    this.pending = null;
    pending.resolve(frame);
  }

  /**
   * What the bytes received so far say once the line is quiet, when they hold no valid answer:
   * a frame of this exchange with a bad CRC, a whole frame of another unit or of a function we
   * never asked for. Null when they are only noise (keep waiting; `final`: the timeout says so).
   */
  private diagnose(final: boolean): Error | null {
    const rx = this.rx;
    const pending = this.pending;
    if (!pending || rx.length < 2) return null;
    // A frame of this exchange that starts after some noise still counts.
    const answers = (fc: number) =>
      fc === pending.functionCode || fc === (pending.functionCode | EXCEPTION_FLAG);
    const start = rx.findIndex((b, i) => b === this.unitId && answers(rx[i + 1] ?? -1));
    if (start >= 0) {
      const fc = rx[start + 1]!;
      const length = fc === pending.functionCode ? pending.length : EXCEPTION_RESPONSE_LENGTH;
      const frame = rx.slice(start, start + length);
      if (frame.length === length) return new ModbusCrcError(toHex(frame));
      return final ? new ModbusFrameError(`incomplete response: ${toHex(frame)}`) : null;
    }
    if (!hasValidCrc(rx)) return null;
    if (rx[0] !== this.unitId) {
      return new ModbusFrameError(`response from unit ${rx[0]}, expected ${this.unitId}`);
    }
    return new ModbusFrameError(`unexpected function code in response: ${toHex(rx)}`);
  }

  private fail(error: Error): void {
    clearTimeout(this.quietTimer);
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }
}

/**
 * The first whole frame in `rx` with a good CRC from `unitId` that answers `pending` (its
 * function, or its exception), or is a whole late answer of another function this master uses
 * (`stale`). Null while there is none yet.
 */
function findFrame(
  rx: Uint8Array,
  unitId: number,
  pending: PendingResponse,
): { offset: number; length: number; stale: boolean } | null {
  for (let offset = 0; offset + EXCEPTION_RESPONSE_LENGTH <= rx.length; offset++) {
    if (rx[offset] !== unitId) continue;
    const fc = rx[offset + 1]!;
    const rest = rx.subarray(offset);
    let length: number | null | undefined;
    let stale = false;
    if (fc === pending.functionCode) length = pending.length;
    else if (fc === (pending.functionCode | EXCEPTION_FLAG)) length = EXCEPTION_RESPONSE_LENGTH;
    else {
      length = staleFrameLength(rest);
      stale = true;
    }
    if (length == null || length > rest.length) continue;
    if (hasValidCrc(rest.subarray(0, length))) return { offset, length, stale };
  }
  return null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * The length of a response frame of any function this master uses, from its first bytes;
 * undefined while too few bytes have come to tell, null for a function it never sends.
 */
function staleFrameLength(rx: Uint8Array): number | null | undefined {
  const fc = rx[1]!;
  if (fc & EXCEPTION_FLAG) return EXCEPTION_RESPONSE_LENGTH;
  if (fc >= FunctionCode.readCoils && fc <= FunctionCode.readHoldingRegisters) {
    return rx.length < 3 ? undefined : 5 + rx[2]!;
  }
  if (fc === FunctionCode.writeSingleCoil || fc === FunctionCode.writeSingleRegister) return 8;
  return null;
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Modbus ${name} must be an integer ${min}..${max}, got ${value}`);
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
