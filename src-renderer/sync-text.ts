import type { OfflinePolicy } from '../src-shared';
import { formatDuration, formatWhen } from './format';

/** What each offline policy means for the cashier at the lanes. */
export const offlinePolicyMeaning: Record<OfflinePolicy, string> = {
  'allow-entry-exit': 'Lanes work as usual; payments are kept and sent later.',
  'exit-only': 'Entries are closed until the connection is back.',
  strict: 'Entries closed; exits only after payment.',
};

export const offlinePolicyName: Record<OfflinePolicy, string> = {
  'allow-entry-exit': 'Entry and exit allowed',
  'exit-only': 'Exit only',
  strict: 'Strict',
};

/** Whole minutes elapsed, never rounded up: "less than a minute", "12 min", "2 h 05 min". */
export function elapsed(now: number, since: number): string {
  const minutes = Math.floor(Math.max(0, now - since) / 60_000);
  return minutes < 1 ? 'less than a minute' : formatDuration(minutes * 60_000);
}

/** The offline banner's first line. */
export function offlineHeadline(now: number, lastContactAt: number | null): string {
  if (lastContactAt === null) {
    return "Offline: the operator's server has not answered yet (no contact recorded)";
  }
  return `Offline: the operator's server has not answered for ${elapsed(now, lastContactAt)} (last contact ${formatWhen(lastContactAt)})`;
}

/** "40 min old", "1 hour old", "5 hours old". */
export function hoursOld(now: number, at: number): string {
  const age = Math.max(0, now - at);
  const hours = Math.floor(age / 3_600_000);
  if (hours < 1) return `${elapsed(now, at)} old`;
  return `${hours} ${hours === 1 ? 'hour' : 'hours'} old`;
}

/** "14:05 (12 min ago)", or "never". */
export function whenAgo(now: number, at: number | null): string {
  return at === null ? 'never' : `${formatWhen(at)} (${elapsed(now, at)} ago)`;
}
