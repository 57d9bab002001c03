/**
 * Minimal Modbus RTU slave used by the simulators: frames requests, drops anything that fails
 * the CRC (a real slave stays silent on corrupted frames, so the master times out), answers
 * only its own unit id, and turns data-model refusals into exception responses.
 */
import {
  COIL_OFF,
  COIL_ON,
  EXCEPTION_FLAG,
  ExceptionCode,
  FunctionCode,
  MAX_READ_BITS,
  MAX_READ_REGISTERS,
  REQUEST_LENGTH,
  hasValidCrc,
  packBits,
  readWord,
  withCrc,
} from './modbus-frame';
import type { ModbusTransport } from './modbus-rtu';

/** Thrown by a data model to make the slave answer with a Modbus exception code. */
export class ModbusSlaveException extends Error {
  constructor(readonly exceptionCode: number) {
    super(`Modbus exception ${exceptionCode}`);
    this.name = 'ModbusSlaveException';
  }
}

/** The slave's registers. Methods throw ModbusSlaveException for bad addresses or values. */
export interface ModbusDataModel {
  readCoils(address: number, count: number): boolean[];
  readDiscreteInputs(address: number, count: number): boolean[];
  readHoldingRegisters(address: number, count: number): number[];
  writeSingleCoil(address: number, on: boolean): void;
  writeSingleRegister(address: number, value: number): void;
}

export interface ModbusRtuSlaveOptions {
  unitId: number;
  model: ModbusDataModel;
  /** Silence that ends a frame that was not recognised on arrival (RTU's 3.5 character gap). */
  frameGapMs?: number;
  onError?: (error: Error) => void;
}

export interface ModbusSlaveCounters {
  answered: number;
  crcErrors: number;
  otherUnits: number;
}

/** Line faults a test can ask for on the slave's next reply. */
export interface ModbusReplyFaults {
  /** Bytes sent just before the reply, as noise on the line would put them. */
  strayBytes?: number[];
  /** A write is answered with a different value than it asked for (CRC still good). */
  wrongEcho?: boolean;
}

const BROADCAST_UNIT = 0;

export class ModbusRtuSlave {
  readonly counters: ModbusSlaveCounters = { answered: 0, crcErrors: 0, otherUnits: 0 };
  /**
   * For each request after a reply: ms from the reply having been sent to the request's first
   * byte (the silence the master kept between frames, seen from this end).
   */
  readonly requestGapsMs: number[] = [];
  private rx = new Uint8Array(0);
  private repliedAt: number | null = null;
  private faults: ModbusReplyFaults[] = [];
  private gapTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly transport: ModbusTransport,
    private readonly options: ModbusRtuSlaveOptions,
  ) {
    this.unsubscribe = transport.onData((chunk) => this.receive(chunk));
  }

  /** The next reply (one per call, in order) comes with these faults. */
  injectFaults(faults: ModbusReplyFaults): void {
    this.faults.push(faults);
  }

  dispose(): void {
    clearTimeout(this.gapTimer);
    this.unsubscribe();
  }

  private receive(chunk: Uint8Array): void {
    if (this.rx.length === 0 && this.repliedAt !== null && chunk.length > 0) {
      this.requestGapsMs.push(performance.now() - this.repliedAt);
      this.repliedAt = null;
    }
    const rx = new Uint8Array(this.rx.length + chunk.length);
    rx.set(this.rx);
    rx.set(chunk, this.rx.length);
    this.rx = rx;
    // Fast path: every request we support is 8 bytes, so answer without waiting for the gap.
    while (this.rx.length >= REQUEST_LENGTH && hasValidCrc(this.rx.subarray(0, REQUEST_LENGTH))) {
      this.handleFrame(this.rx.slice(0, REQUEST_LENGTH));
      this.rx = this.rx.slice(REQUEST_LENGTH);
    }
    clearTimeout(this.gapTimer);
    if (this.rx.length > 0) {
      this.gapTimer = setTimeout(() => this.endOfFrame(), this.options.frameGapMs ?? 20);
    }
  }

  /** The line went quiet with unconsumed bytes: one odd-length frame, or garbage. */
  private endOfFrame(): void {
    const frame = this.rx;
    this.rx = new Uint8Array(0);
    if (frame.length >= 4 && hasValidCrc(frame)) this.handleFrame(frame);
    else this.counters.crcErrors++;
  }

  private handleFrame(frame: Uint8Array): void {
    const unit = frame[0] ?? -1;
    if (unit !== this.options.unitId && unit !== BROADCAST_UNIT) {
      this.counters.otherUnits++;
      return;
    }
    const fc = frame[1] ?? 0;
    let reply: number[];
    try {
      reply = this.execute(fc, frame);
    } catch (error) {
      if (!(error instanceof ModbusSlaveException)) {
        this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
      const code =
        error instanceof ModbusSlaveException
          ? error.exceptionCode
          : ExceptionCode.serverDeviceFailure;
      reply = [fc | EXCEPTION_FLAG, code];
    }
    if (unit === BROADCAST_UNIT) return; // broadcasts are never answered
    this.counters.answered++;
    const faults = this.faults.shift() ?? {};
    const isWrite = fc === FunctionCode.writeSingleCoil || fc === FunctionCode.writeSingleRegister;
    if (faults.wrongEcho && isWrite && reply.length === 5) reply[4] = (reply[4] ?? 0) ^ 0x01;
    const out = Uint8Array.from([...(faults.strayBytes ?? []), ...withCrc([unit, ...reply])]);
    this.transport
      .write(out)
      .then(() => (this.repliedAt = performance.now()))
      .catch((error: unknown) => {
        this.options.onError?.(error instanceof Error ? error : new Error(String(error)));
      });
  }

  /** Runs one request against the model and returns the response PDU. */
  private execute(fc: number, frame: Uint8Array): number[] {
    if (frame.length !== REQUEST_LENGTH) {
      throw new ModbusSlaveException(ExceptionCode.illegalFunction);
    }
    const address = readWord(frame, 2);
    const value = readWord(frame, 4);
    const model = this.options.model;
    switch (fc) {
      case FunctionCode.readCoils:
      case FunctionCode.readDiscreteInputs: {
        requireCount(value, MAX_READ_BITS);
        const bits =
          fc === FunctionCode.readCoils
            ? model.readCoils(address, value)
            : model.readDiscreteInputs(address, value);
        const packed = packBits(bits);
        return [fc, packed.length, ...packed];
      }
      case FunctionCode.readHoldingRegisters: {
        requireCount(value, MAX_READ_REGISTERS);
        const words = model.readHoldingRegisters(address, value);
        return [fc, words.length * 2, ...words.flatMap((w) => [(w >>> 8) & 0xff, w & 0xff])];
      }
      case FunctionCode.writeSingleCoil:
        if (value !== COIL_ON && value !== COIL_OFF) {
          throw new ModbusSlaveException(ExceptionCode.illegalDataValue);
        }
        model.writeSingleCoil(address, value === COIL_ON);
        return [...frame.subarray(1, 6)];
      case FunctionCode.writeSingleRegister:
        model.writeSingleRegister(address, value);
        return [...frame.subarray(1, 6)];
      default:
        throw new ModbusSlaveException(ExceptionCode.illegalFunction);
    }
  }
}

function requireCount(count: number, max: number): void {
  if (count < 1 || count > max) throw new ModbusSlaveException(ExceptionCode.illegalDataValue);
}
