import { z } from 'zod';
import { LANGUAGES } from '../i18n/translate';
import { journalEntryView } from '../journal/event-types';
import {
  empty,
  id,
  idempotencyKey,
  minorAmount,
  newPin,
  operatorName,
  pin,
  plateText,
  reason,
} from './fields';
import { bookingChannels } from './bookings';
import { chartChannels } from './charts';
import { couponChannels } from './coupons';
import { fuelChannels } from './fuel';
import { exceptionChannels } from './exceptions';
import { loyaltyChannels } from './loyalty';
import * as v from './views';

/**
 * Who may call a channel; the main process turns this into its permission matrix
 * (src-main/ipc/permissions.ts), and the renderer reads it to know when to ask for a manager.
 * - public: anyone at the booth, signed in or not.
 * - session: whoever is signed in at this console, even while the session is locked.
 * - self: the signed-in operator about their own session (allowed before a forced PIN change).
 * - cashier: a signed-in cashier or manager.
 * - manager: a manager, or a cashier holding a manager's one-use approval for this channel.
 */
export type Access = 'public' | 'session' | 'self' | 'cashier' | 'manager';

export interface ChannelDef<Req extends z.ZodType, Res extends z.ZodType> {
  request: Req;
  /** The answer's shape: the renderer's types come from it, and main checks answers against it. */
  response: Res;
  access: Access;
}

function channel<Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
  access: Access,
): ChannelDef<Req, Res> {
  return { request, response, access };
}

