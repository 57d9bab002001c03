import type { components } from '../../api/openapi-types';

export type JournalEvent = components['schemas']['JournalEvent'];
export type EventResult = components['schemas']['EventResult'];
export type EventError = components['schemas']['EventError'];
export type ChangeKind = components['schemas']['ChangeKind'];
export type MessageRequest = components['schemas']['MessageRequest'];
export type MessageStatus = components['schemas']['MessageStatus'];
export type QrPaymentRequest = components['schemas']['QrPaymentRequest'];

/** A QR payment as the server keeps it (the API's QrPayment adds the link built from the token). */
export interface QrPaymentRecord {
  stationId: string;
  reference: string;
  /** The capability the QR's link carries. */
  payToken: string;
  amountMinor: number;
  currency: string;
  description: string;
  status: 'pending' | 'paid' | 'cancelled' | 'expired';
  createdAt: number;
  expiresAt: number;
  paidAt: number | null;
}

export type QrPaymentOutcome =
  { kind: 'new' | 'replayed'; payment: QrPaymentRecord } | { kind: 'conflict' };

/** A coupon as the operator issues it; stationId null: good at any station. */
export interface CouponIssue {
  code: string;
  stationId: string | null;
  description: string;
  expiresAt: number;
}

export interface CouponRecord extends CouponIssue {
  createdAt: number;
  redeemedAt: number | null;
  redeemedBy: string | null;
  redemptionId: string | null;
}

export type CouponRefusalReason = 'used' | 'expired' | 'unknown' | 'wrong-station';

export type CouponRedeemOutcome =
  | { kind: 'redeemed' | 'replayed'; coupon: CouponRecord }
  | { kind: 'refused'; reason: CouponRefusalReason };

export interface Station {
  id: string;
  name: string;
  secretHash: string;
}

export interface StationSummary {
  id: string;
  name: string;
  eventsHeld: number;
  highestSeq: number | null;
}

export type TokenKind = 'access' | 'refresh';

export interface TokenGrant {
  stationId: string;
  expiresAt: number;
}

/** One item of a push: a valid event, or one already found not to match the schema. */
export type PushItem =
  { ok: true; event: JournalEvent } | { ok: false; id: string | null; error: EventError };

export interface StoredEvent {
  serverSeq: number;
  receivedAt: number;
  event: JournalEvent;
}

export interface ChangeInput {
  kind: ChangeKind;
  key: string;
  op: 'put' | 'delete';
  data: unknown;
}

export interface ChangeRow extends ChangeInput {
  seq: number;
  changedAt: number;
}

export type MessageOutcome =
  { kind: 'new' | 'replayed'; response: MessageStatus } | { kind: 'conflict' };

/**
 * Everything the reference server keeps. One interface, two implementations (SQLite for the
 * demo and a single site, PostgreSQL for many stations); every method is scoped to a station
 * where it reads or writes a station's data, which is how isolation is enforced below the HTTP
 * layer too.
 */
export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;

  /**
   * Creates the station or replaces its name and device secret (revoking its tokens). A new
   * station's feed starts with the operator-wide reference data already sent to 'all' (see
   * appendChanges).
   */
  putStation(station: Station, at: number): Promise<void>;
  getStation(id: string): Promise<Station | undefined>;
  /** Every station (or just `id`) with what the server holds from it. */
  listStations(id?: string): Promise<StationSummary[]>;

  /** Stores token hashes, dropping the station's expired ones on the way. */
  saveTokens(
    stationId: string,
    tokens: { hash: string; kind: TokenKind; expiresAt: number }[],
    now: number,
  ): Promise<void>;
  findToken(hash: string, kind: TokenKind): Promise<TokenGrant | undefined>;
  /** Finds and deletes a refresh token in one step: each is good for one use. */
  takeRefreshToken(hash: string): Promise<TokenGrant | undefined>;

  /** Judges and stores a batch in one transaction; one result per item, in order. */
  pushEvents(stationId: string, items: PushItem[], receivedAt: number): Promise<EventResult[]>;
  /** Received events in serverSeq order; all stations' (by receipt time) without one. */
  listEvents(
    stationId: string | undefined,
    afterServerSeq: number,
    limit: number,
  ): Promise<(StoredEvent & { stationId: string })[]>;

  /**
   * Appends to each named station's feed, in one transaction. 'all' means every station now
   * and, for reference data (not app payments or message receipts), every station registered
   * later too.
   */
  appendChanges(target: string[] | 'all', changes: ChangeInput[], at: number): Promise<void>;
  readChanges(stationId: string, afterSeq: number, limit: number): Promise<ChangeRow[]>;

  /** Records a message request once; a replay gets the stored first answer. */
  requestMessage(
    stationId: string,
    request: MessageRequest,
    now: number,
    options: { autoDeliver: boolean },
  ): Promise<MessageOutcome>;
  getMessage(stationId: string, id: string): Promise<MessageStatus | undefined>;
  /** The operator's side of delivery (admin): updates the status and feeds a receipt. */
  setMessageStatus(
    stationId: string,
    id: string,
    status: MessageStatus['status'],
    detail: string | null,
    at: number,
  ): Promise<MessageStatus | undefined>;

  /** Creates a QR payment once per station reference; a replay gets the same payment. */
  createQrPayment(
    stationId: string,
    request: QrPaymentRequest,
    payToken: string,
    now: number,
  ): Promise<QrPaymentOutcome>;
  getQrPayment(
    stationId: string,
    reference: string,
    now: number,
  ): Promise<QrPaymentRecord | undefined>;
  /** Withdraws a pending payment; the answer is the payment as it then stands. */
  cancelQrPayment(
    stationId: string,
    reference: string,
    now: number,
  ): Promise<QrPaymentRecord | undefined>;
  /** The customer's app: the payment its link names. */
  qrPaymentByToken(payToken: string, now: number): Promise<QrPaymentRecord | undefined>;
  /** The customer pays; `paidNow` false when it was paid, cancelled or expired already. */
  payQrPayment(
    payToken: string,
    now: number,
  ): Promise<{ paidNow: boolean; payment: QrPaymentRecord } | undefined>;
  listQrPayments(limit: number, now: number): Promise<QrPaymentRecord[]>;

  /** Issues a single-use coupon; false when its code exists already. */
  issueCoupon(coupon: CouponIssue, now: number): Promise<boolean>;
  getCoupon(code: string): Promise<CouponRecord | undefined>;
  /** Takes the coupon for the station, once; a refusal is recorded and counted. */
  redeemCoupon(
    stationId: string,
    code: string,
    redemptionId: string,
    now: number,
  ): Promise<CouponRedeemOutcome>;
  /** Refused attempts per reason, for one code or all codes. */
  couponRefusals(code?: string): Promise<Record<CouponRefusalReason, number>>;
}
