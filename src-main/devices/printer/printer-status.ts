/**
 * What the four DLE EOT real-time status bytes say, as the cashier's status strip shows it
 * (Epson semantics). Only the ready states (ok, and warning for paper near its end) may print:
 * anything else holds the receipt until the printer recovers.
 */
import type { DeviceHealth } from '../../../src-shared/domain/types';
import {
  ERROR_AUTOCUTTER,
  ERROR_AUTO_RECOVERABLE,
  ERROR_UNRECOVERABLE,
  OFFLINE_COVER_OPEN,
  OFFLINE_ERROR,
  OFFLINE_PAPER_END,
  PAPER_END,
  PAPER_NEAR_END,
  STATUS_OFFLINE,
} from './escpos-commands';

/** The answers to DLE EOT 1 (printer), 2 (offline cause), 3 (error cause) and 4 (paper). */
export interface StatusBytes {
  printer: number;
  offlineCause: number;
  error: number;
  paper: number;
}

export function describePrinterStatus(bytes: StatusBytes): {
  health: DeviceHealth;
  detail: string;
} {
  const stops: { health: DeviceHealth; detail: string }[] = [];
  if (bytes.paper & PAPER_END || bytes.offlineCause & OFFLINE_PAPER_END) {
    stops.push({ health: 'fault', detail: 'paper out' });
  }
  if (bytes.offlineCause & OFFLINE_COVER_OPEN)
    stops.push({ health: 'offline', detail: 'cover open' });
  if (bytes.error & ERROR_UNRECOVERABLE) {
    stops.push({ health: 'fault', detail: 'unrecoverable error (needs service)' });
  }
  if (bytes.error & ERROR_AUTOCUTTER) stops.push({ health: 'fault', detail: 'auto-cutter error' });
  if (bytes.error & ERROR_AUTO_RECOVERABLE) {
    stops.push({ health: 'offline', detail: 'error that clears by itself (head too hot?)' });
  }
  if (
    stops.length === 0 &&
    (bytes.printer & STATUS_OFFLINE || bytes.offlineCause & OFFLINE_ERROR)
  ) {
    stops.push({ health: 'offline', detail: 'printer reports offline' });
  }
  const paperLow = bytes.paper & PAPER_NEAR_END ? 'paper low' : null;
  if (stops.length > 0) {
    const details = [...stops.map((s) => s.detail), ...(paperLow ? [paperLow] : [])];
    return { health: stops[0]!.health, detail: details.join(', ') };
  }
  return paperLow ? { health: 'warning', detail: paperLow } : { health: 'ok', detail: 'ready' };
}
