/**
 * serialport's own binding, except that a read returning 0 bytes counts as a hang-up.
 *
 * Why: when the far end of a tty goes away (socat behind a pty exits, a USB adapter is pulled),
 * read() can return 0 (end of file) instead of failing with EIO. @serialport/bindings-cpp 13
 * retries a 0-byte read at once, forever: the port spins a core and never reports the
 * disconnect (1 run in 5 of the pty-pair test). Here the read fails instead, and the stream
 * closes the port with that error, as it does for any other lost line.
 */
import { read } from 'node:fs';
import { promisify } from 'node:util';
import { SerialPort } from 'serialport';

const readAsync = promisify(read);

/** The parts of bindings-cpp's Linux/macOS port binding this relies on. */
interface UnixPortBinding {
  fd: number | null;
  poller: { once(event: 'readable', listener: (error?: Error | null) => void): void };
  read(
    buffer: Buffer,
    offset: number,
    length: number,
  ): Promise<{ bytesRead: number; buffer: Buffer }>;
}

type Binding = typeof SerialPort.binding;
const base: Binding = SerialPort.binding;

export const hangupAwareBinding = {
  list: () => base.list(),
  async open(options: Parameters<Binding['open']>[0]) {
    const port = await base.open(options as never);
    if (process.platform !== 'win32') {
      const unix = port as unknown as UnixPortBinding;
      unix.read = (buffer, offset, length) => readUntilData(unix, buffer, offset, length);
    }
    return port;
  },
} as Binding;

/** bindings-cpp's unixRead, with end of file as an error rather than a retry. */
async function readUntilData(
  port: UnixPortBinding,
  buffer: Buffer,
  offset: number,
  length: number,
): Promise<{ bytesRead: number; buffer: Buffer }> {
  for (;;) {
    if (port.fd === null) throw Object.assign(new Error('Port is not open'), { canceled: true });
    try {
      const { bytesRead } = await readAsync(port.fd, buffer, offset, length, null);
      if (bytesRead === 0) throw new Error('the serial line hung up (end of file)');
      return { bytesRead, buffer };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') throw error;
    }
    // Closed while that read was in flight: the poller is destroyed, and polling a destroyed
    // native poller crashes the process (a segfault at close: bindings-cpp checks this too).
    if (port.fd === null) throw Object.assign(new Error('Port is not open'), { canceled: true });
    await new Promise<void>((resolve, reject) =>
      port.poller.once('readable', (error) => (error ? reject(error) : resolve())),
    );
  }
}
