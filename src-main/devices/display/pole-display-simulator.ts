/**
 * Simulated CD5220 pole display on the device end of a pty pair: decodes the command stream
 * into the two lines a customer would see. Tests read `lines`; `onChange` tells when they change.
 */
import { plainLine, type LineSettings } from '../serial/line-settings';
import { SerialLink } from '../serial/serial-link';
import { Cd5220Decoder, type Cd5220Counters } from './cd5220-decoder';

export interface PoleDisplaySimulatorOptions {
  /** The device end of the pty pair. */
  path: string;
  /** The line's settings, as the station's side uses them. Default 9600 8N1. */
  line?: LineSettings;
}

export class PoleDisplaySimulator {
  private readonly decoder = new Cd5220Decoder();
  private readonly listeners = new Set<(lines: [string, string]) => void>();

  private constructor(private readonly link: SerialLink) {
    link.onData((chunk) => {
      const before = this.decoder.lines.join('\n');
      this.decoder.push(chunk);
      const after = this.decoder.lines;
      if (after.join('\n') === before) return;
      for (const listener of [...this.listeners]) {
        try {
          listener(after);
        } catch {
          // A test's listener must not break the simulated display.
        }
      }
    });
  }

  static async start(options: PoleDisplaySimulatorOptions): Promise<PoleDisplaySimulator> {
    const link = new SerialLink({ path: options.path, ...(options.line ?? plainLine()) });
    await link.open();
    return new PoleDisplaySimulator(link);
  }

  /** What the display shows: two lines of 20 characters. */
  get lines(): [string, string] {
    return this.decoder.lines;
  }

  /** The two lines with trailing spaces trimmed, for reading in tests and logs. */
  get text(): [string, string] {
    const [a, b] = this.decoder.lines;
    return [a.trimEnd(), b.trimEnd()];
  }

  get cursor(): { column: number; row: number } {
    return this.decoder.cursor;
  }

  get counters(): Readonly<Cd5220Counters> {
    return this.decoder.counters;
  }

  get line(): LineSettings {
    return this.link.line;
  }

  onChange(listener: (lines: [string, string]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    this.listeners.clear();
    await this.link.close();
  }
}
