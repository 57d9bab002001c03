/**
 * Modbus RTU framing shared by the master (station) and the slave (simulator): CRC16, the five
 * function codes we use, request building and bit packing. Frame = unit id, PDU, CRC16 (low byte
 * first). Reference: Modbus over Serial Line V1.02 and Modbus Application Protocol V1.1b3.
 */

export const FunctionCode = {
  readCoils: 0x01,
  readDiscreteInputs: 0x02,
  readHoldingRegisters: 0x03,
  writeSingleCoil: 0x05,
  writeSingleRegister: 0x06,
} as const;
export type FunctionCode = (typeof FunctionCode)[keyof typeof FunctionCode];

export const ExceptionCode = {
  illegalFunction: 0x01,
  illegalDataAddress: 0x02,
  illegalDataValue: 0x03,
  serverDeviceFailure: 0x04,
} as const;

/** Set on the function code of a response that reports an exception. */
export const EXCEPTION_FLAG = 0x80;
/** FC05 values: anything else is an illegal data value. */
export const COIL_ON = 0xff00;
export const COIL_OFF = 0x0000;
/** Every request we send (FC01/02/03/05/06) is unit + fc + 2 words + CRC. */
export const REQUEST_LENGTH = 8;
export const EXCEPTION_RESPONSE_LENGTH = 5;
export const MAX_READ_BITS = 2000;
export const MAX_READ_REGISTERS = 125;

/** CRC-16/MODBUS: reflected polynomial 0xA001, initial value 0xFFFF. */
export function crc16(bytes: Uint8Array, end = bytes.length): number {
  let crc = 0xffff;
  for (let i = 0; i < end; i++) {
    crc ^= bytes[i] ?? 0;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
    }
  }
  return crc;
}

/** Returns a copy of `body` with its CRC appended, low byte first as RTU requires. */
export function withCrc(body: Uint8Array | number[]): Uint8Array {
  const frame = new Uint8Array(body.length + 2);
  frame.set(body);
  const crc = crc16(frame, body.length);
  frame[body.length] = crc & 0xff;
  frame[body.length + 1] = crc >>> 8;
  return frame;
}

export function hasValidCrc(frame: Uint8Array): boolean {
  if (frame.length < 4) return false;
  const crc = crc16(frame, frame.length - 2);
  return frame[frame.length - 2] === (crc & 0xff) && frame[frame.length - 1] === crc >>> 8;
}

/** Builds an FC01/02/03/05/06 request: all of them carry two 16-bit words. */
export function buildRequest(
  unitId: number,
  functionCode: FunctionCode,
  first: number,
  second: number,
): Uint8Array {
  return withCrc([unitId, functionCode, first >>> 8, first & 0xff, second >>> 8, second & 0xff]);
}

/** Length of a normal (non-exception) response to the given request. */
export function expectedResponseLength(functionCode: FunctionCode, quantity: number): number {
  switch (functionCode) {
    case FunctionCode.readCoils:
    case FunctionCode.readDiscreteInputs:
      return 3 + Math.ceil(quantity / 8) + 2;
    case FunctionCode.readHoldingRegisters:
      return 3 + quantity * 2 + 2;
    case FunctionCode.writeSingleCoil:
    case FunctionCode.writeSingleRegister:
      return 8; // echo of the request
  }
}

export function readWord(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] ?? 0) << 8) | (bytes[offset + 1] ?? 0);
}

/** Packs bits LSB-first into bytes, as FC01/02 responses carry them. */
export function packBits(bits: readonly boolean[]): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(bits.length / 8));
  bits.forEach((on, i) => {
    if (on) bytes[i >> 3] = (bytes[i >> 3] ?? 0) | (1 << (i & 7));
  });
  return bytes;
}

export function unpackBits(bytes: Uint8Array, count: number): boolean[] {
  return Array.from({ length: count }, (_, i) => (((bytes[i >> 3] ?? 0) >> (i & 7)) & 1) === 1);
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
