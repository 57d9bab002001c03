import { z } from 'zod';
import {
  bookingSource,
  bookingStatus,
  checkInVia,
  etokenRefusalReason,
  resourceKind,
  resourceRef,
} from '../domain/bookings';
import { id, plateText, reason } from './fields';

/*
 * The bookings part of the contract (issue 11): views, channels and the event, spread into
 * channels.ts, views.ts and events.ts so each is declared once.
 */

const when = z.number();

/** A booking as the schedule shows it: its record, its check-in window and where it stands. */
export const bookingView = z.object({
  id: z.string(),
  source: bookingSource,
  resource: resourceRef,
  resourceName: z.string(),
  startsAt: when,
  endsAt: when,
  durationMinutes: z.int(),
  plate: z.string(),
  contact: z.string().nullable(),
  status: bookingStatus,
  /** upcoming, due, late or overdue while booked; else the status. */
  state: z.enum([
    'upcoming',
    'due',
    'late',
    'overdue',
    'checked-in',
    'in-service',
    'completed',
    'cancelled',
    'no-show',
    'expired',
  ]),
  opensAt: when,
  closesAt: when,
  lateUntil: when.nullable(),
  etokenId: z.string().nullable(),
  checkedInAt: when.nullable(),
  checkedInVia: checkInVia.nullable(),
  serviceStartedAt: when.nullable(),
  closedAt: when.nullable(),
  walkIn: z.boolean(),
  /** The plate's recent no-shows, and whether that flags it (repeat no-show rule). */
  noShows: z.int(),
  flagged: z.boolean(),
});

export const bookingResourceView = z.object({
  id: z.string(),
  kind: resourceKind,
  name: z.string(),
  capacity: z.int(),
});

export const scheduleView = z.object({
  from: when,
  to: when,
  now: when,
  slotMinutes: z.int(),
  timeZone: z.string(),
  resources: z.array(bookingResourceView),
  bookings: z.array(bookingView),
});

/** A scanned e-token: the booking it checked in, or why it was refused (journaled either way). */
export const tokenScanResult = z.discriminatedUnion('accepted', [
  z.object({ accepted: z.literal(true), booking: bookingView }),
  z.object({
    accepted: z.literal(false),
    reason: etokenRefusalReason,
    message: z.string(),
    bookingId: z.string().nullable(),
  }),
]);

const byId = z.object({ bookingId: id }).strict();
// channels.ts's ChannelDef, written out: importing it here would make an import cycle.
const cashier = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({
  request,
  response,
  access: 'cashier' as const,
});

export const bookingChannels = {
  /** Today's schedule (or [from, to)): every resource and the bookings starting in it. */
  'bookings:list': cashier(
    z
      .object({ from: z.int().nonnegative().optional(), to: z.int().nonnegative().optional() })
      .strict(),
    scheduleView,
  ),
  /** A booking made at the booth for a phone or walk-in customer, if the slot has room. */
  'bookings:create': cashier(
    z
      .object({
        resource: resourceRef.strict(),
        startsAt: z.int().nonnegative(),
        durationMinutes: z
          .int()
          .min(1)
          .max(24 * 60),
        plate: plateText,
        contact: z.string().trim().max(120).optional(),
        source: z.enum(['phone', 'walk-in']),
      })
      .strict(),
    bookingView,
  ),
  /** The cashier picks the booking: checked in if its check-in window is open. */
  'bookings:checkIn': cashier(byId, bookingView),
  /** A QR code from the scanner or a keyboard wedge, checked offline against the operator's keys. */
  'bookings:scanToken': cashier(
    z.object({ token: z.string().min(1).max(4096) }).strict(),
    tokenScanResult,
  ),
  'bookings:startService': cashier(byId, bookingView),
  'bookings:complete': cashier(byId, bookingView),
  'bookings:cancel': cashier(z.object({ bookingId: id, reason }).strict(), bookingView),
  /** A customer who came after check-in closed: the booking lapses, served as a walk-in. */
  'bookings:convertToWalkIn': cashier(z.object({ bookingId: id, reason }).strict(), bookingView),
} as const;

/** A booking changed (created, checked in, no-show, …): the schedule reloads it. */
export const bookingsChanged = z.object({ bookingId: z.string(), change: z.string() });

export type BookingView = z.output<typeof bookingView>;
export type BookingResourceView = z.output<typeof bookingResourceView>;
export type ScheduleView = z.output<typeof scheduleView>;
export type TokenScanResult = z.output<typeof tokenScanResult>;
