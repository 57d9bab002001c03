/**
 * Simulated ESC/POS receipt printer on the device end of a pty pair. Answers DLE EOT 1-4 real-time
 * status as an Epson printer does, for every state it can be put in at runtime (paper near end,
 * paper out, cover open, an error, unplugged; see SimulatedPrinterState), and can be made to fail
 * in the middle of the next job, as a printer whose cover is opened or cable pulled mid-receipt.
 * It decodes the job up to each cut and saves every receipt as receipt-<n>.txt and .png in outDir.
 * It prints Code128 and QR natively (GS k, GS ( k) and raster images (GS v 0), on a line of
 * `dotsPerLine` dots: a symbol wider than that is not printed, as on a real printer.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { plainLine, type LineSettings } from '../serial/line-settings';
import { SerialLink } from '../serial/serial-link';
import {
  DLE,
  EOT,
  ERROR_AUTOCUTTER,
  ERROR_AUTO_RECOVERABLE,
  ERROR_UNRECOVERABLE,
  OFFLINE_COVER_OPEN,
  OFFLINE_ERROR,
  OFFLINE_PAPER_END,
  PAPER_END,
  PAPER_NEAR_END,
  STATUS_FIXED_BITS,
  STATUS_OFFLINE,
  StatusRequest,
} from './escpos-commands';
import { EscPosStreamDecoder, type DecodedReceipt } from './escpos-decoder';
import { watchPrinterStateFile } from './printer-state-file';
import { preloadReceiptRenderer, printedWidthDots, renderReceiptPng } from './receipt-renderer';

export interface PrinterSimulatorOptions {
  /** The device end of the pty pair. */
  path: string;
  /** Where receipt-<n>.txt / .png files go; created if missing. */
  outDir: string;
  /** The line's settings, as the station's side uses them. Default 9600 8N1. */
  line?: LineSettings;
  /** Columns the station encodes with, for the PNG layout. Default 42. */
  columns?: number;
  /** Printable dots per line: 576 (80 mm at 203 dpi, the default) or 384 (58 mm). */
  dotsPerLine?: number;
  /**
   * A JSON file whose contents change the state while it runs, for the demo (see
   * printer-state-file.ts); none by default.
   */
  stateFile?: string;
}

const DEFAULT_DOTS_PER_LINE = 576;

export interface SimulatedReceiptFiles {
  textPath: string;
  /** null when the PNG could not be rendered (see onError). */
  pngPath: string | null;
}

/** Everything about the simulated printer that a test or the demo can change while it runs. */
export interface SimulatedPrinterState {
  /** Roll near its end: still prints, and says so (DLE EOT 4 bits 2-3). */
  paperLow: boolean;
  /** No paper: offline, prints nothing (DLE EOT 1 bit 3, 2 bit 5, 4 bits 5-6). */
  paperOut: boolean;
  /** Cover open: offline, prints nothing (DLE EOT 1 bit 3, 2 bit 2). */
  coverOpen: boolean;
  /** Offline on an error (DLE EOT 2 bit 6, and its kind in DLE EOT 3); null when none. */
  error: SimulatedPrinterError | null;
  /** Powered off or cable pulled: answers nothing and hears nothing. */
  unplugged: boolean;
}

export type SimulatedPrinterError = 'autocutter' | 'unrecoverable' | 'recoverable';

/** What goes wrong part-way through the next job (see failDuringNextJob). */
export type MidJobFault = 'paperOut' | 'coverOpen' | 'unplug';

const ERROR_BITS: Record<SimulatedPrinterError, number> = {
  autocutter: ERROR_AUTOCUTTER,
  unrecoverable: ERROR_UNRECOVERABLE,
  recoverable: ERROR_AUTO_RECOVERABLE,
};

type ReceiptListener = (receipt: DecodedReceipt, files: SimulatedReceiptFiles) => void;

export class PrinterSimulator {
  /** Receipts actually printed, in order; each is added once its files are written. */
  readonly receipts: DecodedReceipt[] = [];
  private current: SimulatedPrinterState = {
    paperLow: false,
    paperOut: false,
    coverOpen: false,
    error: null,
    unplugged: false,
  };
  /** Armed by failDuringNextJob: the fault and how many more bytes the printer takes first. */
  private pendingFault: { fault: MidJobFault; bytesLeft: number } | null = null;
  private discardedCount = 0;
  private printedCount = 0;
  private saving: Promise<void> = Promise.resolve();
  private decoder: EscPosStreamDecoder;
  private readonly receiptListeners = new Set<ReceiptListener>();
  private readonly errorListeners = new Set<(error: Error) => void>();
  private readonly stopWatching: () => void;

