import type { EventName, EventPayload } from '../../src-shared';

/**
 * The narrow seams services are built on. Each service takes only the ones it uses, plus the
 * repositories it reads and writes; the composition root (src-main/app/station.ts) wires them.
 */

/** Pushes an event to every renderer; payloads are validated against the contract. */
export interface Publisher {
  publish<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

/**
 * Runs `fn` in one synchronous=FULL SQLite transaction: a business change and its journal event
 * commit together before anyone is told, or neither does.
 */
export type Transact = <T>(fn: () => T) => T;

/**
 * What the customer sees on the pole display at the booth. Calls return at once and never throw:
 * the display must never hold up or fail a payment (a broken one shows on the status strip).
 */
export interface CustomerDisplay {
  /** A stay was quoted for payment at the booth: the amount due, in the tariff's currency. */
  amountDue(quote: { dueMinor: number; currency: string }): void;
  /** A payment committed: the change given, and until when the car may leave. */
  paid(payment: { changeMinor: number; currency: string; exitBy: number; timeZone: string }): void;
  /** Nothing going on: the idle text. */
  idle(): void;
}

/** A QR payment as the operator's API reports it. */
export interface RemoteQrPayment {
  reference: string;
  status: 'pending' | 'paid' | 'cancelled' | 'expired';
  payUrl: string;
  expiresAt: number;
  paidAt: number | null;
}

/**
 * What the operator said about a QR payment: the payment; that it has none under the
 * reference; that it refused the request (it can never be paid); or nothing usable at all
 * (offline, a timeout, a server fault), when the station simply asks again later.
 */
export type QrAnswer =
  | { kind: 'payment'; payment: RemoteQrPayment }
  | { kind: 'not-found' }
  | { kind: 'refused'; detail: string }
  | { kind: 'no-answer'; why: string };

/** The operator's QR payments (adapter: src-main/sync/qr-gateway.ts). Every call is idempotent. */
export interface QrGateway {
  create(request: {
    reference: string;
    amountMinor: number;
    currency: string;
    expiresAt: number;
    description: string;
  }): Promise<QrAnswer>;
  get(reference: string): Promise<QrAnswer>;
  cancel(reference: string): Promise<QrAnswer>;
}
