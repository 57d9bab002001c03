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

export type CashPart = { ok: true; cashMinor: number } | { ok: false; error: string };

/**
 * The typed cash as the cash part of a card or QR payment: blank is none, and it must leave
 * something for the other tender.
 */
export function readCashPart(text: string, dueMinor: number, currency: string): CashPart {
  const typed = text.trim();
  const cashMinor = typed === '' ? 0 : parseMoney(typed);
  if (cashMinor === null) return { ok: false, error: t('payment.enterCashPart') };
  if (cashMinor >= dueMinor) {
    return { ok: false, error: t('payment.cashCovers', { amount: money(dueMinor, currency) }) };
  }
  return { ok: true, cashMinor };
}
