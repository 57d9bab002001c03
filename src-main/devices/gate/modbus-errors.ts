/** Typed Modbus failures, so callers can tell "no answer" (offline) from "answered no" (fault). */

export type ModbusErrorKind = 'timeout' | 'exception' | 'crc' | 'frame' | 'transport';

export abstract class ModbusError extends Error {
  abstract readonly kind: ModbusErrorKind;
}

/** The slave did not answer in time: wrong unit id, unplugged, powered off, or bad wiring. */
export class ModbusTimeoutError extends ModbusError {
  readonly kind = 'timeout';
  constructor(
    readonly unitId: number,
    readonly functionCode: number,
    readonly timeoutMs: number,
  ) {
    super(`unit ${unitId} did not answer function 0x${hex(functionCode)} within ${timeoutMs} ms`);
    this.name = 'ModbusTimeoutError';
  }
}

const EXCEPTION_NAMES: Record<number, string> = {
  1: 'illegal function',
  2: 'illegal data address',
  3: 'illegal data value',
  4: 'server device failure',
  5: 'acknowledge',
  6: 'server device busy',
};

/** The slave understood the request and refused it with an exception response. */
export class ModbusExceptionError extends ModbusError {
  readonly kind = 'exception';
  constructor(
    readonly unitId: number,
    readonly functionCode: number,
    readonly exceptionCode: number,
  ) {
    const name = EXCEPTION_NAMES[exceptionCode] ?? 'unknown exception';
    super(`unit ${unitId} refused function 0x${hex(functionCode)}: ${name} (${exceptionCode})`);
    this.name = 'ModbusExceptionError';
  }
}

/** A response arrived but its checksum is wrong (line noise, baud rate mismatch). */
export class ModbusCrcError extends ModbusError {
  readonly kind = 'crc';
  constructor(readonly frameHex: string) {
    super(`response failed the CRC check: ${frameHex}`);
    this.name = 'ModbusCrcError';
  }
}

/** A response with a valid shape but the wrong unit, function or byte count. */
export class ModbusFrameError extends ModbusError {
  readonly kind = 'frame';
  constructor(message: string) {
    super(message);
    this.name = 'ModbusFrameError';
  }
}

/** The request could not be sent (port closed, write failed, master disposed). */
export class ModbusTransportError extends ModbusError {
  readonly kind = 'transport';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModbusTransportError';
  }
}

function hex(value: number): string {
  return value.toString(16).padStart(2, '0');
}
