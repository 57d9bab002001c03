import type { OperatorView } from '../../src-shared';
import type { TokenScanResult } from '../../src-shared/contract/bookings';
import {
  checkIn,
  judgeEtoken,
  parseEtoken,
  type Booking,
  type EtokenPayload,
  type EtokenRefusalReason,
} from '../../src-shared/domain/bookings';
import type { BookingBook } from './booking-book';
import type { BookingService } from './booking-service';
import { tokenDigest, type EtokenSignatures } from './etoken-signatures';

export interface EtokenCheckInDeps {
  book: BookingBook;
  service: Pick<BookingService, 'sweep'>;
  signatures: EtokenSignatures;
  /** This station's id: a token names the station it is valid at. */
  stationId: string;
}

/**
 * Check-in by the customer's QR code, offline: the operator's Ed25519 signature is checked
 * with the key last pulled, then the station, single use, the booking and its check-in
 * window. Every attempt is journaled: a refusal with its reason in a transaction of its own,
 * an acceptance with the check-in and the token's use (whose primary key makes it single-use
 * even between two consoles) in one. A token for a booking not pulled yet still checks in:
 * the operator signed everything the booking needs.
 */
export class EtokenCheckIn {
  constructor(private readonly d: EtokenCheckInDeps) {}

  scan(scanned: string, operator: OperatorView): TokenScanResult {
    const { book } = this.d;
    const digest = tokenDigest(scanned);
    const parsed = parseEtoken(scanned);
    if (!parsed.ok) {
      return this.refuse('unreadable', null, 'malformed', parsed.message, digest, operator);
    }
    const p = parsed.payload;
    const signature = this.d.signatures.check(parsed);
    this.d.service.sweep();
    const at = book.d.clock();
    let refusal: { reason: EtokenRefusalReason; message: string } | null = null;
    const booking = book.d.transact(() => {
      const known = book.d.bookings.get(p.bid);
      const judged = judgeEtoken({
        payload: p,
        signature,
        stationId: this.d.stationId,
        usedAt: book.d.bookings.tokenUsedAt(p.tid),
        booking: known,
        rules: book.rules,
        now: at,
        label: book.label,
      });
      if (!judged.ok) {
        refusal = judged;
        return null;
      }
      return this.checkIn(known, p, digest, at, operator);
    });
    if (!booking) {
      const r = refusal!;
      return this.refuse(p.tid, p, r.reason, r.message, digest, operator);
    }
    book.changed(booking, 'checked-in');
    return { accepted: true, booking: book.view(booking, at) };
  }

  /** Inside the transaction: the booking checked in, the token used, both journaled. */
  private checkIn(
    known: Booking | null,
    p: EtokenPayload,
    digest: string,
    at: number,
    operator: OperatorView,
  ): Booking {
    const { book } = this.d;
    const booking = known ?? fromToken(p);
    const done = checkIn(booking, book.rules, at, 'etoken', book.label);
    if (!done.ok) throw new Error(`judged good, refused by check-in: ${done.refusal.message}`);
    if (!known) {
      const history = book.noShowsOf(booking.plate, at);
      book.write(
        booking,
        true,
        [
          {
            type: 'booking.created',
            actor: 'operator',
            payload: {
              source: 'app',
              resource: booking.resource,
              startsAt: booking.startsAt,
              durationMinutes: booking.durationMinutes,
              plate: booking.plate,
              etokenId: p.tid,
              hasContact: false,
              noShows: history.count,
              flagged: history.flagged,
            },
          },
        ],
        at,
      );
    }
    book.d.bookings.useToken(p.tid, booking.id, at);
    book.d.journal.append(
      {
        type: 'etoken.accepted',
        aggregateId: p.tid,
        actor: operator.name,
        payload: { bookingId: booking.id, kid: p.kid, tokenDigest: digest },
      },
      at,
    );
    book.write(
      done.booking,
      false,
      [
        {
          type: 'booking.checkedIn',
          actor: operator.name,
          payload: { via: 'etoken', laneId: null, tokenId: p.tid, lateByMs: at - booking.startsAt },
        },
      ],
      at,
    );
    return done.booking;
  }

  private refuse(
    aggregateId: string,
    p: EtokenPayload | null,
    reason: EtokenRefusalReason,
    message: string,
    digest: string,
    operator: OperatorView,
  ): TokenScanResult {
    const { book } = this.d;
    const at = book.d.clock();
    book.d.transact(() =>
      book.d.journal.append(
        {
          type: 'etoken.refused',
          aggregateId,
          actor: operator.name,
          payload: {
            reason,
            message: message.slice(0, 300),
            bookingId: p?.bid ?? null,
            kid: p?.kid ?? null,
            plate: p?.plate ?? null,
            tokenDigest: digest,
          },
        },
        at,
      ),
    );
    return { accepted: false, reason, message, bookingId: p?.bid ?? null };
  }
}

/** A booking the operator made that this station has not pulled yet, as its token states it. */
function fromToken(p: EtokenPayload): Booking {
  return {
    id: p.bid,
    source: 'app',
    resource: p.res,
    startsAt: p.from,
    durationMinutes: Math.max(1, Math.round((p.to - p.from) / 60_000)),
    plate: p.plate,
    contact: null,
    status: 'booked',
    lateUntil: null,
    etokenId: p.tid,
    createdAt: p.iat,
    checkedInAt: null,
    checkedInVia: null,
    serviceStartedAt: null,
    closedAt: null,
    walkIn: false,
  };
}
