import { z } from 'zod';
import { LANGUAGES } from '../i18n/translate';

/**
 * What the main process answers and pushes, declared once as zod schemas. The view types in
 * src-shared/domain/types.ts are derived from these, channels and events name them as their
 * response shapes, and main checks answers against them (see the Dispatcher). Times are epoch
 * milliseconds; money is integer minor units.
 */

const money = z.int();
const when = z.number();

export const role = z.enum(['cashier', 'manager']);
export const operatorView = z.object({ name: z.string(), role });
/** The operator signed in at this console, and what their session allows now. */
export const operatorSession = operatorView.extend({
  /** Idle too long: only this operator's PIN (or another operator's sign-in) opens it again. */
  locked: z.boolean(),
  /** A PIN set by a manager, or one shorter than 6 digits: nothing else until it is changed. */
  mustChangePin: z.boolean(),
  /** The station locks the session after this long without activity (shorter for a manager). */
  idleLockMs: z.int().positive(),
});
/** An operator as a manager manages them; never the PIN or its hash. */
export const operatorEntry = z.object({ name: z.string(), role, mustChangePin: z.boolean() });
/** A manager's approval of one action at a cashier's console: one use, for one channel. */
export const elevationGrant = z.object({
  manager: z.string(),
  channel: z.string(),
  expiresAt: z.number(),
});

export const sessionState = z.enum(['open', 'paid', 'closed', 'deleted']);
export const parkingSession = z.object({
  id: z.string(),
  plate: z.string(),
  zoneId: z.string(),
  tariffId: z.string(),
  entryLaneId: z.string().nullable(),
  /** The fee clock's start; a re-entry keeps the original entry time here. */
  entryAt: when,
  entryPhotoId: z.string().nullable(),
  /** open: in the lot, fee running. paid: in the lot, inside or past its exit window. */
  state: sessionState,
  paidMinor: money,
  /** Paid cars may leave until this instant; after it the fee resumes from it. */
  exitBy: when.nullable(),
  exitAt: when.nullable(),
  exitLaneId: z.string().nullable(),
  exitPhotoId: z.string().nullable(),
  lostTicket: z.boolean(),
  /** Set when this stay continues an earlier one (re-entry within the tariff's window). */
  continuesSessionId: z.string().nullable(),
});

export const gateState = z.enum(['closed', 'opening', 'open', 'closing', 'fault', 'unknown']);
export const deviceHealth = z.enum(['ok', 'warning', 'fault', 'offline']);
export const deviceStatus = z.object({
  id: z.string(),
  /**
   * sign-in: lockouts after wrong PINs, for a manager to see (see sign-in-alerts.ts); display:
   * the customer's pole display; pump-controller: the forecourt controller of the pump lanes.
   */
  kind: z.enum([
    'printer',
    'gate',
    'camera',
    'database',
    'anpr',
    'journal',
    'sign-in',
    'display',
    'card-terminal',
    'pump-controller',
  ]),
  label: z.string(),
  health: deviceHealth,
  detail: z.string(),
});

export const plateReadView = z.object({
  plate: z.string(),
  confidence: z.number().min(0).max(1),
  source: z.enum(['camera', 'manual']),
  at: when,
  photoId: z.string().nullable(),
});

export const laneMessageTone = z.enum(['info', 'ok', 'warn', 'error']);
/**
 * A lane's region of interest (issue 12): the part of its camera frame the plate reader searches,
 * as shares (0..1) of the frame's width and height; see domain/lane-roi.ts.
 */
const roiSide = z.number().min(0).max(1);
export const laneRoi = z
  .object({
    x: roiSide,
    y: roiSide,
    w: z.number().min(0.05).max(1),
    h: z.number().min(0.05).max(1),
  })
  .strict()
  .refine((r) => r.x + r.w <= 1.0001 && r.y + r.h <= 1.0001, { message: 'outside the frame' });

export const laneView = z.object({
  id: z.string(),
  name: z.string(),
  direction: z.enum(['entry', 'exit']),
  zoneId: z.string(),
  gateState,
  gatePosition: z.number().nullable(),
  lastRead: plateReadView.nullable(),
  /** Where the reader looks for plates; null = the whole frame. */
  roi: laneRoi.nullable(),
  message: z
    .object({ text: z.string(), tone: laneMessageTone, amountMinor: money.optional() })
    .nullable(),
});