  private constructor(
    private readonly link: SerialLink,
    private readonly options: PrinterSimulatorOptions,
    printedBefore: number,
  ) {
    this.printedCount = printedBefore;
    this.decoder = this.newDecoder();
    link.onData((chunk) => this.receive(chunk));
    this.stopWatching = options.stateFile
      ? watchPrinterStateFile(
          options.stateFile,
          (change) => this.setState(change),
          (error) => this.emitError(error),
        )
      : () => undefined;
    link.onError((error) => this.emitError(error));
  }

  static async start(options: PrinterSimulatorOptions): Promise<PrinterSimulator> {
    await mkdir(options.outDir, { recursive: true });
    const renderError = await preloadReceiptRenderer();
    if (renderError) {
      console.warn(`[printer-simulator] no PNG receipts, OpenCV failed: ${renderError.message}`);
    }
    const link = new SerialLink({ path: options.path, ...(options.line ?? plainLine()) });
    await link.open();
    return new PrinterSimulator(link, options, await lastReceiptNumber(options.outDir));
  }

  /** Jobs that ended with a cut while the printer could not print (nothing came out). */
  get discarded(): number {
    return this.discardedCount;
  }

  /** A copy of the printer's state now. */
  get state(): SimulatedPrinterState {
    return { ...this.current };
  }

  /** Changes any part of the state at once; what is not named stays as it is. */
  setState(change: Partial<SimulatedPrinterState>): void {
    const wasUnplugged = this.current.unplugged;
    this.current = { ...this.current, ...change };
    // A printer unplugged mid-job loses what it had buffered; plugged back in it starts clean.
    if (this.current.unplugged && !wasUnplugged) this.decoder = this.newDecoder();
  }

  setPaperOut(out: boolean): void {
    this.setState({ paperOut: out });
  }

  setPaperLow(low: boolean): void {
    this.setState({ paperLow: low });
  }

  setCoverOpen(open: boolean): void {
    this.setState({ coverOpen: open });
  }

  /** Offline on an error that clears by itself (no cover or paper cause); false clears it. */
  setOffline(offline: boolean): void {
    this.setState({ error: offline ? 'recoverable' : null });
  }

  /** Powered off or unplugged: no status replies, data is lost. */
  setUnresponsive(unresponsive: boolean): void {
    this.setState({ unplugged: unresponsive });
  }

  /**
   * Takes `afterBytes` more bytes of the next job (status polls do not count), then the fault
   * strikes: the rest of the job is lost (unplug) or comes to nothing (paper out, cover open), as
   * when the cover is opened or the cable pulled while a receipt is printing. The fault stays
   * until it is cleared.
   */
  failDuringNextJob(fault: MidJobFault, afterBytes = 32): void {
    this.pendingFault = { fault, bytesLeft: afterBytes };
  }

  onReceipt(listener: ReceiptListener): () => void {
    this.receiptListeners.add(listener);
    return () => this.receiptListeners.delete(listener);
  }

