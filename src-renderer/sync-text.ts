import type { OfflinePolicy, PlainKey } from '../src-shared';
import { formatDuration, formatWhen } from './format';
import { t, useI18nStore } from './stores/i18n-store';

/*
 * Sync's texts for the banner, the strip and the Sync screen, in the console's language (read
 * at the call: the components that show them call useT(), so they follow a language change).
 */

/** What each offline policy means for the cashier at the lanes. */
export const offlinePolicyMeaningKey: Record<OfflinePolicy, PlainKey> = {
  'allow-entry-exit': 'policy.allowEntryExit.meaning',
  'exit-only': 'policy.exitOnly.meaning',
  strict: 'policy.strict.meaning',
};

export const offlinePolicyNameKey: Record<OfflinePolicy, PlainKey> = {
  'allow-entry-exit': 'policy.allowEntryExit',
  'exit-only': 'policy.exitOnly',
  strict: 'policy.strict',
};

/** Whole minutes elapsed, never rounded up: "less than a minute", "12 min", "2 h 05 min". */
export function elapsed(now: number, since: number): string {
  const minutes = Math.floor(Math.max(0, now - since) / 60_000);
  return minutes < 1 ? t('duration.lessThanMinute') : formatDuration(minutes * 60_000);
}

/** The offline banner's first line. */
export function offlineHeadline(now: number, lastContactAt: number | null): string {
  if (lastContactAt === null) return t('offline.noContact');
  return t('offline.since', { age: elapsed(now, lastContactAt), time: formatWhen(lastContactAt) });
}

/** "40 min old", "1 hour old", "5 hours old". */
export function hoursOld(now: number, at: number): string {
  const age = Math.max(0, now - at);
  const hours = Math.floor(age / 3_600_000);
  if (hours < 1) return t('sync.old', { age: elapsed(now, at) });
  return useI18nStore.getState().tc('sync.hoursOld', hours);
}

/** "14:05 (12 min ago)", or "never". */
export function whenAgo(now: number, at: number | null): string {
  return at === null
    ? t('common.never')
    : t('sync.whenAgo', { time: formatWhen(at), age: elapsed(now, at) });
}