/** Every request channel the renderer may call. The main process validates each payload. */
export const channels = {
  'station:status': channel(empty, v.stationStatus, 'public'),
  /** Only while the station has no operator at all: the first run names its first manager. */
  'setup:firstManager': channel(
    z.object({ name: operatorName, pin: newPin }).strict(),
    v.operatorSession,
    'public',
  ),
  /** Signs in at this console; a session already here (locked or not) ends as 'replaced'. */
  'operator:signIn': channel(
    z.object({ name: operatorName, pin }).strict(),
    v.operatorSession,
    'public',
  ),
  'operator:signOut': channel(empty, z.null(), 'public'),
  /** Opens a locked session again with the PIN of the operator it belongs to. */
  'operator:unlock': channel(z.object({ pin }).strict(), v.operatorSession, 'session'),
  /** The operator is at the console (input seen): keeps the session from locking. */
  'operator:activity': channel(empty, z.null(), 'self'),
  'operator:changePin': channel(
    z.object({ currentPin: pin, newPin }).strict(),
    v.operatorSession,
    'self',
  ),
  /**
   * A manager approves one manager-only action at a cashier's console with their name and PIN:
   * the next call of `channel` here runs as the manager, once, within a short time.
   */
  'operator:elevate': channel(
    z
      .object({
        name: operatorName,
        pin,
        channel: z.string().refine(isManagerChannel, { message: 'not a manager-only channel' }),
      })
      .strict(),
    v.elevationGrant,
    'cashier',
  ),
  'operators:list': channel(empty, z.array(v.operatorEntry), 'manager'),
  /**
   * The console's language, for every console of the station (a booth's screens are shared by
   * the shifts, and the sign-in screen speaks it before anyone signs in): a manager's setting,
   * kept in the database and journaled. Every console hears settings:changed.
   */
  'settings:setLanguage': channel(
    z.object({ language: z.enum(LANGUAGES) }).strict(),
    v.stationSettings,
    'manager',
  ),
  /** The new operator's PIN is temporary: they must change it at their first sign-in. */
  'operators:add': channel(
    z.object({ name: operatorName, role: v.role, pin: newPin }).strict(),
    v.operatorEntry,
    'manager',
  ),
  /** A cashier forgot their PIN (or was locked out): a temporary one, changed at sign-in. */
  'operators:resetPin': channel(
    z.object({ name: operatorName, pin: newPin, reason }).strict(),
    v.operatorEntry,
    'manager',
  ),

  'lanes:list': channel(empty, z.array(v.laneView), 'public'),
  'lanes:manualRead': channel(
    z.object({ laneId: id, plate: plateText }).strict(),
    v.laneOutcome,
    'cashier',
  ),
  'lanes:trigger': channel(z.object({ laneId: id }).strict(), v.laneOutcome.nullable(), 'cashier'),
  'lanes:openGate': channel(z.object({ laneId: id, reason }).strict(), v.laneView, 'cashier'),
  /**
   * The lane camera's region of interest (issue 12), drawn by a manager on the live lane view:
   * stored per lane in the database, journaled, used by the plate reader; null = whole frame.
   */
  'lanes:setRoi': channel(
    z.object({ laneId: id, roi: v.laneRoi.nullable() }).strict(),
    v.laneView,
    'manager',
  ),

  'sessions:search': channel(
    z.object({ query: z.string().max(32), scope: z.enum(['lot', 'all']).default('lot') }).strict(),
    z.array(v.searchCandidate),
    'cashier',
  ),
  'sessions:get': channel(z.object({ sessionId: id }).strict(), v.sessionView, 'cashier'),
  'sessions:quote': channel(z.object({ sessionId: id }).strict(), v.quoteView, 'cashier'),

  'payments:cash': channel(
    z
      .object({
        sessionId: id,
        tenderedMinor: minorAmount,
        /** The due the cashier saw; a different due now is a conflict, not a silent charge. */
        expectedDueMinor: minorAmount,
        idempotencyKey,
      })
      .strict(),
    v.paymentResult,
    'cashier',
  ),
  /**
   * Card, or split tender (part cash, part card): the card part goes to the terminal, and the
   * payment commits once it approves. A declined or cancelled card charges nothing; when the
   * terminal's answer is lost, DEVICE_FAULT says so and the station settles it by itself. A retry
   * with the same key never charges again.
   */
  'payments:card': channel(
    z
      .object({
        sessionId: id,
        expectedDueMinor: minorAmount,
        /** The part paid in cash (0: all on the card), and the cash handed over for it. */
        cashMinor: minorAmount.default(0),
        cashTenderedMinor: minorAmount.default(0),
        idempotencyKey,
      })
      .strict(),
    v.paymentResult,
    'cashier',
  ),
  /**
   * A QR payment (or the rest after a cash part, a split): the station asks the operator for
   * the payment and answers with the code to show the customer; the payment commits when the
   * operator says it was paid in the app (event qr:changed). A retry with the same key shows
   * the same payment.
   */
  'payments:qrStart': channel(
    z
      .object({
        sessionId: id,
        expectedDueMinor: minorAmount,
        cashMinor: minorAmount.default(0),
        cashTenderedMinor: minorAmount.default(0),
        idempotencyKey,
      })
      .strict(),
    v.qrPaymentView,
    'cashier',
  ),
  /** Withdraws a QR payment not paid yet (one the customer paid first is booked instead). */
  'payments:qrCancel': channel(z.object({ reference: id }).strict(), v.qrPaymentView, 'cashier'),
  'payments:qrStatus': channel(z.object({ reference: id }).strict(), v.qrPaymentView, 'cashier'),
  /** The stay's QR payment still open, if any: a console coming back to it. */
  'payments:qrOpen': channel(
    z.object({ sessionId: id }).strict(),
    v.qrPaymentView.nullable(),
    'cashier',
  ),
  /** The QR on the receipt printer, for a customer who can't scan the screen. */
  'payments:qrPrint': channel(
    z.object({ reference: id }).strict(),
    z.object({ printed: z.boolean(), detail: z.string() }),
    'cashier',
  ),
  /**
   * Payment is impossible (e.g. an app payment the station can't verify while offline): the car
   * leaves through the exit lane with the amount still due, journaled with the reason. Lets an
   * unpaid car out, so a manager's (or a manager-approved) call; refused offline under the
   * strict policy.
   */
  'payments:unableToCollect': channel(
    z.object({ sessionId: id, laneId: id, reason }).strict(),
    v.laneOutcome,
    'manager',
  ),
  'receipts:reprint': channel(
    z.object({ receiptId: id, reason }).strict(),
    v.printOutcome,
    'cashier',
  ),
  /** Receipts that failed or were cut off mid-print (a restart), waiting for the cashier. */
  'receipts:attention': channel(empty, z.array(v.printJobView), 'cashier'),
  /** A receipt as a link and its QR code, shown to the customer when the paper is out. */
  'receipts:digital': channel(
    z.object({ receiptId: id }).strict(),
    z.object({ receiptNumber: z.string(), url: z.string(), qrPngDataUrl: z.string() }),
    'cashier',
  ),
  'receipts:void': channel(
    z.object({ jobId: z.int().positive().max(Number.MAX_SAFE_INTEGER), reason }).strict(),
    z.array(v.printJobView),
    'cashier',
  ),

  /**
   * The cash drawer's shift. The drawer view is blind: no expected cash until the count is in.
   * No payment is taken outside an open shift (not on a break, not being counted).
   */
  'shifts:drawer': channel(empty, v.drawerView, 'cashier'),
  /** Opens a shift with its float, counted by denomination. */
  'shifts:open': channel(z.object({ count: v.cashCount }).strict(), v.drawerView, 'cashier'),
  /** A pay-in, a pay-out or a safe drop, each with a reference (a slip or bag number) and a reason. */
  'shifts:moveCash': channel(
    z
      .object({
        kind: z.enum(['pay-in', 'pay-out', 'drop']),
        amountMinor: minorAmount.refine((m) => m > 0, 'an amount above zero'),
        reference: z.string().trim().min(1, 'a reference is required').max(40),
        reason,
      })
      .strict(),
    v.drawerView,
    'cashier',
  ),
  /** A break: the drawer takes nothing until resumed, and the console locks. */
  'shifts:pause': channel(empty, v.drawerView, 'cashier'),
  'shifts:resume': channel(empty, v.drawerView, 'cashier'),
  /** An X report: the shift so far, stored and printed; the shift goes on. */
  'shifts:xReport': channel(empty, v.shiftReportView, 'cashier'),
  /**
   * The blind count that closes the shift: within the site's threshold the Z report comes at
   * once; beyond it, `report` is null and the counted drawer waits for a manager.
   */
  'shifts:close': channel(
    z.object({ count: v.cashCount }).strict(),
    z.object({ drawer: v.drawerView, report: v.shiftReportView.nullable() }),
    'cashier',
  ),
  /** A payment by its receipt number as printed ("R-12"): for a void or a refund. */
  'payments:byReceipt': channel(
    z.object({ receiptNumber: z.string().trim().min(1).max(40) }).strict(),
    v.paymentDetailView,
    'cashier',
  ),
  /** Takes back the stay's latest sale of the open shift (the car still in the lot). */
  'payments:void': channel(
    z.object({ paymentId: id, reason }).strict(),
    v.paymentDetailView,
    'manager',
  ),
  /**
   * A nil payment: a manager waives what the stay owes, with a reason. The stay is paid with
   * its exit window, and a receipt (TOTAL 0, who waived what and why) takes the next number.
   */
  'payments:waive': channel(
    z.object({ sessionId: id, expectedDueMinor: minorAmount, reason, idempotencyKey }).strict(),
    v.paymentResult,
    'manager',
  ),
  /** Gives back part or all of a payment from the open drawer, to the tender it came by. */
  'payments:refund': channel(
    z
      .object({
        paymentId: id,
        amountMinor: minorAmount.refine((m) => m > 0, 'an amount above zero'),
        reason,
      })
      .strict(),
    v.paymentDetailView,
    'manager',
  ),
  /** A manager accepts a counted drawer's difference with a reason: the Z report is taken. */
  'shifts:acceptVariance': channel(z.object({ reason }).strict(), v.shiftReportView, 'manager'),

  'alerts:list': channel(empty, z.array(v.alertView), 'cashier'),
  'alerts:resolve': channel(
    z.discriminatedUnion('action', [
      z.object({ alertId: id, action: z.literal('match'), sessionId: id, reason }).strict(),
      z
        .object({
          alertId: id,
          action: z.literal('lostTicket'),
          tenderedMinor: minorAmount,
          idempotencyKey,
        })
        .strict(),
      z.object({ alertId: id, action: z.literal('confirm'), plate: plateText }).strict(),
      z.object({ alertId: id, action: z.literal('dismiss'), reason }).strict(),
      /** An entry held while offline: the cashier lets the car in (refusing it is 'dismiss'). */
      z.object({ alertId: id, action: z.literal('admit'), reason }).strict(),
    ]),
    v.alertResolution,
    'cashier',
  ),
  /**
   * A car held at an entry because the operator blacklisted its plate: letting it in overrides
   * the operator, so it is a manager's (or approved) action, with a reason. Refusing it is
   * alerts:resolve 'dismiss'.
   */
  'alerts:admitBlacklisted': channel(
    z.object({ alertId: id, reason }).strict(),
    v.alertResolution,
    'manager',
  ),

  'lot:list': channel(empty, z.array(v.lotEntry), 'cashier'),
  'lot:correctPlate': channel(
    z.object({ sessionId: id, plate: plateText, reason }).strict(),
    v.parkingSession,
    'manager',
  ),
  'lot:markPaid': channel(
    z.object({ sessionId: id, reason }).strict(),
    v.parkingSession,
    'manager',
  ),
  'lot:deleteRecord': channel(
    z.object({ sessionId: id, reason }).strict(),
    v.parkingSession,
    'manager',
  ),

  'photos:get': channel(
    z.object({ photoId: id }).strict(),
    z.object({ dataUrl: z.string() }),
    'cashier',
  ),
  'audit:list': channel(
    z.object({ limit: z.int().min(1).max(500).default(100) }).strict(),
    z.array(v.auditEntryView),
    'manager',
  ),
  /** Where sync with the operator's server stands (the status strip and the Sync screen). */
  'sync:status': channel(empty, v.syncStatusView, 'cashier'),
  /** Push and pull now instead of at the next interval; answers once that round is over. */
  'sync:now': channel(empty, v.syncStatusView, 'cashier'),
  /** Sends a held aggregate's events again (after the operator fixed what was refused). */
  'sync:retryHeld': channel(
    z.object({ aggregateType: z.string().min(1).max(40), aggregateId: id }).strict(),
    v.syncStatusView,
    'manager',
  ),
  /** The manager browses the journal: newest first, filtered by who, what and when, paged by seq. */
  'journal:list': channel(
    z
      .object({
        beforeSeq: z.int().positive().optional(),
        actor: z.string().trim().min(1).max(40).optional(),
        /** An event type ('payment.taken') or a family ending in a dot ('payment.'). */
        type: z
          .string()
          .regex(/^[a-z]+\.[A-Za-z]*$/, 'an event type such as payment.taken or payment.')
          .optional(),
        aggregateId: id.optional(),
        fromAt: z.int().nonnegative().optional(),
        toAt: z.int().nonnegative().optional(),
        limit: z.int().min(1).max(200).default(50),
      })
      .strict(),
    z.array(journalEntryView),
    'manager',
  ),
  // Bookings and their e-tokens (issue 11): src-shared/contract/bookings.ts.
  ...bookingChannels,
  // The managers' demand charts (issue 11): src-shared/contract/charts.ts.
  ...chartChannels,
  // The managers' exceptions (issue 11): src-shared/contract/exceptions.ts.
  ...exceptionChannels,
  // Loyalty members and points (issue 10): src-shared/contract/loyalty.ts.
  ...loyaltyChannels,
  // Single-use coupons taken at the operator's server (issue 10): src-shared/contract/coupons.ts.
  ...couponChannels,
  // Fuel sales waiting at the booth, and paying them (issue 10): src-shared/contract/fuel.ts.
  ...fuelChannels,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['response']>;

export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}

/**
 * Channels only a manager may call (or a cashier with a manager's approval for it). Typed
 * without ChannelName on purpose: `channels` itself uses it, and its type can't depend on it.
 */
export function isManagerChannel(name: string): boolean {
  const defs: Record<string, { access: Access } | undefined> = channels;
  return Object.prototype.hasOwnProperty.call(defs, name) && defs[name]?.access === 'manager';
}
