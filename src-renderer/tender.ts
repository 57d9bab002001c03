import { parseMoney } from '../src-shared';
import { money } from './format';

export type Tendered = { ok: true; tenderedMinor: number } | { ok: false; error: string };

/** Reads the cash tendered as the cashier typed it; a refusal says why, fit to show inline. */
export function readTendered(text: string, dueMinor: number | null, currency: string): Tendered {
  const tenderedMinor = parseMoney(text);
  if (tenderedMinor === null) {
    return { ok: false, error: 'Enter the cash tendered, for example 50 or 12.50.' };
  }
  if (dueMinor !== null && tenderedMinor < dueMinor) {
    return { ok: false, error: `Not enough cash: ${money(dueMinor, currency)} is due.` };
  }
  return { ok: true, tenderedMinor };
}