  onError(listener: (error: Error) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Waits for receipts being saved, then releases the port. */
  async stop(): Promise<void> {
    this.stopWatching();
    await this.saving;
    await this.link.close();
  }

  private newDecoder(): EscPosStreamDecoder {
    return new EscPosStreamDecoder({
      onStatusRequest: (n) => this.answerStatus(n),
      onCut: (receipt) => this.receiptCut(receipt),
    });
  }

  private receive(chunk: Uint8Array): void {
    if (this.current.unplugged) return; // a powered-off printer hears nothing
    const armed = this.pendingFault;
    if (!armed || isOnlyStatusRequests(chunk) || chunk.length < armed.bytesLeft) {
      if (armed) armed.bytesLeft -= chunk.length;
      this.decoder.push(chunk);
      return;
    }
    this.pendingFault = null;
    this.decoder.push(chunk.subarray(0, armed.bytesLeft));
    if (armed.fault === 'unplug') this.setState({ unplugged: true });
    if (armed.fault === 'paperOut') this.setState({ paperOut: true });
    if (armed.fault === 'coverOpen') this.setState({ coverOpen: true });
    this.receive(chunk.subarray(armed.bytesLeft));
  }

  private cannotPrint(): boolean {
    const s = this.current;
    return s.paperOut || s.coverOpen || s.error !== null;
  }

  private answerStatus(n: number): void {
    if (this.current.unplugged) return;
    const s = this.current;
    let status = STATUS_FIXED_BITS;
    if (n === StatusRequest.printer && this.cannotPrint()) status |= STATUS_OFFLINE;
    if (n === StatusRequest.offlineCause) {
      if (s.coverOpen) status |= OFFLINE_COVER_OPEN;
      if (s.paperOut) status |= OFFLINE_PAPER_END;
      if (s.error) status |= OFFLINE_ERROR;
    }
    if (n === StatusRequest.error && s.error) status |= ERROR_BITS[s.error];
    if (n === StatusRequest.paper && s.paperLow) status |= PAPER_NEAR_END;
    if (n === StatusRequest.paper && s.paperOut) status |= PAPER_END;
    this.link.write(Uint8Array.of(status)).catch((error: unknown) => this.emitError(error));
  }

  private receiptCut(receipt: DecodedReceipt): void {
    if (this.cannotPrint()) {
      this.discardedCount++;
      return;
    }
    const number = ++this.printedCount;
    // Saved one after another so numbering and the receipts array keep the printing order.
    this.saving = this.saving.then(() => this.save(number, receipt));
  }

  private async save(number: number, receipt: DecodedReceipt): Promise<void> {
    const base = join(this.options.outDir, `receipt-${number}`);
    const files: SimulatedReceiptFiles = { textPath: `${base}.txt`, pngPath: `${base}.png` };
    try {
      const dots = this.options.dotsPerLine ?? DEFAULT_DOTS_PER_LINE;
      await writeFile(files.textPath, `${receiptText(receipt, dots).join('\n')}\n`, 'utf8');
    } catch (error) {
      this.emitError(error);
    }
    try {
      await renderReceiptPng(receipt, `${base}.png`, {
        columns: this.options.columns,
        dotsPerLine: this.options.dotsPerLine,
      });
    } catch (error) {
      files.pngPath = null;
      this.emitError(error);
    }
    this.receipts.push(receipt);
    for (const listener of [...this.receiptListeners]) {
      try {
        listener(receipt, files);
      } catch (error) {
        this.emitError(error);
      }
    }
  }

  private emitError(error: unknown): void {
    const wrapped = error instanceof Error ? error : new Error(String(error));
    // With nobody listening, a simulator problem should still be visible to whoever runs it.
    if (this.errorListeners.size === 0) console.warn(`[printer-simulator] ${wrapped.message}`);
    for (const listener of [...this.errorListeners]) listener(wrapped);
  }
}

/** A chunk of nothing but DLE EOT n requests: a status poll, not part of a job. */
function isOnlyStatusRequests(chunk: Uint8Array): boolean {
  if (chunk.length === 0 || chunk.length % 3 !== 0) return false;
  for (let i = 0; i < chunk.length; i += 3) {
    if (chunk[i] !== DLE || chunk[i + 1] !== EOT) return false;
  }
  return true;
}

/** The highest n of receipt-<n>.txt in dir: a restarted simulator goes on after it. */
async function lastReceiptNumber(dir: string): Promise<number> {
  const numbers = (await readdir(dir)).map((f) => /^receipt-(\d+)\.txt$/.exec(f)?.[1]);
  return Math.max(0, ...numbers.filter((n) => n !== undefined).map(Number));
}

/**
 * The receipt as plain text, with `[CODE128] data` / `[QR] data` where a symbol was printed,
 * `[CODE128 not printed: W dots > D] data` where it was too wide for the line, and
 * `[RASTER WxH]` for a raster image.
 */
export function receiptText(
  receipt: DecodedReceipt,
  dotsPerLine = DEFAULT_DOTS_PER_LINE,
): string[] {
  const at = (item: { atLine: number }) => Math.min(item.atLine, receipt.textLines.length);
  const symbolsAt = (line: number) => [
    ...receipt.barcodes
      .filter((code) => at(code) === line)
      .map((code) => {
        const kind = code.kind.toUpperCase();
        const width = printedWidthDots(code);
        return width !== null && width > dotsPerLine
          ? `[${kind} not printed: ${width} dots > ${dotsPerLine}] ${code.data}`
          : `[${kind}] ${code.data}`;
      }),
    ...receipt.rasters
      .filter((image) => at(image) === line)
      .map((image) => `[RASTER ${image.widthDots * image.scaleX}x${image.height * image.scaleY}]`),
  ];
  const out = receipt.textLines.flatMap((text, i) => [...symbolsAt(i), text]);
  return [...out, ...symbolsAt(receipt.textLines.length)];
}
