import { z } from 'zod';
import { bookingEventTypes } from './booking-event-types';
import { couponEventTypes } from './coupon-event-types';
import { fuelEventTypes } from './fuel-event-types';
import { loyaltyEventTypes } from './loyalty-event-types';
import { qrEventTypes } from './qr-event-types';

/**
 * Every kind of event the journal records, declared once: the aggregate it belongs to, its
 * payload schema and the payload's version. A change to a payload's shape is a new version,
 * never an edit of an old one (events already written keep theirs). Later capabilities add
 * their own types here.
 */
export interface JournalEventDef<A extends string, P extends z.ZodType> {
  aggregate: A;
  version: number;
  payload: P;
}

const def = <A extends string, P extends z.ZodType>(
  aggregate: A,
  payload: P,
  version = 1,
): JournalEventDef<A, P> => ({ aggregate, version, payload });

const id = z.string().min(1).max(64);
const nullableId = id.nullable();
const minor = z.int().nonnegative();
const reason = z.string().min(1).max(300);
const reversal = z.object({
  /** What the payment paid: a stay, or (a refund since migration 24) a fuel sale. */
  sessionId: id.optional(),
  fuelSaleId: id.optional(),
  tender: z.enum(['cash', 'card', 'qr']),
  amountMinor: minor,
  currency: z.string().length(3),
  receiptNumber: z.string().min(1).max(40),
  shiftId: id,
  reason,
});
const cashCount = z
  .array(z.object({ denominationMinor: z.int().positive(), pieces: z.int().nonnegative() }))
  .max(40);
/** What covered a stay: a permit (its id and kind) or the whitelist (the entry's key). */
const plateCover = z.object({
  source: z.enum(['permit', 'whitelist']),
  id,
  kind: z.enum(['season', 'staff', 'resident', 'contractor', 'whitelist']),
});

