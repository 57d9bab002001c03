import { z } from 'zod';

/** Local wall-clock time "HH:MM" (24 h). */
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const minor = z.int().nonnegative();
const minutes = z.int().nonnegative();

/**
 * One step of the day-rate ladder. Steps apply by cumulative day-rate minutes since entry:
 * from `fromMinute` on, time is billed in blocks of `incrementMinutes`, each block
 * costing `pricePerIncrementMinor`. A started block is billed in full.
 */
export const tariffStepSchema = z.object({
  fromMinute: minutes,
  incrementMinutes: z.int().positive(),
  pricePerIncrementMinor: minor,
});

/** Night window in the tariff's time zone; may wrap midnight (22:00-07:00). */
export const nightRateSchema = z.object({
  start: hhmm,
  end: hhmm,
  incrementMinutes: z.int().positive(),
  pricePerIncrementMinor: minor,
  /** Most one night window can cost; null = no cap. */
  maxPerNightMinor: minor.nullable(),
});

export const dailyCapSchema = z.object({
  amountMinor: minor,
  /** calendar: local midnight to midnight. rolling24h: 24 h periods from entry. */
  mode: z.enum(['calendar', 'rolling24h']),
});

export const tariffSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(120),
  /** ISO 4217 code; amounts are integer minor units of it. */
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** IANA zone used for night windows and calendar days. */
  timeZone: z.string().min(1),
  /** A stay no longer than this is free. */
  freeMinutes: minutes,
  steps: z.array(tariffStepSchema).min(1),
  dailyCap: dailyCapSchema.nullable(),
  night: nightRateSchema.nullable(),
  lostTicketFeeMinor: minor,
  /** Minutes a paid car may take to leave before the fee resumes. */
  exitGraceMinutes: minutes,
  /** Re-entry within this many minutes of exit keeps the original entry time. */
  reentryMinutes: minutes,
});

export type TariffStep = z.infer<typeof tariffStepSchema>;
export type NightRate = z.infer<typeof nightRateSchema>;
export type DailyCap = z.infer<typeof dailyCapSchema>;
export type Tariff = z.infer<typeof tariffSchema>;

export type FeeLineKind = 'free' | 'day' | 'night' | 'cap' | 'lost-ticket';

export interface FeeLine {
  kind: FeeLineKind;
  /** Human text for the receipt, e.g. "Day rate 2 h 15 min". */
  label: string;
  /** Signed: cap lines are negative. */
  amountMinor: number;
}

export interface FeeQuote {
  totalMinor: number;
  /** Real elapsed minutes (UTC difference, so DST does not add or remove time), rounded up. */
  durationMinutes: number;
  lines: FeeLine[];
}
