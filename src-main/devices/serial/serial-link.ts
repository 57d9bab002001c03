/**
 * Thin adapter over `serialport`: open, write-and-drain, data/error/close listeners, close.
 * Port errors are delivered to listeners and never thrown from event handlers, so a yanked USB
 * adapter cannot take the station down. Reconnect by calling `open()` again after a close.
 */
import { SerialPort } from 'serialport';
import { hangupAwareBinding } from './hangup-aware-binding';
import { plainLine, serialOptions, type LineSettings } from './line-settings';

export type Unsubscribe = () => void;

/** The port and its line settings; what is left out is 8N1 (see ./line-settings). */
export interface SerialLinkOptions extends Partial<LineSettings> {
  path: string;
  baudRate: number;
}

export class SerialLinkClosedError extends Error {
  constructor(path: string) {
    super(`serial port ${path} is not open`);
    this.name = 'SerialLinkClosedError';
  }
}

export class SerialLink {
  private port: SerialPort | null = null;
  private opening: Promise<void> | null = null;
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>();
  private readonly errorListeners = new Set<(error: Error) => void>();
  private readonly closeListeners = new Set<(error: Error | null) => void>();

  constructor(private readonly options: SerialLinkOptions) {}

  get path(): string {
    return this.options.path;
  }

  /** The line settings the port is opened with. */
  get line(): LineSettings {
    return plainLine(this.options);
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  /** Opens the port; resolves at once if it is already open. Concurrent calls share one open. */
  open(): Promise<void> {
    if (this.port?.isOpen) return Promise.resolve();
    this.opening ??= this.openPort().finally(() => (this.opening = null));
    return this.opening;
  }

  /** Writes and waits until the OS has handed the bytes to the device. */
  async write(data: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw new SerialLinkClosedError(this.path);
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      port.write(Buffer.from(data), (error) => {
        if (error && !failed) {
          failed = true;
          reject(error);
        }
      });
      port.drain((error) => {
        if (failed) return;
        if (error) reject(error);
        else resolve();
      });
    });
  }

  onData(listener: (chunk: Uint8Array) => void): Unsubscribe {
    return subscribe(this.dataListeners, listener);
  }

  onError(listener: (error: Error) => void): Unsubscribe {
    return subscribe(this.errorListeners, listener);
  }

  /** `error` is set when the port went away on its own (e.g. the adapter was unplugged). */
  onClose(listener: (error: Error | null) => void): Unsubscribe {
    return subscribe(this.closeListeners, listener);
  }

  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    const port = this.port;
    this.port = null;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => {
      // A close error means the port is already gone, which is what we want anyway.
      port.close((error) => {
        if (error) this.emit(this.errorListeners, error);
        resolve();
      });
    });
  }

  private async openPort(): Promise<void> {
    const port = new SerialPort({
      ...serialOptions(this.options.path, this.line),
      autoOpen: false,
      binding: hangupAwareBinding,
    } as ConstructorParameters<typeof SerialPort>[0]);
    port.on('data', (chunk: Buffer) => this.emit(this.dataListeners, chunk));
    port.on('error', (error: Error) => this.emit(this.errorListeners, error));
    port.on('close', (error?: Error | null) => {
      if (this.port === port) this.port = null;
      this.emit(this.closeListeners, error ?? null);
    });
    await new Promise<void>((resolve, reject) => {
      port.open((error) =>
        error
          ? reject(new Error(`cannot open serial port ${this.path}: ${error.message}`))
          : resolve(),
      );
    });
    this.port = port;
  }

  private emit<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const listener of [...listeners]) {
      try {
        listener(value);
      } catch (error) {
        // A buggy listener must not break the port's stream; report it like a port error.
        if (listeners !== (this.errorListeners as unknown)) {
          this.emit(this.errorListeners, asError(error));
        }
      }
    }
  }
}

function subscribe<T>(set: Set<T>, listener: T): Unsubscribe {
  set.add(listener);
  return () => set.delete(listener);
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
