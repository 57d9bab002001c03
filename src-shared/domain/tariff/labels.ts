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
