import { formatMoney, type MatchKind, type SessionState } from '../src-shared';

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  day: '2-digit',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

function isToday(at: number): boolean {
  return new Date(at).toDateString() === new Date().toDateString();
}

/** "14:05" for today, "03 Mar, 14:05" otherwise. */
export function formatWhen(at: number): string {
  return isToday(at) ? timeFormat.format(at) : dateTimeFormat.format(at);
}

export function formatDateTime(at: number): string {
  return dateTimeFormat.format(at);
}

/** "2 h 05 min", "3 d 4 h", "12 min". */
export function formatDuration(ms: number): string {
  const totalMinutes = Math.max(0, Math.ceil(ms / 60_000));
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  return `${minutes} min`;
}

export function formatConfidence(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/** Money in the station's currency; an empty currency (status not loaded yet) shows the bare amount. */
export function money(amountMinor: number, currency: string): string {
  return formatMoney(amountMinor, currency).trim();
}

export const matchKindLabel: Record<MatchKind, string> = {
  exact: 'exact',
  lookalike: 'look-alike',
  partial: 'partial',
  fuzzy: 'fuzzy',
};

export const sessionStateLabel: Record<SessionState, string> = {
  open: 'Open',
  paid: 'Paid',
  closed: 'Closed',
  deleted: 'Deleted',
};
