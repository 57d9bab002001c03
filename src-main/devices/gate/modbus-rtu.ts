/**
 * Minimal Modbus RTU master: FC01/02/03/05/06 with CRC16 framing, a response timeout, typed
 * errors for exception responses, and one request in flight at a time (RTU is half-duplex: a
 * second request before the answer would garble both). The gate's register map lives in
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
  /** How long to wait for a complete response. */
  responseTimeoutMs?: number;
  /** Quiet time after a failed exchange, so a late reply cannot be taken for the next one. */
  recoveryDelayMs?: number;
}

interface PendingResponse {
  functionCode: FunctionCode;
  length: number;
  resolve(frame: Uint8Array): void;
  reject(error: Error): void;
}

export class ModbusRtuMaster {
  readonly unitId: number;
  private readonly responseTimeoutMs: number;
  private readonly recoveryDelayMs: number;
  private readonly unsubscribe: () => void;
  private queue: Promise<unknown> = Promise.resolve();
  private pending: PendingResponse | null = null;
  private rx = new Uint8Array(0);
  private disposed = false;

  constructor(
    private readonly transport: ModbusTransport,
    options: ModbusRtuMasterOptions,
  ) {
    if (!Number.isInteger(options.unitId) || options.unitId < 1 || options.unitId > 247) {
      throw new RangeError(`Modbus unit id must be 1..247, got ${options.unitId}`);
    }
    this.unitId = options.unitId;
    this.responseTimeoutMs = options.responseTimeoutMs ?? 500;
    this.recoveryDelayMs = options.recoveryDelayMs ?? 50;
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
    this.rx = new Uint8Array(0);
    let timer: NodeJS.Timeout | undefined;
    const response = new Promise<Uint8Array>((resolve, reject) => {
      this.pending = { functionCode: fc, length, resolve, reject };
      timer = setTimeout(
        () => reject(new ModbusTimeoutError(this.unitId, fc, this.responseTimeoutMs)),
        this.responseTimeoutMs,
      );
    });
    response.catch(() => undefined); // handled below; this only stops an "unhandled" warning
    try {
      try {
        await this.transport.write(frame);
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
      this.pending = null;
      this.rx = new Uint8Array(0);
    }
  }

  private receive(chunk: Uint8Array): void {
    const pending = this.pending;
    if (!pending) return; // a late reply to a request that already timed out
    const rx = new Uint8Array(this.rx.length + chunk.length);
    rx.set(this.rx);
    rx.set(chunk, this.rx.length);
    this.rx = rx;
    if (rx.length < 2) return;

    if (rx[0] !== this.unitId) {
      return this.fail(
        new ModbusFrameError(`response from unit ${rx[0]}, expected ${this.unitId}`),
      );
    }
    const isException = rx[1] === (pending.functionCode | EXCEPTION_FLAG);
    if (!isException && rx[1] !== pending.functionCode) {
      // A busy booth PC can miss a reply's deadline; that late reply then arrives while the next
      // request waits. A whole, valid frame of another function is that stale answer: drop it
      // and keep waiting for ours, rather than failing a gate command for someone else's reply.
      const stale = staleFrameLength(rx);
      if (stale === undefined) return; // not enough bytes yet to tell
      if (stale !== null && rx.length >= stale && hasValidCrc(rx.slice(0, stale))) {
        this.rx = rx.slice(stale);
        if (this.rx.length > 0) this.receive(new Uint8Array(0));
        return;
      }
      if (stale !== null && rx.length < stale) return;
      return this.fail(new ModbusFrameError(`unexpected function code in response: ${toHex(rx)}`));
    }
    const length = isException ? EXCEPTION_RESPONSE_LENGTH : pending.length;
    if (rx.length < length) return;
    const frame = rx.slice(0, length);
    if (!hasValidCrc(frame)) return this.fail(new ModbusCrcError(toHex(frame)));
    if (isException) {
      return this.fail(new ModbusExceptionError(this.unitId, pending.functionCode, frame[2] ?? 0));
    }
    const isRead = pending.functionCode <= FunctionCode.readHoldingRegisters;
    if (isRead && frame[2] !== length - 5) {
      return this.fail(new ModbusFrameError(`wrong byte count in response: ${toHex(frame)}`));
    }
    this.pending = null;
    pending.resolve(frame);
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }
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
