/**
 * Receipt printer contract and its ESC/POS-over-serial driver. A receipt is only reported as
 * printed when the printer answered real-time status before and after the job: a cashier must
 * never hand over change believing a receipt came out when the printer was off or out of paper.
 */
import type { DeviceStatus } from '../../../src-shared/domain/types';
import { DeviceStatusTracker } from '../device-status-tracker';
import { plainLine, type LineSettings } from '../serial/line-settings';
import { SerialLink } from '../serial/serial-link';
import {
  PAPER_END,
  PAPER_NEAR_END,
  STATUS_OFFLINE,
  StatusRequest,
  isStatusByte,
  statusRequest,
} from './escpos-commands';
import { encodeReceipt, type EscPosEncodeOptions } from './escpos-encoder';
import type { ReceiptDocument } from './receipt-document';

export interface PrintResult {
  ok: boolean;
  detail: string;
}

export interface ReceiptPrinter {
  readonly id: string;
  print(doc: ReceiptDocument): Promise<PrintResult>;
  checkStatus(): Promise<DeviceStatus>;
  onStatus(listener: (status: DeviceStatus) => void): () => void;
  dispose(): Promise<void>;
}

export interface SerialEscPosPrinterOptions {
  id: string;
  /** Serial device of the printer, e.g. /dev/ttyUSB1. */
  path: string;
  label?: string;
  /** The line's settings. Default 9600 8N1. */
  line?: LineSettings;
  /** How long to wait for each real-time status byte. Default 1000 ms. */
  statusTimeoutMs?: number;
  encoding?: EscPosEncodeOptions;
}

export class SerialEscPosPrinter implements ReceiptPrinter {
  readonly id: string;
  private readonly link: SerialLink;
  private readonly tracker: DeviceStatusTracker;
  private readonly statusTimeoutMs: number;
  /** Print jobs and status checks run one at a time so status replies cannot be mixed up. */
  private queue: Promise<unknown> = Promise.resolve();
  private awaitingStatus: ((byte: number) => void) | null = null;
  private disposed = false;

  constructor(private readonly options: SerialEscPosPrinterOptions) {
    this.id = options.id;
    this.statusTimeoutMs = options.statusTimeoutMs ?? 1000;
    this.link = new SerialLink({ path: options.path, ...(options.line ?? plainLine()) });
    this.tracker = new DeviceStatusTracker(
      { id: options.id, kind: 'printer', label: options.label ?? `Printer ${options.id}` },
      'not contacted yet',
    );
    this.link.onData((chunk) => {
      for (const byte of chunk) if (isStatusByte(byte)) this.awaitingStatus?.(byte);
    });
    this.link.onError((error) =>
      this.tracker.set('offline', `serial port error: ${error.message}`),
    );
  }

  /** The last known health, without asking the printer. */
  get status(): DeviceStatus {
    return this.tracker.current;
  }

  print(doc: ReceiptDocument): Promise<PrintResult> {
    return this.serialized(async () => {
      let bytes: Uint8Array;
      try {
        bytes = encodeReceipt(doc, this.options.encoding);
      } catch (error) {
        return { ok: false, detail: `receipt could not be encoded: ${messageOf(error)}` };
      }
      const before = await this.probe();
      if (!isPrintable(before)) return { ok: false, detail: `not printed: ${before.detail}` };
      try {
        await this.link.write(bytes);
      } catch (error) {
        const detail = `sending the receipt failed: ${messageOf(error)}`;
        this.tracker.set('offline', detail);
        return { ok: false, detail: `not printed: ${detail}` };
      }
      // Real-time status is answered after the job is received, so this confirms the printer
      // took the whole job and did not run out of paper or go offline on the way.
      const after = await this.probe();
      if (!isPrintable(after)) {
        return { ok: false, detail: `printing may be incomplete: ${after.detail}` };
      }
      const note = after.health === 'warning' ? ` (${after.detail})` : '';
      return { ok: true, detail: `printed ${bytes.length} bytes${note}` };
    });
  }

  checkStatus(): Promise<DeviceStatus> {
    return this.serialized(() => this.probe());
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.tracker.subscribe(listener);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.tracker.clear();
    await this.queue;
    await this.link.close();
  }

  private serialized<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.disposed) throw new Error(`printer ${this.id} has been disposed`);
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** DLE EOT 1 (online/offline) and DLE EOT 4 (paper sensors) → health. */
  private async probe(): Promise<DeviceStatus> {
    try {
      // Reopens after an unplug/replug, so a recovered printer comes back without a restart.
      if (!this.link.isOpen) await this.link.open();
    } catch (error) {
      return this.tracker.set('offline', messageOf(error));
    }
    const printer = await this.query(StatusRequest.printer);
    const paper = printer === null ? null : await this.query(StatusRequest.paper);
    if (printer === null || paper === null) {
      return this.tracker.set(
        'offline',
        'printer not answering status requests (off or unplugged)',
      );
    }
    if (paper & PAPER_END) return this.tracker.set('fault', 'paper out');
    if (printer & STATUS_OFFLINE) {
      return this.tracker.set('offline', 'printer reports offline (cover open or error)');
    }
    if (paper & PAPER_NEAR_END) return this.tracker.set('warning', 'paper low');
    return this.tracker.set('ok', 'ready');
  }

  /** Sends one real-time status request; resolves with the status byte, or null on timeout. */
  private async query(n: number): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<number | null>((resolve) => {
      this.awaitingStatus = resolve;
      timer = setTimeout(() => resolve(null), this.statusTimeoutMs);
    });
    try {
      await this.link.write(statusRequest(n));
      return await reply;
    } catch {
      return null;
    } finally {
      clearTimeout(timer);
      this.awaitingStatus = null;
    }
  }
}

function isPrintable(status: DeviceStatus): boolean {
  return status.health === 'ok' || status.health === 'warning';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
