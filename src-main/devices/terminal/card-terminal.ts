/**
 * The card payment terminal as the console sees it: one sale at a time, each with the console's
 * own unique reference, and exactly one final outcome per sale. The driver for semi-integrated
 * terminals speaking the ECR protocol (serial or TCP) is ./ecr-card-terminal.
 */
import type { DeviceStatus } from '../../../src-shared/domain/types';

export interface ChargeRequest {
  /** Integer minor units (bani, cents), at least 1. */
  amount: number;
  /** ISO 4217 alphabetic, e.g. RON. */
  currency: string;
  /**
   * Chosen by the console, unique per sale attempt: 1..32 of A-Z a-z 0-9 . _ -. The terminal
   * never charges a reference twice; a charge with a reference it knows returns that sale's
   * result. So a new attempt after a decline or a cancel needs a new reference.
   */
  reference: string;
}

/**
 * Money back to the card that paid an approved sale: `amount` (at most the sale's amount less
 * its earlier approved refunds; the terminal declines more) under a `reference` of its own,
 * unique like a sale's and never one a sale used. Its outcome and its status query are a
 * sale's: approved (to the card named in it), declined, cancelled, or unknown until asked.
 */
export interface RefundRequest extends ChargeRequest {
  /** The reference of the approved sale the money goes back against. */
  saleReference: string;
}

export type CardOutcome =
  | {
      kind: 'approved';
      reference: string;
      /** As the terminal approved it (the request's amount, unless the terminal misbehaved). */
      amount: number;
      currency: string;
      authCode: string;
      cardBrand: string;
      /** First 6 and last 4 digits at most, e.g. 411111******1111. */
      maskedPan: string;
    }
  | {
      kind: 'declined';
      reference: string;
      /**
       * The terminal's code (e.g. 05, 51), or NOT_RECEIVED when the terminal says it never got
       * the sale: either way nothing was charged.
       */
      code: string;
      reason: string;
    }
  /** Cancelled on the terminal (by the customer); nothing was charged. */
  | { kind: 'cancelled'; reference: string }
  /**
   * The terminal could not tell (unreachable, or still busy with the sale when we gave up).
   * Treat it as NOT paid, and settle it later with lastTransaction(reference), never with a
   * second charge under a new reference while this one is open.
   */
  | { kind: 'unknown'; reference: string; detail: string };

/** What the terminal says about one reference now. */
export type TransactionLookup =
  | Exclude<CardOutcome, { kind: 'unknown' }>
  /** The customer is still at the terminal with this sale. */
  | { kind: 'in-progress'; reference: string }
  /** The terminal has no sale with this reference: nothing was charged under it. */
  | { kind: 'not-found'; reference: string }
  /** The terminal did not answer. */
  | { kind: 'unknown'; reference: string; detail: string };

export interface CardTerminal {
  readonly id: string;
  /**
   * Runs one sale and resolves with its one final outcome; it never rejects, except with a
   * RangeError for a request the protocol cannot carry (a caller's mistake). Sales run one at a
   * time; a charge with the reference of one in flight shares that one's outcome.
   */
  charge(request: ChargeRequest): Promise<CardOutcome>;
  /**
   * Runs one refund like a sale (one at a time with sales, the same recovery by status query)
   * and resolves with its one final outcome; it never rejects except with a RangeError.
   */
  refund(request: RefundRequest): Promise<CardOutcome>;
  /** Asks the terminal about a reference, a sale's or a refund's (one query, no retries). */
  lastTransaction(reference: string): Promise<TransactionLookup>;
  /** Opens the line if needed, asks the terminal whether it is there, and reports health. */
  checkStatus(): Promise<DeviceStatus>;
  onStatus(listener: (status: DeviceStatus) => void): () => void;
  /** Ends the connection; a sale still in flight resolves as unknown. */
  dispose(): Promise<void>;
}
