import { parseMoney } from '../src-shared';
import { money } from './format';
import { t, useI18nStore } from './stores/i18n-store';

export type Tendered = { ok: true; tenderedMinor: number } | { ok: false; error: string };

/** Reads the cash tendered as the cashier typed it; a refusal says why, fit to show inline. */
export function readTendered(text: string, dueMinor: number | null, currency: string): Tendered {
  const tenderedMinor = parseMoney(text);
  if (tenderedMinor === null) {
    const example = useI18nStore.getState().format.amount(1250);
    return { ok: false, error: t('tender.enterCash', { example }) };
  }
  if (dueMinor !== null && tenderedMinor < dueMinor) {
    return { ok: false, error: t('tender.notEnough', { amount: money(dueMinor, currency) }) };
  }
  return { ok: true, tenderedMinor };
}
