import { computeFee, lostTicketFee } from './tariff';
import type { Tariff } from './tariff/types';
import type { ParkingSession, QuoteView } from './types';

const MINUTE = 60_000;

/**
 * What a session owes at `now`. A payment settles the fee up to the end of its exit window
 * (exitBy): inside the window nothing is due; after it the fee resumes from the window's end
 * and only the difference is due.
 */
export function quoteSession(session: ParkingSession, tariff: Tariff, now: number): QuoteView {
  const at = Math.max(now, session.entryAt);
  const full = session.lostTicket ? lostTicketFee(tariff) : computeFee(tariff, session.entryAt, at);
  let dueMinor = full.totalMinor;
  if (session.exitBy !== null) {
    if (at <= session.exitBy) dueMinor = 0;
    else if (session.lostTicket) {
      // The lost-ticket fee covered everything up to its exit window; time after it is billed fresh.
      dueMinor = computeFee(tariff, session.exitBy, at).totalMinor;
    } else {
      dueMinor = full.totalMinor - computeFee(tariff, session.entryAt, session.exitBy).totalMinor;
    }
  }
  return {
    sessionId: session.id,
    at,
    currency: tariff.currency,
    dueMinor: Math.max(0, dueMinor),
    feeTotalMinor: full.totalMinor,
    paidMinor: session.paidMinor,
    lines: full.lines.map((l) => ({ label: l.label, amountMinor: l.amountMinor })),
    exitByIfPaidNow: at + tariff.exitGraceMinutes * MINUTE,
  };
}

export function isInLot(session: ParkingSession): boolean {
  return session.state === 'open' || session.state === 'paid';
}

/**
 * Re-entry within the tariff's window continues the earlier stay: the fee clock keeps the
 * original entry time and what was already settled, so leaving briefly never resets free
 * minutes or the daily cap.
 */
export function reentryBasis(
  previous: ParkingSession | null,
  tariff: Tariff,
  now: number,
): {
  entryAt: number;
  exitBy: number | null;
  paidMinor: number;
  continuesSessionId: string;
} | null {
  if (!previous || previous.state !== 'closed' || previous.exitAt === null) return null;
  if (now - previous.exitAt > tariff.reentryMinutes * MINUTE) return null;
  return {
    entryAt: previous.entryAt,
    exitBy: previous.exitBy,
    paidMinor: previous.paidMinor,
    continuesSessionId: previous.id,
  };
}

export function changeFor(dueMinor: number, tenderedMinor: number): number {
  if (!Number.isSafeInteger(dueMinor) || !Number.isSafeInteger(tenderedMinor)) {
    throw new RangeError('amounts must be integer minor units');
  }
  if (tenderedMinor < dueMinor) throw new RangeError('tendered is less than due');
  return tenderedMinor - dueMinor;
}
