/**
 * Receipt printer contract and its ESC/POS-over-serial driver. A receipt is only reported as
 * printed when the printer answered real-time status before and after the job: a cashier must
 * never hand over change believing a receipt came out when the printer was off or out of paper.
 * A result also says whether any of the job was sent: a job never sent may be tried again, one
 * that may have come out in part must not be (the customer could end up with two originals).
 */
import type { DeviceStatus } from '../../../src-shared/domain/types';
import { DeviceStatusTracker } from '../device-status-tracker';
import { plainLine, type LineSettings } from '../serial/line-settings';
import { SerialLink } from '../serial/serial-link';
import { StatusRequest, isStatusByte, statusRequest } from './escpos-commands';
import { encodeReceipt, type EscPosEncodeOptions } from './escpos-encoder';
import { describePrinterStatus } from './printer-status';
import type { ReceiptDocument } from './receipt-document';

export interface PrintResult {
  ok: boolean;
  detail: string;
  /**
   * Whether any byte of the job may have reached the printer. false: nothing came out, the job
   * can be tried again. true without ok: it may have printed in part; nobody knows what came out.
   */
  sent: boolean;
  /** The document itself cannot be printed (it would not encode): trying again will not help. */
  unprintable?: boolean;
  /** The printer's own status when it refused or stopped the job ("paper out", "cover open"). */
  printerStatus?: string;
}

export interface PrintHooks {
  /**
   * Called once the printer said it is ready, just before the first byte of the job is written.
   * If it throws, nothing is sent. The print queue records here, durably, that the job started.
   */
  beforeSend?: () => void;
}

export interface ReceiptPrinter {
  readonly id: string;
  print(doc: ReceiptDocument, hooks?: PrintHooks): Promise<PrintResult>;
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

  print(doc: ReceiptDocument, hooks: PrintHooks = {}): Promise<PrintResult> {
    return this.serialized(async () => {
      let bytes: Uint8Array;
      try {
        bytes = encodeReceipt(doc, this.options.encoding);
      } catch (error) {
        const detail = `receipt could not be encoded: ${messageOf(error)}`;
        return { ok: false, sent: false, unprintable: true, detail };
      }
      const before = await this.probe();
      if (!isPrintable(before)) {
        const printerStatus = before.detail;
        return { ok: false, sent: false, printerStatus, detail: `not printed: ${printerStatus}` };
      }
      try {
        hooks.beforeSend?.();
      } catch (error) {
        return { ok: false, sent: false, detail: `not printed: ${messageOf(error)}` };
      }
      try {
        await this.link.write(bytes);
      } catch (error) {
        // Part of the job may have gone out before the write failed.
        const detail = `sending the receipt failed: ${messageOf(error)}`;
        this.tracker.set('offline', detail);
        return { ok: false, sent: true, detail: `printing may be incomplete: ${detail}` };
      }
      // Real-time status is answered after the job is received, so this confirms the printer
      // took the whole job and did not run out of paper or go offline on the way.
      const after = await this.probe();
      if (!isPrintable(after)) {
        const printerStatus = after.detail;
        const detail = `printing may be incomplete: ${printerStatus}`;
        return { ok: false, sent: true, printerStatus, detail };
      }
      const note = after.health === 'warning' ? ` (${after.detail})` : '';
      return { ok: true, sent: true, detail: `printed ${bytes.length} bytes${note}` };
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

  /** DLE EOT 1 to 4 (online, offline cause, error cause, paper sensors) → health and detail. */
  private async probe(): Promise<DeviceStatus> {
    try {
      // Reopens after an unplug/replug, so a recovered printer comes back without a restart.
      if (!this.link.isOpen) await this.link.open();
    } catch (error) {
      return this.tracker.set('offline', messageOf(error));
    }
    const bytes = { printer: 0, offlineCause: 0, error: 0, paper: 0 };
    for (const key of ['printer', 'offlineCause', 'error', 'paper'] as const) {
      const answer = await this.query(StatusRequest[key]);
      if (answer === null) {
        return this.tracker.set(
          'offline',
          'printer not answering status requests (off or unplugged)',
        );
      }
      bytes[key] = answer;
    }
    const { health, detail } = describePrinterStatus(bytes);
    return this.tracker.set(health, detail);
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