export const zoneView = z.object({
  id: z.string(),
  name: z.string(),
  capacity: z.int(),
  occupied: z.int(),
});

export const feeLineView = z.object({ label: z.string(), amountMinor: money });
export const quoteView = z.object({
  sessionId: z.string(),
  at: when,
  currency: z.string(),
  /** What is owed now, after earlier payments and the exit window. */
  dueMinor: money,
  feeTotalMinor: money,
  paidMinor: money,
  lines: z.array(feeLineView),
  /** If paid now, the car may leave until this instant. */
  exitByIfPaidNow: when,
});
export const sessionView = parkingSession.extend({ quote: quoteView.nullable() });

export const matchKind = z.enum(['exact', 'lookalike', 'partial', 'fuzzy']);
export const searchCandidate = z.object({
  session: parkingSession,
  matchKind,
  /** Lower is closer; 0 is an exact match. */
  distance: z.number(),
});

export const paymentView = z.object({
  id: z.string(),
  sessionId: z.string(),
  /**
   * card: all on the card terminal; split: part card, part cash (tendered and change: cash);
   * qr: confirmed in the customer's app; waived: a nil payment (a manager waived the fee).
   */
  method: z.enum(['cash', 'card', 'split', 'qr', 'waived']),
  /** A split's other tender besides cash: the card terminal or a QR payment (absent: card). */
  splitWith: z.enum(['card', 'qr']).optional(),
  amountMinor: money,
  /** Cash handed over plus what the card paid; change is the cash given back. */
  tenderedMinor: money,
  changeMinor: money,
  at: when,
  operator: z.string(),
  receiptId: z.string(),
  /** The receipt's number in the station's gapless sequence, with its prefix ("ST1-42"). */
  receiptNumber: z.string(),
});

/** interrupted: the station stopped mid-print, so nobody knows what came out. */
export const printState = z.enum(['queued', 'printed', 'failed', 'interrupted', 'voided']);
export const printOutcome = z.object({ printState, detail: z.string() });

/** A receipt print the cashier must deal with: reprint it as a copy, or void it. */
export const printJobView = z.object({
  jobId: z.int(),
  receiptId: z.string(),
  /** As printed on the receipt ("ST1-42"); a void or a COPY keeps it. */
  receiptNumber: z.string(),
  paymentId: z.string(),
  plate: z.string(),
  amountMinor: money,
  currency: z.string(),
  /** A reprint (marked COPY on paper) rather than the original. */
  copy: z.boolean(),
  state: printState,
  detail: z.string(),
  at: when,
});

export const paymentResult = z.object({
  payment: paymentView,
  session: parkingSession,
  receipt: z.object({ id: z.string(), printState, detail: z.string() }),
});

/**
 * A QR payment in progress or done: the code the customer scans (only while it can be paid),
 * its state, and the payment it became once paid in the operator's app.
 */
export const qrPaymentView = z.object({
  reference: z.string(),
  sessionId: z.string(),
  state: z.enum(['creating', 'shown', 'paid', 'cancelled', 'expired', 'failed']),
  qrMinor: money,
  cashMinor: money,
  currency: z.string(),
  payUrl: z.string().nullable(),
  qrPngDataUrl: z.string().nullable(),
  expiresAt: z.number(),
  detail: z.string(),
  result: paymentResult.nullable(),
});

export const lotEntry = z.object({
  session: parkingSession,
  feeSoFarMinor: money,
  dueMinor: money,
});

export const alertView = z.object({
  id: z.string(),
  /**
   * entry-held-offline: the server is unreachable and the site's policy holds entries.
   * entry-blacklisted: the operator blacklisted the plate; a manager lets it in, or it is refused.
   */
  kind: z.enum([
    'no-entry-record',
    'low-confidence-read',
    'entry-held-offline',
    'entry-blacklisted',
  ]),
  laneId: z.string(),
  plate: z.string(),
  /** The whole lane frame, and the plate crop when the reader cut one. */
  photoId: z.string().nullable(),
  cropPhotoId: z.string().nullable(),
  /** The reader's confidence and its runner-up texts, for the cashier to choose from. */
  confidence: z.number().min(0).max(1),
  alternates: z.array(z.string()),
  at: when,
  resolved: z.boolean(),
  /**
   * For a no-entry-record alert: what charging it as a lost ticket takes now, from the tariff of
   * the lane's zone, so the cashier can say it before taking cash. Null for other kinds.
   */
  lostTicketFeeMinor: money.nonnegative().nullable(),
  /** For an entry-blacklisted alert: the operator's reason for the blacklisting. */
  detail: z.string().max(300).optional(),
});

