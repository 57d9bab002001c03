/**
 * Barcode symbols as module patterns, drawn by bwip-js: the encoder uses them to size symbols
 * and to rasterise them for printers without native barcodes, and the simulator to print the QR
 * codes it receives the way a printer's firmware would.
 */
import bwipjs, { type RawOptions } from 'bwip-js/node';

export type QrErrorLevel = 'L' | 'M' | 'Q' | 'H';

export interface ModuleMatrix {
  /** Modules per side (QR symbols are square). */
  size: number;
  /** Row-major, 1 = dark module. */
  dark: Uint8Array;
}

interface RawMatrix {
  pixs: number[];
  pixx: number;
  pixy: number;
}
interface RawBars {
  sbs: number[];
}

/** The QR symbol (model 2, smallest version that holds `data`), without its quiet zone. */
export function qrMatrix(data: string, errorLevel: QrErrorLevel): ModuleMatrix {
  const options: RawOptions & { eclevel: QrErrorLevel } = {
    bcid: 'qrcode',
    text: data,
    eclevel: errorLevel,
  };
  const [symbol] = bwipjs.raw(options) as RawMatrix[];
  if (!symbol || symbol.pixx !== symbol.pixy || symbol.pixs.length !== symbol.pixx ** 2) {
    throw new Error('bwip-js returned no square QR matrix');
  }
  return { size: symbol.pixx, dark: Uint8Array.from(symbol.pixs) };
}

/**
 * Code128 module widths (bar, space, bar, ... ending with the stop's termination bar) as
 * bwip-js encodes it, switching code sets where that makes the symbol shorter.
 */
export function code128Bars(data: string): number[] {
  const [symbol] = bwipjs.raw({ bcid: 'code128', text: data }) as RawBars[];
  if (!symbol || symbol.sbs.length === 0) throw new Error('bwip-js returned no Code128 bars');
  return symbol.sbs;
}
