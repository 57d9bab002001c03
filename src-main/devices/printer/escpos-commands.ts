/**
 * ESC/POS byte values shared by the encoder, decoder, printer driver and simulator.
 * Reference: Epson ESC/POS Application Programming Guide (TM-T20/TM-T88 command set).
 */

export const LF = 0x0a;
export const CR = 0x0d;
export const ESC = 0x1b;
export const GS = 0x1d;
export const DLE = 0x10;
export const EOT = 0x04;
export const NUL = 0x00;

export type Alignment = 'left' | 'center' | 'right';
export const ALIGNMENTS: readonly Alignment[] = ['left', 'center', 'right'];

/** GS k m: function B symbology number for Code128. */
export const BARCODE_CODE128 = 73;
/** GS ( k: symbol type byte (cn) for QR Code and its function numbers (fn). */
export const QR_CN = 49;
export const QR_FN_MODEL = 65;
export const QR_FN_SIZE = 67;
export const QR_FN_ERROR_LEVEL = 69;
export const QR_FN_STORE = 80;
export const QR_FN_PRINT = 81;
/** GS ( k fn 69 parameters 48-51 are error correction levels L, M, Q, H. */
export const QR_ERROR_LEVELS = ['L', 'M', 'Q', 'H'] as const;
/** GS v 0 m xL xH yL yH d1..dk: print a raster bit image (m = 0: normal scale). */
export const RASTER_IMAGE = 0x76;
/** GS V m: partial cut. */
export const CUT_PARTIAL = 1;

/** DLE EOT n: real-time status requests, answered with one byte even mid-job. */
export const StatusRequest = { printer: 1, offlineCause: 2, error: 3, paper: 4 } as const;

/** Every status byte has bits 1 and 4 set and bits 0 and 7 clear; anything else is noise. */
export const STATUS_FIXED_MASK = 0x93;
export const STATUS_FIXED_BITS = 0x12;
/** DLE EOT 1, bit 3: printer is offline (cover open, paper out, error). */
export const STATUS_OFFLINE = 0x08;
/** DLE EOT 2 (why it is offline), bit 2: cover open; bit 5: stopped at paper end; bit 6: error. */
export const OFFLINE_COVER_OPEN = 0x04;
export const OFFLINE_PAPER_END = 0x20;
export const OFFLINE_ERROR = 0x40;
/**
 * DLE EOT 3 (which error), bit 3: auto-cutter error; bit 5: unrecoverable error; bit 6: an error
 * that clears by itself (e.g. the head overheated).
 */
export const ERROR_AUTOCUTTER = 0x08;
export const ERROR_UNRECOVERABLE = 0x20;
export const ERROR_AUTO_RECOVERABLE = 0x40;
/** DLE EOT 4, bits 2-3: roll paper near end; bits 5-6: roll paper end. */
export const PAPER_NEAR_END = 0x0c;
export const PAPER_END = 0x60;

export function isStatusByte(byte: number): boolean {
  return (byte & STATUS_FIXED_MASK) === STATUS_FIXED_BITS;
}

export function statusRequest(n: number): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

/** Escapes Code128 data for GS k 73: '{' starts a code-set switch, so a literal one is '{{'. */
export function escapeCode128(data: string): string {
  return data.replaceAll('{', '{{');
}

/** Reverses escapeCode128 and drops code-set switches such as '{B'. */
export function unescapeCode128(data: string): string {
  return data.replace(/\{(.)/g, (_, next: string) => (next === '{' ? '{' : ''));
}
