/** Receipt wording. Kept apart from the arithmetic so wording changes cannot touch amounts. */

const pad = (n: number): string => String(n).padStart(2, '0');

/** 135 -> "2 h 15 min", 45 -> "45 min", 120 -> "2 h". */
export function formatMinutes(total: number): string {
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** Local wall ms -> "24/11". */
export function formatDayMonth(wallMs: number): string {
  const d = new Date(wallMs);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}`;
}

/** Local wall ms -> "24/11 14:05". */
export function formatDayMonthTime(wallMs: number): string {
  const d = new Date(wallMs);
  return `${formatDayMonth(wallMs)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function freeLabel(durationMinutes: number, freeMinutes: number): string {
  return `Free ${formatMinutes(durationMinutes)} (up to ${formatMinutes(freeMinutes)})`;
}

export function dayLabel(dayMinutes: number): string {
  return `Day rate ${formatMinutes(dayMinutes)}`;
}

export function nightLabel(start: string, end: string, ordinal: number): string {
  return `Night ${start}-${end} (${ordinal})`;
}

/** Names the capped periods; long stays are summarised so a receipt line stays short. */
export function capLabel(periodNames: readonly string[]): string {
  if (periodNames.length <= 3) return `Daily cap ${periodNames.join(', ')}`;
  const first = periodNames[0];
  const last = periodNames[periodNames.length - 1];
  return `Daily cap ${first} - ${last} (${periodNames.length} periods)`;
}

export const LOST_TICKET_LABEL = 'Lost ticket';

/**
 * What a label above says, for saying it in another language (src-shared/i18n/fee-labels.ts):
 * its kind and the values in it. Null for a text this file did not write. Each pattern mirrors
 * its writer; tests/unit/i18n.test.ts reads every writer's output back.
 */
export type FeeLabelTerm =
  | { kind: 'free'; duration: string; free: string }
  | { kind: 'day'; duration: string }
  | { kind: 'night'; start: string; end: string; ordinal: number }
  | { kind: 'cap'; periods: string }
  | { kind: 'capRange'; first: string; last: string; count: number }
  | { kind: 'lostTicket' };

const MINUTES = String.raw`\d+ h(?: \d+ min)?|\d+ min`;
const FREE = new RegExp(`^Free (${MINUTES}) \\(up to (${MINUTES})\\)$`);
const DAY = new RegExp(`^Day rate (${MINUTES})$`);
const NIGHT = /^Night ([^\s-]+)-([^\s-]+) \((\d+)\)$/;
const CAP_RANGE = /^Daily cap (.+) - (.+) \((\d+) periods\)$/;
const CAP = /^Daily cap (.+)$/;

export function feeLabelTerm(label: string): FeeLabelTerm | null {
  if (label === LOST_TICKET_LABEL) return { kind: 'lostTicket' };
  let m = FREE.exec(label);
  if (m) return { kind: 'free', duration: m[1]!, free: m[2]! };
  if ((m = DAY.exec(label))) return { kind: 'day', duration: m[1]! };
  if ((m = NIGHT.exec(label))) {
    return { kind: 'night', start: m[1]!, end: m[2]!, ordinal: Number(m[3]) };
  }
  if ((m = CAP_RANGE.exec(label))) {
    return { kind: 'capRange', first: m[1]!, last: m[2]!, count: Number(m[3]) };
  }
  if ((m = CAP.exec(label))) return { kind: 'cap', periods: m[1]! };
  return null;
}
