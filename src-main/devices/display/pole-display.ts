/**
 * The customer's pole display: its contract, and the driver for CD5220-style VFDs over serial.
 * The display only listens (the command set has no status reply), so its health says what the
 * station can know: whether the serial line opens and takes the bytes.
 */
import type { DeviceStatus } from '../../../src-shared/domain/types';
import { DeviceStatusTracker } from '../device-status-tracker';
import { describeLine, plainLine, type LineSettings } from '../serial/line-settings';
import { SerialLink } from '../serial/serial-link';
import { displayText, initialise, showLines } from './cd5220-commands';

export interface PoleDisplay {
  readonly id: string;
  /**
   * Shows two lines (each cut or padded to 20 characters, ASCII). Resolves once sent or given
   * up; it never rejects: a failure shows in the health. Only the latest text counts: one that
   * comes while another is being sent replaces any still waiting.
   */
  show(upper: string, lower: string): Promise<void>;
  /** Opens the line if needed and reports health. */
  checkStatus(): Promise<DeviceStatus>;
  onStatus(listener: (status: DeviceStatus) => void): () => void;
  dispose(): Promise<void>;
}

export interface Cd5220DisplayOptions {
  id: string;
  /** Serial device of the display, e.g. /dev/ttyUSB2. */
  path: string;
  label?: string;
  /** The line's settings. Default 9600 8N1. */
  line?: LineSettings;
  /** A write that has not gone out by then counts as failed. Default 2000 ms. */
  writeTimeoutMs?: number;
}

export class Cd5220Display implements PoleDisplay {
  readonly id: string;
  private readonly link: SerialLink;
  private readonly tracker: DeviceStatusTracker;
  private readonly writeTimeoutMs: number;
  private readonly lineText: string;
  private needsInit = true;
  private latest: [string, string] | null = null;
  private sending: Promise<void> | null = null;
  private disposed = false;

  constructor(options: Cd5220DisplayOptions) {
    this.id = options.id;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 2000;
    const line = options.line ?? plainLine();
    this.lineText = describeLine(line);
    this.link = new SerialLink({ path: options.path, ...line });
    this.tracker = new DeviceStatusTracker(
      { id: options.id, kind: 'display', label: options.label ?? 'Customer display' },
      'not contacted yet',
    );
    this.link.onError((error) =>
      this.tracker.set('offline', `serial port error: ${error.message}`),
    );
    this.link.onClose((error) => {
      this.needsInit = true;
      if (error) this.tracker.set('offline', `serial port closed: ${error.message}`);
    });
  }

  get status(): DeviceStatus {
    return this.tracker.current;
  }

  show(upper: string, lower: string): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.latest = [displayText(upper), displayText(lower)];
    this.sending ??= this.drain().finally(() => (this.sending = null));
    return this.sending;
  }

  async checkStatus(): Promise<DeviceStatus> {
    if (await this.ensureOpen()) this.tracker.set('ok', `line open (${this.lineText})`);
    return this.tracker.current;
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.tracker.subscribe(listener);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.latest = null;
    await this.sending;
    this.tracker.clear();
    await this.link.close();
  }

  /** Sends the latest text until none is waiting. */
  private async drain(): Promise<void> {
    while (this.latest && !this.disposed) {
      const [upper, lower] = this.latest;
      this.latest = null;
      if (!(await this.ensureOpen())) continue;
      const init = this.needsInit ? initialise() : new Uint8Array(0);
      const lines = showLines(upper, lower);
      const bytes = new Uint8Array(init.length + lines.length);
      bytes.set(init);
      bytes.set(lines, init.length);
      try {
        await withTimeout(this.link.write(bytes), this.writeTimeoutMs);
        this.needsInit = false;
        this.tracker.set('ok', `showing text (${this.lineText})`);
      } catch (error) {
        this.needsInit = true;
        this.tracker.set('offline', `sending to the display failed: ${messageOf(error)}`);
      }
    }
  }

  /** Reopens after an unplug/replug, so a display that comes back shows text again. */
  private async ensureOpen(): Promise<boolean> {
    if (this.link.isOpen) return true;
    try {
      await this.link.open();
      this.needsInit = true;
      return true;
    } catch (error) {
      this.tracker.set('offline', messageOf(error));
      return false;
    }
  }
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`write not done within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
