/**
 * A byte stream to a terminal on the LAN, with the same shape as SerialLink (open, write,
 * onData, onClose, close), so the ECR link runs over either. Semi-integrated terminals listen;
 * the console connects. A dropped connection is reopened by calling `open()` again.
 */
import { Socket } from 'node:net';

type Unsubscribe = () => void;

/** What the ECR link and the card terminal driver need from a byte stream. */
export interface TerminalConnection {
  readonly isOpen: boolean;
  /** Resolves at once if already open. */
  open(): Promise<void>;
  write(data: Uint8Array): Promise<void>;
  onData(listener: (chunk: Uint8Array) => void): Unsubscribe;
  /** `error` is set when the connection went away on its own. */
  onClose(listener: (error: Error | null) => void): Unsubscribe;
  close(): Promise<void>;
}

export interface TcpConnectionOptions {
  host: string;
  port: number;
  /** A connect that has not succeeded by then fails. Default 3000 ms. */
  connectTimeoutMs?: number;
}

export class TcpConnection implements TerminalConnection {
  private socket: Socket | null = null;
  private opening: Promise<void> | null = null;
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>();
  private readonly closeListeners = new Set<(error: Error | null) => void>();

  constructor(private readonly options: TcpConnectionOptions) {}

  get address(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  get isOpen(): boolean {
    return this.socket !== null;
  }

  open(): Promise<void> {
    if (this.socket) return Promise.resolve();
    this.opening ??= this.connect().finally(() => (this.opening = null));
    return this.opening;
  }

  write(data: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error(`not connected to ${this.address}`));
    return new Promise((resolve, reject) =>
      socket.write(data, (error) => (error ? reject(error) : resolve())),
    );
  }

  onData(listener: (chunk: Uint8Array) => void): Unsubscribe {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (error: Error | null) => void): Unsubscribe {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.opening?.catch(() => undefined);
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  private connect(): Promise<void> {
    const { host, port } = this.options;
    const socket = new Socket();
    // Frames are small and each waits for an ACK: Nagle's delay would only slow every exchange.
    socket.setNoDelay(true);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no connection to ${this.address} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot connect to ${this.address}: ${error.message}`));
      });
      socket.connect(port, host, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        this.adopt(socket);
        resolve();
      });
    });
  }

  private adopt(socket: Socket): void {
    this.socket = socket;
    let failure: Error | null = null;
    socket.on('data', (chunk: Buffer) => emit(this.dataListeners, chunk));
    // 'close' follows every 'error'; the listeners hear of both at once.
    socket.on('error', (error) => (failure = error));
    socket.on('close', () => {
      const closedByUs = this.socket !== socket;
      if (!closedByUs) this.socket = null;
      emit(this.closeListeners, closedByUs ? null : (failure ?? new Error('the terminal hung up')));
    });
  }

  private get timeoutMs(): number {
    return this.options.connectTimeoutMs ?? 3000;
  }
}

function emit<T>(listeners: Set<(value: T) => void>, value: T): void {
  for (const listener of [...listeners]) {
    try {
      listener(value);
    } catch {
      // A failing listener must not break the connection or the other listeners.
    }
  }
}