export const journalEventTypes = {
  // Lanes: what the cameras and the cashier read, and what the barriers did.
  'plate.read': def(
    'lane',
    z.object({
      plate: z.string().max(16),
      confidence: z.number().min(0).max(1),
      source: z.enum(['camera', 'manual']),
      photoId: nullableId,
    }),
  ),
  'gate.commanded': def(
    'lane',
    z.object({
      command: z.enum(['open', 'close']),
      cause: z.string().max(120),
      sessionId: nullableId,
      outcome: z.string().max(40),
      position: z.number().nullable(),
    }),
  ),
  'gate.overridden': def('lane', z.object({ reason })),

  // Parking sessions.
  /**
   * v2 adds coveredBy: the permit (or whitelist entry) in force for the plate at the entry read,
   * as a note (what counts is the one in force at the exit); null when none.
   */
  'session.opened': def(
    'session',
    z.object({
      plate: z.string().max(16),
      zoneId: id,
      laneId: nullableId,
      entryAt: z.int(),
      photoId: nullableId,
      continuesSessionId: nullableId,
      lostTicket: z.boolean(),
      coveredBy: plateCover.nullable(),
    }),
    2,
  ),
  /**
   * The stay owed nothing at the exit: a permit for its zone (or a whitelist entry) was in force
   * at the exit read. Commits with the stay's close; waivedMinor is what the tariff would have
   * charged. id is the permit's id, or the list entry's key (whitelist:PLATE).
   */
  'session.coveredByPermit': def(
    'session',
    z.object({
      ...plateCover.shape,
      plate: z.string().max(16),
      waivedMinor: minor,
      currency: z.string().length(3),
    }),
  ),
  'session.closed': def(
    'session',
    z.object({ laneId: id, exitAt: z.int(), photoId: nullableId, cause: z.string().max(120) }),
  ),
  'session.plateCorrected': def('session', z.object({ from: z.string(), to: z.string(), reason })),
  'session.markedPaid': def('session', z.object({ waivedMinor: minor, reason })),
  'session.deleted': def('session', z.object({ reason })),

  // Money and paper.
  /**
   * v2 adds the receipt's number: receiptSeq, its place in the station's gapless sequence, and
   * receiptNumber, as printed (with the station's prefix, "ST1-42").
   */
  /**
   * v2 adds the receipt's number (receiptSeq, receiptNumber); v3 the drawer's shift (shiftId);
   * v4 card and split payments: method widens, and tenders lists each tender's part (a card's by
   * the terminal reference that approved it).
   */
  'payment.taken': def(
    'payment',
    z.object({
      sessionId: id,
      kind: z.enum(['parking', 'lost-ticket']),
      // 'qr' added with the QR tender (migration 17): a widening, so every event written
      // before still reads as version 1.
      method: z.enum(['cash', 'card', 'split', 'qr']),
      tenders: z.array(
        z.object({
          tender: z.enum(['cash', 'card', 'qr']),
          amountMinor: minor,
          tenderedMinor: minor,
          changeMinor: minor,
          cardReference: z.string().max(32).nullable(),
        }),
      ),
      amountMinor: minor,
      tenderedMinor: minor,
      changeMinor: minor,
      currency: z.string().length(3),
      receiptId: id,
      receiptSeq: z.int().positive(),
      receiptNumber: z.string().min(1).max(40),
      alertId: nullableId,
      shiftId: id,
    }),
    4,
  ),
  /**
   * A manager took back a sale of the open shift (the stay owes again), or gave back part or
   * all of a payment later; the cash left the drawer of shiftId.
   */
  /**
   * A card (or the card part of a split) asked of the terminal under `reference`, committed
   * before the terminal hears of it; then the terminal's word on it. An approval is booked as a
   * payment (payment.taken lists the reference) exactly once.
   */
  'card.requested': def(
    'card',
    z.object({
      /** What the card pays: a stay, or (since migration 24) a fuel sale. */
      sessionId: id.optional(),
      fuelSaleId: id.optional(),
      cardMinor: minor,
      cashMinor: minor,
      currency: z.string().length(3),
    }),
  ),
  'card.answered': def(
    'card',
    z.object({
      state: z.enum(['approved', 'declined', 'cancelled', 'unknown']),
      detail: z.string().max(300),
      authCode: z.string().max(32).nullable(),
      maskedPan: z.string().max(32).nullable(),
    }),
  ),
  /**
   * Money back to a card through the terminal (a void, or a refund; a split's cash part goes
   * back from the drawer with it) under `reference`, committed before the terminal hears of it;
   * then the terminal's word on it. Only an approval is booked (payment.voided or
   * payment.refunded with tender card), exactly once.
   */
  'card.refundRequested': def(
    'card',
    z.object({
      paymentId: id,
      kind: z.enum(['void', 'refund']),
      saleReference: id,
      cardMinor: minor,
      cashMinor: minor,
      currency: z.string().length(3),
      reason,
    }),
  ),
  'card.refundAnswered': def(
    'card',
    z.object({
      state: z.enum(['approved', 'declined', 'cancelled', 'unknown']),
      detail: z.string().max(300),
      authCode: z.string().max(32).nullable(),
      maskedPan: z.string().max(32).nullable(),
    }),
  ),
  'payment.voided': def('payment', reversal),
  'payment.refunded': def('payment', reversal),
  /**
   * A nil payment: a manager (the actor) waived what a stay owed, with a reason. Nothing
   * changed hands; the receipt has its number, and the shift lists the fee under waivers.
   */
  'payment.waived': def(
    'payment',
    z.object({
      sessionId: id,
      waivedMinor: minor,
      currency: z.string().length(3),
      reason,
      /** The cashier who asked for the manager's approval; null when a manager did it. */
      attendant: z.string().max(64).nullable(),
      receiptId: id,
      receiptSeq: z.int().positive(),
      receiptNumber: z.string().min(1).max(40),
      shiftId: id,
    }),
  ),
  'receipt.printed': def(
    'receipt',
    z.object({
      jobId: z.int(),
      copy: z.boolean(),
      state: z.enum(['printed', 'failed']),
      detail: z.string().max(500),
    }),
  ),
  'receipt.interrupted': def('receipt', z.object({ jobId: z.int() })),
  'receipt.reprinted': def('receipt', z.object({ jobId: z.int(), reason })),
  'receipt.voided': def('receipt', z.object({ jobId: z.int(), reason })),

  /**
   * A payment made in the operator's app settled a stay at an exit lane: the station's payment
   * (method 'app', amountMinor = what was due) and the app payment it used, which can settle
   * no other stay. appAmountMinor is what the customer paid in the app.
   */
  'payment.fromApp': def(
    'payment',
    z.object({
      sessionId: id,
      appPaymentId: id,
      reference: z.string().max(64),
      amountMinor: minor,
      appAmountMinor: minor,
      currency: z.string().length(3),
    }),
  ),
  /**
   * Payment was impossible (e.g. an app payment the station can't verify while offline) and
   * the car was let out with the amount still due, with a manager's say-so and a reason. Commits
   * with the stay's close.
   */
  'payment.unableToCollect': def(
    'session',
    z.object({
      plate: z.string().max(16),
      laneId: id,
      dueMinor: minor,
      currency: z.string().length(3),
      reason,
      offline: z.boolean(),
    }),
  ),

  // The cashier's decisions on what lanes could not settle.
  /**
   * v2 adds 'entry-held-offline': the server is unreachable and the policy holds entries.
   * v3 adds 'entry-blacklisted': the operator blacklisted the plate; only a manager lets it in.
   */
  'alert.raised': def(
    'alert',
    z.object({
      kind: z.enum([
        'no-entry-record',
        'low-confidence-read',
        'entry-held-offline',
        'entry-blacklisted',
      ]),
      laneId: id,
      plate: z.string().max(16),
      confidence: z.number().min(0).max(1),
    }),
    3,
  ),
  /** v2 adds 'admit': the cashier let in a car an offline policy held at the entry. */
  'alert.resolved': def(
    'alert',
    z.object({
      action: z.enum(['match', 'lostTicket', 'confirm', 'dismiss', 'admit']),
      resolution: z.string().max(200),
      reason: z.string().max(300),
    }),
    2,
  ),

  // Operators at the booth.
  'operator.signedIn': def('operator', z.object({ failedBefore: z.int().nonnegative() })),
  /** v2 adds 'replaced': another sign-in at the same console ended this session. */
  'operator.signedOut': def(
    'operator',
    z.object({ why: z.enum(['sign-out', 'disconnected', 'replaced']) }),
    2,
  ),
  /** Failed sign-ins are tallied: an event at failures 1, 10, 100, ... of a window. */
  'operator.signInFailed': def(
    'operator',
    z.object({
      failures: z.int().positive(),
      known: z.boolean(),
      since: z.int(),
      previousWindow: z.unknown(),
    }),
  ),
  /**
   * Too many wrong PINs in a row: sign-in for this name (or from this console) is refused,
   * before any hashing, until `until`; each further lockout lasts twice as long, up to a cap.
   */
  'operator.lockedOut': def(
    'operator',
    z.object({
      scope: z.enum(['name', 'console']),
      /** The operator name, or the console's caller id. */
      key: z.string().max(64),
      known: z.boolean(),
      failures: z.int().positive(),
      lockedForMs: z.int().positive(),
      until: z.int(),
    }),
  ),
  /** firstRun: the manager named at a first run, when the station had no operator yet. */
  'operator.added': def(
    'operator',
    z.object({ role: z.enum(['cashier', 'manager']), firstRun: z.boolean() }),
  ),
  /** The operator changed their own PIN; wasTemporary: a manager's reset or a short PIN. */
  'operator.pinChanged': def('operator', z.object({ wasTemporary: z.boolean() })),
  /** A manager set a temporary PIN for a cashier (who must change it at sign-in). */
  'operator.pinReset': def('operator', z.object({ reason })),
  /**
   * A manager's one-action approval at a cashier's console. Written in the same transaction as
   * each event the approved action wrote (eventId), whose actor is the manager; eventId is null
   * when the action wrote none (a read).
   */
  'operator.elevated': def(
    'operator',
    z.object({ attendant: z.string().max(40), channel: z.string().max(40), eventId: nullableId }),
  ),

  // The cash drawer's shift: its float, cash moved in and out, the blind count and the reports.
  'shift.opened': def(
    'shift',
    z.object({ currency: z.string().length(3), floatMinor: minor, count: cashCount }),
  ),
  /** A pay-in, a pay-out or a safe drop: cash in or out of the drawer that is not a sale. */
  'shift.cashMoved': def(
    'shift',
    z.object({
      kind: z.enum(['pay-in', 'pay-out', 'drop']),
      amountMinor: minor,
      reference: z.string().max(40),
      reason,
    }),
  ),
  /** A break: the drawer takes nothing until the cashier is back. */
  'shift.paused': def('shift', z.object({})),
  'shift.resumed': def('shift', z.object({})),
  /** An X report: the figures so far, the shift going on. */
  'shift.xReported': def(
    'shift',
    z.object({ reportId: z.int(), salesMinor: minor, expectedCashMinor: z.int() }),
  ),
  /** The blind count: what the cashier counted, and only then what the drawer should hold. */
  'shift.counted': def(
    'shift',
    z.object({
      countedMinor: minor,
      count: cashCount,
      expectedCashMinor: z.int(),
      varianceMinor: z.int(),
      needsManager: z.boolean(),
    }),
  ),
  /** The Z report: the shift is closed; a variance beyond the threshold names who accepted it. */
  'shift.closed': def(
    'shift',
    z.object({
      reportId: z.int(),
      salesMinor: minor,
      expectedCashMinor: z.int(),
      countedMinor: minor,
      varianceMinor: z.int(),
      reason: z.string().max(300).nullable(),
      approvedBy: z.string().max(40).nullable(),
      receiptRange: z.object({ first: z.int(), last: z.int() }).nullable(),
    }),
  ),

  // Site set-up.
  'tariff.changed': def('tariff', z.object({ rules: z.record(z.string(), z.unknown()) })),

  // Station settings a manager changes at the console (the aggregate is the setting's key).
  'settings.changed': def(
    'settings',
    z.object({
      setting: z.enum(['ui.language', 'lane.roi']),
      /** lane.roi: the lane's id; from/to are "x,y,w,h" shares of the frame, null = whole. */
      lane: z.string().max(64).optional(),
      from: z.string().max(40).nullable(),
      to: z.string().min(1).max(40).nullable(),
    }),
  ),

  /** A manager set the forecast's staffing limits (issue 11): capacity, a cashier's load. */
  'charts.staffingLimitsSet': def(
    'settings',
    z.object({
      capacityPerHour: z.int().positive().nullable(),
      cashierLoadPerHour: z.int().positive().nullable(),
      cashiers: z.int().positive(),
    }),
  ),

  /**
   * A manager acknowledged an exception (issue 11) with a note; the aggregate is the exception's
   * id, which the rules derive from the journal, so a rebuild finds the same one to mark.
   */
  'exception.acknowledged': def('exception', z.object({ note: z.string().min(1).max(300) })),
  /**
   * A zone's arrivals stayed outside the forecast's interval for a run of hours (a dead entry
   * camera, a stuck gate), naming its entry lanes. The aggregate is the exception's id (zone and first hour): a run that
   * grows is journaled again under it, with its new length.
   */
  'exception.anomalyDetected': def(
    'exception',
    z.object({
      zoneId: id,
      fromHour: z.int(),
      hours: z.int().positive(),
      side: z.enum(['low', 'high']),
      actual: z.int().nonnegative(),
      expected: z.int().nonnegative(),
      /** The zone's entry lanes (absent in the first events, before they were named). */
      laneIds: z.array(id).max(32).optional(),
    }),
  ),
  /**
   * A pump sold nothing for a run of hours in which its fuel sales forecast expected at least
   * the configured number of sales (pumpSilentExpectedSales): closed, broken or blocked.
   */
  'exception.pumpSilent': def(
    'exception',
    z.object({
      pump: z.int().min(1).max(99),
      laneId: id,
      fromHour: z.int(),
      hours: z.int().positive(),
      expected: z.number().nonnegative(),
    }),
  ),

  /** Rows of the audit log kept before the journal existed, carried over as they were. */
  // Sync with the operator's server: what was pulled, and decisions that change the booth.
  'sync.pulled': def(
    'sync',
    z.object({
      fromChangeSeq: z.int(),
      toChangeSeq: z.int(),
      counts: z.record(z.string(), z.int().nonnegative()),
    }),
  ),
  /** A payment made in the operator's app, pulled; the plate may leave until validUntil. */
  'appPayment.received': def(
    'appPayment',
    z.object({
      plate: z.string().max(16),
      purpose: z.enum(['parking', 'fuel']),
      amountMinor: minor,
      currency: z.string().length(3),
      paidAt: z.int(),
      validUntil: z.int(),
      reference: z.string().max(64),
    }),
  ),
  /** An SMS the operator is asked to send (the console never sends one itself). */
  /** v2 adds 'booking-expired': a booking lapsed without the customer (issue 11). */
  'message.requested': def(
    'message',
    z.object({
      kind: z.enum([
        'session-expiry',
        'overstay',
        'exit-window-reminder',
        'booking-reminder',
        'booking-expired',
      ]),
      plate: z.string().max(16),
      subjectId: id,
    }),
    2,
  ),
  /** A manager sent a held aggregate's events to the server again. */
  'sync.retried': def(
    'sync',
    z.object({ aggregateType: z.string().max(40), aggregateId: id, fromSeq: z.int() }),
  ),

  // Bookings and their e-tokens (issue 11).
  ...bookingEventTypes,

  // Fuel sales at the pump lanes (issue 10).
  ...fuelEventTypes,

  // The points ledger: one event per entry, in its transaction (issue 10).
  ...loyaltyEventTypes,
  ...qrEventTypes,

  // Single-use coupons redeemed through the operator's server (issue 10).
  ...couponEventTypes,

  'audit.imported': def(
    'audit',
    z.object({
      action: z.string(),
      subject: z.string(),
      reason: z.string(),
      detail: z.unknown(),
    }),
  ),
} as const;

export type JournalEventTypes = typeof journalEventTypes;
export type JournalEventType = keyof JournalEventTypes;
export type JournalPayload<T extends JournalEventType> = z.output<JournalEventTypes[T]['payload']>;

/** An event as a service hands it to the journal; ids, order and hashes are the journal's. */
export type JournalDraft = {
  [T in JournalEventType]: {
    type: T;
    aggregateId: string;
    payload: JournalPayload<T>;
    actor: string;
  };
}[JournalEventType];

/** A journal event as read back (the manager's screen, sync, charts). */
export const journalEntryView = z.object({
  seq: z.int(),
  id: z.string(),
  stationId: z.string(),
  aggregateType: z.string(),
  aggregateId: z.string(),
  aggregateSeq: z.int(),
  type: z.string(),
  version: z.int(),
  payload: z.unknown(),
  actor: z.string(),
  at: z.int(),
});
export type JournalEntryView = z.output<typeof journalEntryView>;
