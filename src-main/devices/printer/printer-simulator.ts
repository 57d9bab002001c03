/**
 * Simulated ESC/POS receipt printer on the device end of a pty pair. Answers DLE EOT real-time
 * status like a real printer (paper out / offline / powered off can be switched on), decodes the
 * job up to each cut and saves every receipt as receipt-<n>.txt and receipt-<n>.png in outDir.
 * It prints Code128 and QR natively (GS k, GS ( k) and raster images (GS v 0), on a line of
 * `dotsPerLine` dots: a symbol wider than that is not printed, as on a real printer.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { plainLine, type LineSettings } from '../serial/line-settings';
import { SerialLink } from '../serial/serial-link';
import {
  PAPER_END,
  PAPER_NEAR_END,
  STATUS_FIXED_BITS,
  STATUS_OFFLINE,
  StatusRequest,
} from './escpos-commands';
import { EscPosStreamDecoder, type DecodedReceipt } from './escpos-decoder';
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
}

const DEFAULT_DOTS_PER_LINE = 576;

export interface SimulatedReceiptFiles {
  textPath: string;
  /** null when the PNG could not be rendered (see onError). */
  pngPath: string | null;
}

type ReceiptListener = (receipt: DecodedReceipt, files: SimulatedReceiptFiles) => void;

export class PrinterSimulator {
  /** Receipts actually printed, in order; each is added once its files are written. */
  readonly receipts: DecodedReceipt[] = [];
  private paperOut = false;
  private paperLow = false;
  private offline = false;
  private unresponsive = false;
  private discardedCount = 0;
  private printedCount = 0;
  private saving: Promise<void> = Promise.resolve();
  private decoder: EscPosStreamDecoder;
  private readonly receiptListeners = new Set<ReceiptListener>();
  private readonly errorListeners = new Set<(error: Error) => void>();

  private constructor(
    private readonly link: SerialLink,
    private readonly options: PrinterSimulatorOptions,
  ) {
    this.decoder = this.newDecoder();
    link.onData((chunk) => {
      if (!this.unresponsive) this.decoder.push(chunk); // a powered-off printer hears nothing
    });
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
    return new PrinterSimulator(link, options);
  }

  /** Jobs that ended with a cut while the printer could not print (nothing came out). */
  get discarded(): number {
    return this.discardedCount;
  }

  setPaperOut(out: boolean): void {
    this.paperOut = out;
  }

  setPaperLow(low: boolean): void {
    this.paperLow = low;
  }

  /** Cover open or error: still answers status, but reports offline and prints nothing. */
  setOffline(offline: boolean): void {
    this.offline = offline;
  }

  /** Powered off or unplugged: no status replies, data is lost. */
  setUnresponsive(unresponsive: boolean): void {
    this.unresponsive = unresponsive;
    if (unresponsive) this.decoder = this.newDecoder();
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
    await this.saving;
    await this.link.close();
  }

  private newDecoder(): EscPosStreamDecoder {
    return new EscPosStreamDecoder({
      onStatusRequest: (n) => this.answerStatus(n),
      onCut: (receipt) => this.receiptCut(receipt),
    });
  }

  private answerStatus(n: number): void {
    const cannotPrint = this.paperOut || this.offline;
    let status = STATUS_FIXED_BITS;
    if (n === StatusRequest.printer && cannotPrint) status |= STATUS_OFFLINE;
    if (n === StatusRequest.offlineCause && this.offline) status |= 0x04; // cover open
    if (n === StatusRequest.offlineCause && this.paperOut) status |= 0x20; // stopped: paper end
    if (n === StatusRequest.paper && this.paperLow) status |= PAPER_NEAR_END;
    if (n === StatusRequest.paper && this.paperOut) status |= PAPER_END;
    this.link.write(Uint8Array.of(status)).catch((error: unknown) => this.emitError(error));
  }

  private receiptCut(receipt: DecodedReceipt): void {
    if (this.paperOut || this.offline) {
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
