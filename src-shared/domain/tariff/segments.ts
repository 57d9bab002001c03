/**
 * Lays a stay out as segments in "minute index" space. Minute i of a stay is the real-time
 * minute starting at entryAt + i * 60 s (i = 0 .. duration-1); everything about it (night or
 * day, which cap period) is decided by the local wall time at that start instant. Boundaries
 * (night window edges, period edges) are computed per constant-offset piece, so the cost grows
 * with the number of boundaries, never with the number of minutes.
 */
import { DAY_MS, MINUTE_MS, type OffsetPiece, type ZoneClock } from './zone-clock';

/** Night window as local ms-of-day; end > start (a window wrapping midnight gets +24 h). */
export interface NightWindow {
  startMs: number;
  endMs: number;
}

/** A run of consecutive night minutes [from, to) belonging to the night that starts on `nightDate`. */
export interface NightRun {
  from: number;
  to: number;
  /** Local date (days since 1970-01-01) on which this window occurrence opens. */
  nightDate: number;
}

/** A cap period's share of the stay: minutes [from, to), real instants [startAt, endAt). */
export interface PeriodSpan {
  from: number;
  to: number;
  startAt: number;
  endAt: number;
  /** Local wall time (ms since local epoch) at which the period begins; used for labels. */
  wallStart: number;
}

export type PeriodMode = 'calendar' | 'rolling24h';

/** First minute index whose start instant is >= t, clamped to [0, duration]. */
function indexAt(t: number, entryAt: number, duration: number): number {
  const i = Math.ceil((t - entryAt) / MINUTE_MS);
  return i < 0 ? 0 : i > duration ? duration : i;
}

/**
 * Night minutes: local wall time in [start, end). A wrapped window (22:00-07:00) belongs to the
 * date it opens on. In a repeated (fall-back) hour the same wall time can occur twice; both
 * occurrences count, and they stay part of the same night because the night date is the same.
 */
export function nightRuns(
  pieces: readonly OffsetPiece[],
  win: NightWindow,
  entryAt: number,
  duration: number,
): NightRun[] {
  const runs: NightRun[] = [];
  for (const p of pieces) {
    const wallFrom = p.from + p.offsetMs;
    const wallTo = p.to + p.offsetMs;
    // k - 1 covers a window that opened the local day before and wraps into this piece.
    for (let k = Math.floor(wallFrom / DAY_MS) - 1; k * DAY_MS + win.startMs < wallTo; k++) {
      const from = Math.max(k * DAY_MS + win.startMs - p.offsetMs, p.from);
      const to = Math.min(k * DAY_MS + win.endMs - p.offsetMs, p.to);
      if (to <= from) continue;
      const fi = indexAt(from, entryAt, duration);
      const ti = indexAt(to, entryAt, duration);
      if (ti <= fi) continue;
      const last = runs[runs.length - 1];
      if (last && last.to === fi && last.nightDate === k) last.to = ti;
      else runs.push({ from: fi, to: ti, nightDate: k });
    }
  }
  return runs;
}

/**
 * Cap periods that contain at least one minute of the stay.
 * calendar: a new period starts at the first instant whose local date is later than every local
 * date seen so far in the stay. That is local midnight (so DST days are 23 h / 25 h), and stays
 * well-defined when midnight itself is skipped or repeated by a DST change.
 * rolling24h: consecutive 24 h real-time periods from entry.
 */
export function periodSpans(
  mode: PeriodMode,
  clock: ZoneClock,
  pieces: readonly OffsetPiece[],
  entryAt: number,
  exitAt: number,
  duration: number,
): PeriodSpan[] {
  const starts: { at: number; wall: number }[] = [];
  if (mode === 'rolling24h') {
    for (let at = entryAt; at < exitAt; at += DAY_MS) starts.push({ at, wall: clock.wallAt(at) });
  } else {
    const first = pieces[0];
    if (!first) return [];
    let maxDate = Math.floor((entryAt + first.offsetMs) / DAY_MS);
    starts.push({ at: entryAt, wall: entryAt + first.offsetMs });
    for (const p of pieces) {
      const startDate = Math.floor((p.from + p.offsetMs) / DAY_MS);
      if (startDate > maxDate) {
        // The date jumped at an offset change (midnight skipped by spring-forward).
        maxDate = startDate;
        starts.push({ at: p.from, wall: maxDate * DAY_MS });
      }
      for (let k = maxDate + 1; k * DAY_MS - p.offsetMs < p.to; k++) {
        maxDate = k;
        starts.push({ at: k * DAY_MS - p.offsetMs, wall: k * DAY_MS });
      }
    }
  }
  const spans: PeriodSpan[] = [];
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i]!;
    const nextAt = starts[i + 1]?.at ?? Infinity;
    const from = indexAt(s.at, entryAt, duration);
    const to = indexAt(nextAt, entryAt, duration);
    if (to <= from) continue; // no billed minute starts in it: not touched
    spans.push({ from, to, startAt: s.at, endAt: Math.min(nextAt, exitAt), wallStart: s.wall });
  }
  return spans;
}