export const auditEntryView = z.object({
  id: z.int(),
  at: when,
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  reason: z.string(),
  detail: z.string(),
});

/** The station's settings a manager changes at the console (kept in its database). */
export const stationSettings = z.object({
  /** The console's language, the same at every console of the station. */
  language: z.enum(LANGUAGES),
});

export const stationStatus = z.object({
  stationName: z.string(),
  mode: z.enum(['electron', 'headless']),
  currency: z.string(),
  /**
   * How the site writes money and time (Intl locale and time zone) and the languages it speaks:
   * the console's (the station setting) and the receipts' (the configuration's).
   */
  site: stationSettings.extend({
    locale: z.string(),
    timeZone: z.string(),
    receiptLanguage: z.enum(LANGUAGES),
  }),
  operator: operatorView.nullable(),
  /** This console's session: null when nobody is signed in here. */
  session: operatorSession.nullable(),
  /** No operator exists yet (a first run): the console asks for the first manager. */
  needsSetup: z.boolean(),
  devices: z.array(deviceStatus),
  zones: z.array(zoneView),
});

/** What a read at a lane led to. */
export const laneOutcome = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('entered'), sessionId: z.string(), gate: gateState }),
  z.object({ kind: z.literal('full'), zoneId: z.string() }),
  z.object({ kind: z.literal('exited'), sessionId: z.string(), gate: gateState }),
  z.object({ kind: z.literal('unpaid'), sessionId: z.string(), dueMinor: money }),
  z.object({ kind: z.literal('no-record'), alertId: z.string() }),
  z.object({ kind: z.literal('already-inside'), sessionId: z.string() }),
  z.object({ kind: z.literal('needs-confirmation'), alertId: z.string() }),
  /** Offline, and the site's policy holds entries: the cashier lets the car in or refuses it. */
  z.object({ kind: z.literal('held-offline'), alertId: z.string() }),
  /** The operator blacklisted the plate: a manager lets the car in or the cashier refuses it. */
  z.object({ kind: z.literal('held-blacklisted'), alertId: z.string() }),
]);

export const alertResolution = z.object({
  outcome: laneOutcome,
  payment: paymentResult.nullable(),
});

/** What a site does at the lanes while the operator's server can't be reached. */
export const offlinePolicy = z.enum(['allow-entry-exit', 'exit-only', 'strict']);

/** An aggregate whose events the operator's server refused: held back until a manager retries. */
export const heldAggregateView = z.object({
  aggregateType: z.string(),
  aggregateId: z.string(),
  /** The first held event's journal seq, and how many of that aggregate's events wait. */
  fromSeq: z.int(),
  events: z.int(),
  /** The server's error code and readable message. */
  code: z.string(),
  error: z.string(),
  heldAt: z.number(),
});

/** Where sync with the operator's hosted API stands. */
export const syncStatusView = z.object({
  /** off: no server configured (a stand-alone booth). */
  state: z.enum(['off', 'online', 'offline']),
  serverUrl: z.string().nullable(),
  /** The last answer of any kind from the server, and the last full push and pull. */
  lastContactAt: z.number().nullable(),
  lastPushAt: z.number().nullable(),
  lastPullAt: z.number().nullable(),
  /** Journal events not yet held by the server (held aggregates included). */
  pendingEvents: z.int(),
  oldestPendingAt: z.number().nullable(),
  pendingMessages: z.int(),
  held: z.array(heldAggregateView),
  /** Why the last attempt failed, readable by a manager; null after a success. */
  lastError: z.string().nullable(),
  /** When reference data (tariffs, permits, e-token keys, app payments) was last pulled. */
  referenceDataAt: z.number().nullable(),
  offlinePolicy,
});

/** A count by denomination: how many pieces of each note or coin (in minor units). */
export const cashCountLine = z.object({
  denominationMinor: z.int().positive().max(10_000_000),
  pieces: z.int().nonnegative().max(100_000),
});
export const cashCount = z.array(cashCountLine).max(40);

