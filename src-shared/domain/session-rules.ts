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
    exitByIfPaidNow: exitByAfterPayment(tariff, at),
  };
}

/** A car is in the lot while its session is open (fee running) or paid (inside its window). */
export function isInLot(session: ParkingSession): boolean {
  return session.state === 'open' || session.state === 'paid';
}

/** Paid at `at`, a car may leave until this instant; after it the fee resumes. */
export function exitByAfterPayment(tariff: Tariff, at: number): number {
  return at + tariff.exitGraceMinutes * MINUTE;
}

/**
 * A new stay, as an entry read or a lost ticket starts one. A re-entry within the tariff's
 * window continues the earlier stay (see reentryBasis).
 */
export function newParkingSession(init: {
  id: string;
  plate: string;
  zoneId: string;
  tariffId: string;
  entryLaneId: string | null;
  entryAt: number;
  entryPhotoId: string | null;
  reentry?: ReturnType<typeof reentryBasis>;
  /** A car with no entry record that pays the lost-ticket fee at the exit. */
  lostTicketAtExit?: { photoId: string | null };
}): ParkingSession {
  const basis = init.reentry ?? null;
  return {
    id: init.id,
    plate: init.plate,
    zoneId: init.zoneId,
    tariffId: init.tariffId,
    entryLaneId: init.entryLaneId,
    entryAt: basis?.entryAt ?? init.entryAt,
    entryPhotoId: init.entryPhotoId,
    state: 'open',
    paidMinor: basis?.paidMinor ?? 0,
    exitBy: basis?.exitBy ?? null,
    exitAt: null,
    exitLaneId: null,
    exitPhotoId: init.lostTicketAtExit?.photoId ?? null,
    lostTicket: init.lostTicketAtExit !== undefined,
    continuesSessionId: basis?.continuesSessionId ?? null,
  };
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
