import type { StationException } from './types';

/**
 * What the rules remember between events: only what a later event may need, each part pruned
 * when it can no longer matter (a closed stay, a closed shift, a lost ticket out of the window).
 */

export interface OpenStay {
  sessionId: string;
  plate: string;
  entryAt: number;
  seq: number;
  photoId: string | null;
  overstayRaised: boolean;
  /** Reads of the plate at an entry lane while it was inside (the double entry's evidence). */
  entryReadsInside: { seq: number; photoId: string | null }[];
}

export interface LaneMoment {
  seq: number;
  at: number;
  plate: string;
  photoId: string | null;
}

export interface ShiftTally {
  cashier: string;
  currency: string;
  payments: number;
  voids: number[];
  refunds: number[];
  nils: number[];
}

export interface RuleState {
  /** Open stays by session id. */
  stays: Record<string, OpenStay>;
  /** Each lane's last plate read (the exit read that a close and a gate open follow). */
  lastRead: Record<string, LaneMoment>;
  /** Lanes the journal has shown cars entering by (an event names no lane's direction). */
  entryLanes: Record<string, true>;
  /**
   * A lane's open without a transaction whose outcome is still to come: the gate journals the
   * command before it is sent and the read-back after, and both belong to one exception.
   */
  gateOpening: Record<string, StationException>;
  /** Each lane's last manual override (its reason is journaled before the barrier moves). */
  lastOverride: Record<string, { seq: number; at: number }>;
  /** Lost-ticket stays by plate, within the window. */
  lostTickets: Record<string, { seq: number; at: number; photoId: string | null }[]>;
  /** Open shifts by id. */
  shifts: Record<string, ShiftTally>;
  /** The earliest an open stay can overstay (null: none open), so most events skip the check. */
  nextOverstayAt: number | null;
  /** The latest event's time: the journal's own clock, so a rebuild judges the same. */
  lastAt: number;
}

export const emptyRuleState = (): RuleState => ({
  stays: {},
  lastRead: {},
  entryLanes: {},
  gateOpening: {},
  lastOverride: {},
  lostTickets: {},
  shifts: {},
  nextOverstayAt: null,
  lastAt: 0,
});
