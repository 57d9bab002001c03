/**
 * The demo's way to change the simulated printer while the station runs, without any screen
 * for it: write a JSON object to a file beside the pty links, e.g.
 *   echo '{"paperOut": true}' > .station-data/devices/printer-state.json
 * and the simulator takes it within a second, as if the roll had run out. Only the keys given
 * change ({"paperOut": false} reloads the paper). A file that does not parse is reported and
 * changes nothing.
 */
import { readFileSync, unwatchFile, watchFile, type Stats } from 'node:fs';
import { z } from 'zod';

const stateChange = z
  .object({
    paperLow: z.boolean(),
    paperOut: z.boolean(),
    coverOpen: z.boolean(),
    error: z.enum(['autocutter', 'unrecoverable', 'recoverable']).nullable(),
    unplugged: z.boolean(),
  })
  .partial()
  .strict();

/** The keys a file may set, as PrinterSimulator.setState takes them. */
export type PrinterStateChange = z.output<typeof stateChange>;

const POLL_MS = 500;

/** Watches `file` and hands every valid change to `apply`; returns the function that stops it. */
export function watchPrinterStateFile(
  file: string,
  apply: (change: PrinterStateChange) => void,
  onError: (error: Error) => void,
): () => void {
  const changed = (now: Stats, before: Stats) => {
    if (now.mtimeMs === 0 || now.mtimeMs === before.mtimeMs) return; // gone, or untouched
    try {
      apply(stateChange.parse(JSON.parse(readFileSync(file, 'utf8'))));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      onError(new Error(`${file}: not a printer state (${reason})`));
    }
  };
  watchFile(file, { interval: POLL_MS, persistent: false }, changed);
  return () => unwatchFile(file, changed);
}
