/**
 * What a receipt printer model can print: how many dots a line holds, how many characters of
 * font A fit, whether it draws Code128 and QR itself, and the narrowest bar it prints cleanly.
 * The encoder checks every symbol against it, so nothing is sent that the printer would drop.
 */

export type PaperWidth = '80mm' | '58mm';

export interface PrinterProfile {
  /** Printable dots per line: 576 for 80 mm paper at 203 dpi, 384 for 58 mm. */
  dotsPerLine: number;
  /** Characters per line of font A the receipt is laid out in. */
  columns: number;
  /**
   * The printer draws Code128 (GS k) and QR (GS ( k) itself. Without them, symbols are drawn
   * here with bwip-js and sent as raster bit images (GS v 0).
   */
  nativeSymbols: boolean;
  /**
   * Code128 module widths in dots, widest first: the widest that fits the line (with its quiet
   * zones) is used, and a code too long for the narrowest is printed as a QR code instead.
   * Epson TM printers accept 2-6 (GS w); 1 dot (0.125 mm) is too fine for most scanners.
   */
  code128Modules: number[];
  /** QR module sizes in dots (GS ( k 167, 1-16), largest first, tried the same way. */
  qrModules: number[];
}

/** The printer block of the station config (see station-config.ts); unset fields follow `paper`. */
export interface PrinterProfileSettings {
  paper?: PaperWidth;
  dotsPerLine?: number;
  columns?: number;
  nativeSymbols?: boolean;
  /** The narrowest Code128 module allowed, in dots. */
  narrowestModule?: number;
}

const PAPER: Record<PaperWidth, { dotsPerLine: number; columns: number }> = {
  '80mm': { dotsPerLine: 576, columns: 42 },
  '58mm': { dotsPerLine: 384, columns: 32 },
};

const WIDEST_MODULE = 3;
const DEFAULT_NARROWEST_MODULE = 2;
const QR_MODULES = [6, 5, 4, 3];

export function printerProfile(settings: PrinterProfileSettings = {}): PrinterProfile {
  const paper = PAPER[settings.paper ?? '80mm'];
  const dotsPerLine = settings.dotsPerLine ?? paper.dotsPerLine;
  const columns = settings.columns ?? paper.columns;
  const narrowest = settings.narrowestModule ?? DEFAULT_NARROWEST_MODULE;
  if (!Number.isInteger(dotsPerLine) || dotsPerLine < 96 || dotsPerLine % 8 !== 0) {
    throw new RangeError(`dots per line must be a multiple of 8, at least 96 (got ${dotsPerLine})`);
  }
  if (!Number.isInteger(narrowest) || narrowest < 1 || narrowest > 6) {
    throw new RangeError(`narrowest Code128 module must be 1-6 dots (got ${narrowest})`);
  }
  const code128Modules: number[] = [];
  for (let width = Math.max(WIDEST_MODULE, narrowest); width >= narrowest; width--) {
    code128Modules.push(width);
  }
  return {
    dotsPerLine,
    columns,
    nativeSymbols: settings.nativeSymbols ?? true,
    code128Modules,
    qrModules: QR_MODULES,
  };
}

/** 80 mm paper, 203 dpi, native Code128 and QR: what the encoder assumes unless told. */
export const DEFAULT_PRINTER_PROFILE: PrinterProfile = printerProfile();
