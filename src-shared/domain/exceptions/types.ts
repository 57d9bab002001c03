/**
 * The exceptions a manager watches for (issue 11), as the pure rules find them in the journal.
 * Plain data only, so the rules' memory can be kept as JSON beside the consumer's cursor.
 */

export const EXCEPTION_KINDS = [
  'gate-without-transaction',
  'double-entry',
  'exit-without-entry',
  'repeated-lost-tickets',
  'overstay',
  'void-rate',
  'refund-rate',
  'nil-payment-rate',
  'cash-variance',
  'lookalike-exit-read',
  'arrival-anomaly',
  'pump-silent',
] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/** One exception: what the rule saw, and the journal events and photos that show it. */
export interface StationException {
  /** Stable across a rebuild from the journal: the rule and the event that raised it. */
  id: string;
  kind: ExceptionKind;
  /** When it happened (the raising event's time). */
  at: number;
  /** Who or what it is about: a lane, a plate, a cashier, a zone, a pump. */
  subject: string;
  /** The figures the manager reads it by (counts, minor units, percents, hours). */
  detail: Record<string, string | number>;
  /** Journal seq numbers of the events behind it, oldest first. */
  seqs: number[];
  photoIds: string[];
}

/** Each rule's threshold, from the station config. Money in minor units; rates in percent. */
export interface ExceptionThresholds {
  /** Lost tickets by one plate within `lostTicketWindowDays` that make an exception. */
  lostTicketsPerPlate: number;
  lostTicketWindowDays: number;
  /** A stay longer than this is an overstay. */
  overstayHours: number;
  /** A shift's rates are judged only past this many payments (two voids in three is noise). */
  rateMinPayments: number;
  voidRatePercent: number;
  refundRatePercent: number;
  nilPaymentRatePercent: number;
  /** A shift closed with more than this over or short. */
  cashVarianceMinor: number;
  /** How long before an exit a lane's plate read still counts as that exit's read. */
  exitReadSeconds: number;
}

export const DEFAULT_EXCEPTION_THRESHOLDS: ExceptionThresholds = {
  lostTicketsPerPlate: 2,
  lostTicketWindowDays: 30,
  overstayHours: 72,
  rateMinPayments: 10,
  voidRatePercent: 10,
  refundRatePercent: 10,
  nilPaymentRatePercent: 10,
  cashVarianceMinor: 500,
  exitReadSeconds: 120,
};
