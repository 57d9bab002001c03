/**
 * Serial line settings (baud, data bits, parity, stop bits) per device, with each protocol's
 * defaults, and the one place they become serialport's open options.
 *
 * Modbus over Serial Line V1.02 §2.5.1: RTU characters are 11 bits (start, 8 data, parity, stop);
 * even parity is the required default, and a line without parity must use 2 stop bits so the
 * character stays 11 bits long. The receipt printer and the pole display default to 8N1.
 */
import { z } from 'zod';

export type Parity = 'none' | 'even' | 'odd';

export interface LineSettings {
  baudRate: number;
  dataBits: 7 | 8;
  parity: Parity;
  stopBits: 1 | 2;
}

/** The rates serial adapters and these devices actually offer. */
export const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;

const baudRate = z.union(BAUD_RATES.map((b) => z.literal(b)) as [z.ZodLiteral<number>]);
const dataBits = z.union([z.literal(7), z.literal(8)]);
const parity = z.enum(['none', 'even', 'odd']);
const stopBits = z.union([z.literal(1), z.literal(2)]);

/**
 * Line settings of a Modbus RTU device (8E1 by default). Without parity the stop bits default
 * to 2, and 1 is refused: per the spec such a line must keep 11-bit characters.
 */
export const modbusLineFields = {
  baudRate: baudRate.default(9600),
  dataBits: z.literal(8).default(8),
  parity: parity.default('even'),
  /** Derived when left out: 2 without parity, else 1 (see modbusLine). */
  stopBits: stopBits.optional(),
};

/** Line settings of a plain serial device such as a printer or a display (8N1 by default). */
export const plainLineFields = {
  baudRate: baudRate.default(9600),
  dataBits: dataBits.default(8),
  parity: parity.default('none'),
  stopBits: stopBits.default(1),
};

/** Refuses a Modbus line without parity and with 1 stop bit (add to the object's schema). */
export function refineModbusLine(
  line: { parity: Parity; stopBits?: 1 | 2 | undefined },
  ctx: z.RefinementCtx,
): void {
  if (line.parity === 'none' && line.stopBits === 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['stopBits'],
      message: 'Modbus RTU without parity needs 2 stop bits (Modbus over Serial Line §2.5.1)',
    });
  }
}

/** The full settings of a Modbus line, with stop bits derived from the parity when not given. */
export function modbusLine(
  line: Partial<Omit<LineSettings, 'stopBits'>> & { stopBits?: 1 | 2 | undefined } = {},
): LineSettings {
  const p = line.parity ?? 'even';
  return {
    baudRate: line.baudRate ?? 9600,
    dataBits: line.dataBits ?? 8,
    parity: p,
    stopBits: line.stopBits ?? (p === 'none' ? 2 : 1),
  };
}

/** The full settings of a plain line (8N1 at 9600 unless told otherwise). */
export function plainLine(line: Partial<LineSettings> = {}): LineSettings {
  return {
    baudRate: line.baudRate ?? 9600,
    dataBits: line.dataBits ?? 8,
    parity: line.parity ?? 'none',
    stopBits: line.stopBits ?? 1,
  };
}

/** Bits on the wire per character: start, data, parity (if any), stop. */
export function characterBits(line: LineSettings): number {
  return 1 + line.dataBits + (line.parity === 'none' ? 0 : 1) + line.stopBits;
}

/**
 * The silence that separates Modbus RTU frames: 3.5 character times, and a fixed 1.75 ms above
 * 19200 baud (Modbus over Serial Line §2.5.1.1), in milliseconds.
 */
export function interFrameSilenceMs(line: LineSettings): number {
  if (line.baudRate > 19200) return 1.75;
  return (3.5 * characterBits(line) * 1000) / line.baudRate;
}

/** The options serialport's SerialPort is opened with for this line (no binding, no autoOpen). */
export function serialOptions(
  path: string,
  line: LineSettings,
): {
  path: string;
  baudRate: number;
  dataBits: 7 | 8;
  parity: Parity;
  stopBits: 1 | 2;
  rtscts: false;
  xon: false;
  xoff: false;
} {
  return {
    path,
    baudRate: line.baudRate,
    dataBits: line.dataBits,
    parity: line.parity,
    stopBits: line.stopBits,
    rtscts: false,
    xon: false,
    xoff: false,
  };
}

export function describeLine(line: LineSettings): string {
  return `${line.baudRate} ${line.dataBits}${line.parity[0]!.toUpperCase()}${line.stopBits}`;
}