const tenderTotal = z.object({ count: z.int(), amountMinor: money });
/** A shift's figures, as X and Z reports show them (src-shared/domain/shift.ts adds them up). */
export const shiftTotalsView = z.object({
  floatMinor: money,
  sales: tenderTotal,
  byTender: z.object({ cash: tenderTotal, card: tenderTotal, qr: tenderTotal }),
  cashTenderedMinor: money,
  changeMinor: money,
  payInsMinor: money,
  payOutsMinor: money,
  dropsMinor: money,
  voids: tenderTotal,
  refunds: tenderTotal,
  /** Nil payments: the fees a manager waived. */
  waivers: tenderTotal,
  cashReturnedMinor: money,
  /** Back to cards through the terminal; 0 in reports stored before it was kept. */
  cardReturnedMinor: money.default(0),
  expectedCashMinor: money,
  receiptRange: z.object({ first: z.int(), last: z.int() }).nullable(),
  /** Loyalty redemptions at the station in the shift (points, not money); 0 in older reports. */
  redemptions: z
    .object({ count: z.int().nonnegative(), points: z.int().nonnegative() })
    .default({ count: 0, points: 0 }),
});

export const shiftState = z.enum(['open', 'on-break', 'counted', 'closed']);
/**
 * The drawer's shift as the booth sees it. Until the blind count is in, nothing here tells the
 * cashier what the drawer should hold: the expected figure and the variance appear only once
 * the count is recorded.
 */
export const shiftView = z.object({
  id: z.string(),
  state: shiftState,
  currency: z.string(),
  openedBy: z.string(),
  openedAt: when,
  floatMinor: money,
  countedMinor: money.nullable(),
  expectedMinor: money.nullable(),
  varianceMinor: money.nullable(),
  /** Counted and beyond the site's threshold: a manager accepts it with a reason. */
  needsManager: z.boolean(),
  closedAt: when.nullable(),
});
/** The station's drawer now: its live shift (null when none is open) and the site's rules. */
export const drawerView = z.object({
  shift: shiftView.nullable(),
  currency: z.string(),
  denominationsMinor: z.array(z.int().positive()),
  varianceThresholdMinor: money,
});

export const shiftReportView = z.object({
  id: z.int(),
  shiftId: z.string(),
  kind: z.enum(['X', 'Z']),
  at: when,
  takenBy: z.string(),
  currency: z.string(),
  openedBy: z.string(),
  openedAt: when,
  totals: shiftTotalsView,
  /** Z only: the blind count, its difference, and who accepted it and why. */
  countedMinor: money.nullable(),
  varianceMinor: money.nullable(),
  varianceReason: z.string().nullable(),
  approvedBy: z.string().nullable(),
  printState: z.string(),
  printDetail: z.string(),
});

/** A void or a refund, as the booth shows it under its payment. */
export const reversalView = z.object({
  id: z.string(),
  kind: z.enum(['void', 'refund']),
  tender: z.enum(['cash', 'card', 'qr']),
  amountMinor: money,
  reason: z.string(),
  approvedBy: z.string(),
  at: when,
});
/** A payment found by its receipt number: what it paid, what went back, and what still can. */
export const paymentDetailView = z.object({
  id: z.string(),
  /** The stay it paid; null for a fuel sale's payment. */
  sessionId: z.string().nullable(),
  plate: z.string(),
  method: z.string(),
  amountMinor: money,
  currency: z.string(),
  at: when,
  receiptNumber: z.string(),
  reversals: z.array(reversalView),
  /** What may still go back, all tenders together. */
  refundableMinor: money,
  /**
   * The tenders that can go back at the booth, and what each may still give back: a card's
   * through the terminal (the customer presents the card), cash from the drawer. A refund
   * goes to the card first.
   */
  tenders: z.array(
    z.object({ tender: z.enum(['cash', 'card']), paidMinor: money, refundableMinor: money }),
  ),
  /** A card refund of it is still being checked with the terminal: nothing more goes back. */
  cardPending: z.boolean(),
  /** Why it can't be voided now (another shift, the car has left, ...); null when it can. */
  voidRefusal: z.string().nullable(),
});
