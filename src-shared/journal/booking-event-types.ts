import { z } from 'zod';

/*
 * The journal events of bookings and their e-tokens (issue 11), spread into journalEventTypes
 * (event-types.ts). Same rules as there: a new payload shape is a new version. The customer's
 * contact is kept on the booking row, never in the journal (which is pushed and kept forever).
 */

const id = z.string().min(1).max(64);
const plate = z.string().max(16);
const reason = z.string().min(1).max(300);
const resource = z.object({ kind: z.enum(['pump', 'bay']), id: z.string().min(1).max(40) });
const refusal = z.enum([
  'malformed',
  'unknown-key',
  'forged',
  'altered',
  'wrong-station',
  'replayed',
  'superseded',
  'not-bookable',
  'too-early',
  'expired',
]);

const def = <P extends z.ZodType>(aggregate: 'booking' | 'etoken', payload: P) => ({
  aggregate,
  version: 1,
  payload,
});

export const bookingEventTypes = {
  /** A booking made at the booth (phone, walk-in) or in the operator's app (pulled, or learned from its token). */
  'booking.created': def(
    'booking',
    z.object({
      source: z.enum(['app', 'phone', 'walk-in']),
      resource,
      startsAt: z.int(),
      durationMinutes: z.int().positive(),
      plate,
      etokenId: id.nullable(),
      hasContact: z.boolean(),
      /** The plate's recent no-shows when it was booked (flagged: at the rule's count). */
      noShows: z.int().nonnegative(),
      flagged: z.boolean(),
    }),
  ),
  /** The operator moved the booking (window, resource or plate) while it was still booked. */
  'booking.rescheduled': def(
    'booking',
    z.object({ resource, startsAt: z.int(), durationMinutes: z.int().positive(), plate }),
  ),
  /** The operator said the customer is running late: check-in stays open until closesAt. */
  'booking.extended': def(
    'booking',
    z.object({ lateUntil: z.int(), closesAt: z.int(), rebooked: z.boolean() }),
  ),
  'booking.checkedIn': def(
    'booking',
    z.object({
      via: z.enum(['etoken', 'pick', 'plate']),
      laneId: id.nullable(),
      tokenId: id.nullable(),
      lateByMs: z.int(),
    }),
  ),
  'booking.serviceStarted': def('booking', z.object({})),
  'booking.completed': def('booking', z.object({})),
  'booking.cancelled': def('booking', z.object({ by: z.enum(['booth', 'operator']), reason })),
  /** Nobody came before check-in closed: the slot is free again. */
  'booking.noShow': def(
    'booking',
    z.object({ plate, closedAt: z.int(), noShows: z.int().positive(), flagged: z.boolean() }),
  ),
  /** The customer came after check-in closed: the booking lapsed and they were served as a walk-in. */
  'booking.expired': def('booking', z.object({ walkIn: z.boolean(), lateByMs: z.int(), reason })),
  /** A token checked a booking in (with booking.checkedIn, in one transaction). */
  'etoken.accepted': def(
    'etoken',
    z.object({ bookingId: id, kid: id, tokenDigest: z.string().max(64) }),
  ),
  /**
   * A token was refused, with why. The aggregate is the token's id when it could be read (its
   * attempts line up), else 'unreadable'; tokenDigest is a hash of the text as scanned.
   */
  'etoken.refused': def(
    'etoken',
    z.object({
      reason: refusal,
      message: z.string().max(300),
      bookingId: id.nullable(),
      kid: id.nullable(),
      plate: plate.nullable(),
      tokenDigest: z.string().max(64),
    }),
  ),
} as const;
