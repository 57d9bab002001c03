/**
 * UTC offset lookup for an IANA time zone, built on Intl only (runs in Node and the browser).
 *
 * Intl formatting costs microseconds, so offsets are resolved once per UTC day and cached as a
 * "day profile": the offset at 00:00Z plus any transitions inside that day. A transition is found
 * by sampling every 6 h and bisecting to the second (tzdb transitions fall on whole seconds).
 * Assumes at most one transition per 6 h sample window, which holds for every real zone.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
const SAMPLE_MS = 6 * 3_600_000;
const MAX_CACHED_DAYS = 8192;

/** A span of instants [from, to) with one constant UTC offset (local = utc + offsetMs). */
export interface OffsetPiece {
  from: number;
  to: number;
  offsetMs: number;
}

interface DayProfile {
  startOffset: number;
  /** Instant of each transition and the offset from it on, ascending. */
  changes: { at: number; offset: number }[];
}

const PARTS = /^(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)$/;

export class ZoneClock {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly days = new Map<number, DayProfile>();

  constructor(readonly timeZone: string) {
    // Throws RangeError for an unknown zone, which is what callers should see.
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Offset in ms at instant t, straight from Intl (uncached). */
  private rawOffset(t: number): number {
    const sec = Math.floor(t / 1000) * 1000;
    const m = PARTS.exec(this.fmt.format(sec));
    let wall: number;
    if (m && Number(m[3]) >= 100) {
      // (Date.UTC maps years 0-99 to 1900+, so those take the slow path.)
      const hour = Number(m[4]) % 24; // some engines print midnight as 24
      wall = Date.UTC(+m[3]!, +m[1]! - 1, +m[2]!, hour, +m[5]!, +m[6]!);
    } else {
      wall = this.wallFromParts(sec);
    }
    return wall - sec;
  }

  /** Slow path for dates the quick pattern does not cover (e.g. era suffixes). */
  private wallFromParts(sec: number): number {
    const get = (type: string, parts: Intl.DateTimeFormatPart[]): number =>
      Number(parts.find((p) => p.type === type)?.value ?? 0);
    const p = this.fmt.formatToParts(sec);
    const year = get('year', p) * (p.some((x) => x.type === 'era' && x.value === 'BC') ? -1 : 1);
    const d = new Date(0);
    d.setUTCFullYear(year, get('month', p) - 1, get('day', p));
    d.setUTCHours(get('hour', p) % 24, get('minute', p), get('second', p), 0);
    return d.getTime();
  }

  private profile(day: number): DayProfile {
    const hit = this.days.get(day);
    if (hit) return hit;
    const start = day * DAY_MS;
    const changes: DayProfile['changes'] = [];
    const startOffset = this.rawOffset(start);
    let prevAt = start;
    let prevOff = startOffset;
    for (let at = start + SAMPLE_MS; at <= start + DAY_MS; at += SAMPLE_MS) {
      const off = this.rawOffset(at);
      if (off !== prevOff) {
        // Bisect (in whole seconds) for the first instant carrying the new offset.
        let lo = prevAt / 1000;
        let hi = at / 1000;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (this.rawOffset(mid * 1000) === prevOff) lo = mid;
          else hi = mid;
        }
        if (hi * 1000 < start + DAY_MS) changes.push({ at: hi * 1000, offset: off });
      }
      prevAt = at;
      prevOff = off;
    }
    if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
    const made = { startOffset, changes };
    this.days.set(day, made);
    return made;
  }

  /** UTC offset in ms at instant t. */
  offsetAt(t: number): number {
    const p = this.profile(Math.floor(t / DAY_MS));
    let off = p.startOffset;
    for (const c of p.changes) if (c.at <= t) off = c.offset;
    return off;
  }

  /** Local wall-clock time at t, as ms since 1970-01-01T00:00 "local epoch". */
  wallAt(t: number): number {
    return t + this.offsetAt(t);
  }

  /** Splits [from, to) into maximal spans of constant offset. Empty when to <= from. */
  pieces(from: number, to: number): OffsetPiece[] {
    if (to <= from) return [];
    const out: OffsetPiece[] = [];
    let curFrom = from;
    let cur = this.offsetAt(from);
    const lastDay = Math.floor((to - 1) / DAY_MS);
    for (let day = Math.floor(from / DAY_MS); day <= lastDay; day++) {
      const prof = this.profile(day);
      // A transition exactly at 00:00Z shows up only as the day's start offset.
      if (day * DAY_MS > from && prof.startOffset !== cur) {
        out.push({ from: curFrom, to: day * DAY_MS, offsetMs: cur });
        curFrom = day * DAY_MS;
        cur = prof.startOffset;
      }
      for (const c of prof.changes) {
        if (c.at <= from || c.at >= to || c.offset === cur) continue;
        out.push({ from: curFrom, to: c.at, offsetMs: cur });
        curFrom = c.at;
        cur = c.offset;
      }
    }
    out.push({ from: curFrom, to, offsetMs: cur });
    return out;
  }
}

const clocks = new Map<string, ZoneClock>();

/** Shared, cached clock per zone: the caches are what keep fee quotes fast. */
export function zoneClock(timeZone: string): ZoneClock {
  let c = clocks.get(timeZone);
  if (!c) {
    c = new ZoneClock(timeZone);
    clocks.set(timeZone, c);
  }
  return c;
}
