import type { MatchKind, PlainKey, SessionState } from '../src-shared';
import { useI18nStore } from './stores/i18n-store';

/*
 * Money and times as the site writes them (its Intl locale, currency and time zone, from
 * station:status; see src-shared/i18n/format.ts), and words in the console's language. These
 * read the words and formats in use at the call: a component that shows them also calls useT()
 * (or useFormat()), so it renders again when the language changes.
 */
const site = () => useI18nStore.getState();

/** "14:05" for today at the site, "03 Mar, 14:05" (in the site's locale) otherwise. */
export function formatWhen(at: number): string {
  return site().format.when(at);
}

export function formatDateTime(at: number): string {
  return site().format.dateTime(at);
}

/** "2 h 05 min", "3 d 4 h", "12 min" (in the console's language). */
export function formatDuration(ms: number): string {
  const { t } = site();
  const totalMinutes = Math.max(0, Math.ceil(ms / 60_000));
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return t('duration.days', { days, hours });
  if (hours > 0) return t('duration.hours', { hours, minutes: String(minutes).padStart(2, '0') });
  return t('duration.minutes', { minutes });
}

export function formatConfidence(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/**
 * Minor units in `currency` as the site writes money ("12,50 lei" at ro-RO); an empty currency
 * (status not loaded yet) shows the bare amount, ungrouped, as a cashier would type it.
 */
export function money(amountMinor: number, currency: string): string {
  return site().format.money(amountMinor, currency);
}

export const matchKindKey: Record<MatchKind, PlainKey> = {
  exact: 'match.exact',
  lookalike: 'match.lookalike',
  partial: 'match.partial',
  fuzzy: 'match.fuzzy',
};

export const sessionStateKey: Record<SessionState, PlainKey> = {
  open: 'state.open',
  paid: 'state.paid',
  closed: 'state.closed',
  deleted: 'state.deleted',
};

/** A decimal the fuel domain writes with a point ("40.12" litres, "6.789" a litre), as the site writes it. */
export function siteDecimal(text: string): string {
  return text.replace('.', site().format.number(1.5).charAt(1));
}
