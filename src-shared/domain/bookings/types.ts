import { z } from 'zod';

/*
 * Bookings: appointments for a pump slot or a parking bay, made in the operator's app (pulled
 * through sync) or at the booth (a phone or walk-in customer). Pure data and rules: no clock,
 * no storage; times are epoch milliseconds, durations whole minutes.
 */

export const resourceKind = z.enum(['pump', 'bay']);
export type ResourceKind = z.output<typeof resourceKind>;

/** What a booking is for: a pump (one car at a time, or more with several hoses) or bays. */
export const resourceRef = z.object({
  kind: resourceKind,
  id: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, dash or underscore'),
});
export type ResourceRef = z.output<typeof resourceRef>;

/**
 * booked: expected. checked-in: arrived and recognised (token, cashier or plate read).
 * in-service: at the pump or in the bay. completed: done. cancelled: by the customer, the
 * operator or the booth. no-show: nobody came before check-in closed (the slot is free again).
 * expired: the customer came after check-in closed and the booking lapsed: served as a walk-in.
 */
export const bookingStatus = z.enum([
  'booked',
  'checked-in',
  'in-service',
  'completed',
  'cancelled',
  'no-show',
  'expired',
]);
export type BookingStatus = z.output<typeof bookingStatus>;

/** app: the operator's hosted API (pulled, or learned from its signed e-token). */
export const bookingSource = z.enum(['app', 'phone', 'walk-in']);
export type BookingSource = z.output<typeof bookingSource>;

export const checkInVia = z.enum(['etoken', 'pick', 'plate']);
export type CheckInVia = z.output<typeof checkInVia>;

export interface Booking {
  id: string;
  source: BookingSource;
  resource: ResourceRef;
  startsAt: number;
  durationMinutes: number;
  /** Normalised (src-shared/domain/plate.ts). */
  plate: string;
  /** How to reach or recognise the customer (a name, a phone); null when none was given. */
  contact: string | null;
  status: BookingStatus;
  /**
   * The operator's API said the customer is running late: check-in stays open until then (it
   * only ever extends the late grace, never shortens it).
   */
  lateUntil: number | null;
  /** The e-token the operator issued for it (null for a booking made at the booth). */
  etokenId: string | null;
  createdAt: number;
  checkedInAt: number | null;
  checkedInVia: CheckInVia | null;
  serviceStartedAt: number | null;
  /** When it left the schedule: completed, cancelled, no-show or expired. */
  closedAt: number | null;
  /** A late arrival that was served as a walk-in instead (status expired). */
  walkIn: boolean;
}

const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'HH:MM');

/**
 * A bookable resource as the site configures it. capacity: cars served at once (a pump's
 * hoses, a group's bays). laneIds: the lanes whose plate reads check its bookings in (none:
 * any entry lane).
 */
export const resourceConfig = z.object({
  id: resourceRef.shape.id,
  kind: resourceKind,
  name: z.string().min(1).max(60),
  capacity: z.int().min(1).max(10_000),
  laneIds: z.array(z.string().min(1)).default([]),
});
export type ResourceConfig = z.output<typeof resourceConfig>;

/**
 * Walk-in lanes kept free by rule: while the rule applies (local time from..to on the given
 * weekdays, 0 = Sunday; all day, every day without them), at least `keepFree` of the capacity
 * of its resources (those of `kind`, or the ones named) is never booked. One rule naming one
 * resource reserves part of that resource; one over a kind keeps whole pumps for walk-ins.
 */
export const walkInRule = z
  .object({
    kind: resourceKind.optional(),
    resourceIds: z.array(z.string().min(1)).optional(),
    keepFree: z.int().min(0),
    from: hhmm.optional(),
    to: hhmm.optional(),
    days: z.array(z.int().min(0).max(6)).optional(),
  })
  .refine((r) => (r.kind === undefined) !== (r.resourceIds === undefined), {
    message: 'a rule names a kind or resourceIds, not both',
  })
  .refine((r) => (r.from === undefined) === (r.to === undefined), {
    message: 'from and to go together',
  });
export type WalkInRule = z.output<typeof walkInRule>;

/** The site's timing rules, in minutes. */
export const bookingRules = z.object({
  /** Capacity is counted per slot of this length (slots start on the hour). */
  slotMinutes: z.int().min(5).max(240).default(15),
  /** Check-in opens this long before the booked start. */
  earlyGraceMinutes: z
    .int()
    .min(0)
    .max(24 * 60)
    .default(15),
  /** ...and closes this long after it (unless the operator extended it: lateUntil). */
  lateGraceMinutes: z
    .int()
    .min(0)
    .max(24 * 60)
    .default(15),
  /** A booking still not checked in this long after check-in closed is a no-show. */
  noShowAfterMinutes: z
    .int()
    .min(0)
    .max(24 * 60)
    .default(0),
  /** A plate with at least `count` no-shows in the last `withinDays` days is flagged. */
  repeatNoShow: z
    .object({
      count: z.int().min(1).max(100).default(2),
      withinDays: z.int().min(1).max(3650).default(90),
    })
    .prefault({}),
});
export type BookingRules = z.output<typeof bookingRules>;

export const MINUTE = 60_000;
export const DAY = 86_400_000;

export const endsAt = (b: Pick<Booking, 'startsAt' | 'durationMinutes'>): number =>
  b.startsAt + b.durationMinutes * MINUTE;
