import { canonicalJson } from '../canonical-json';
import { lockStation } from './lock';
import { one, type SqlQuery } from './sql';
import type { QrPaymentOutcome, QrPaymentRecord, QrPaymentRequest } from './store';

interface QrRow {
  station_id: string;
  reference: string;
  pay_token: string;
  body: string;
  amount_minor: number;
  currency: string;
  description: string;
  status: string;
  created_at: number;
  expires_at: number;
  paid_at: number | null;
}

const COLUMNS = `station_id, reference, pay_token, body, amount_minor, currency, description,
  status, created_at, expires_at, paid_at`;

/** A row as it stands at `now`: a pending payment past its expiry is expired. */
function toRecord(r: QrRow, now: number): QrPaymentRecord {
  const status =
    r.status === 'pending' && now >= r.expires_at
      ? 'expired'
      : (r.status as QrPaymentRecord['status']);
  return {
    stationId: r.station_id,
    reference: r.reference,
    payToken: r.pay_token,
    amountMinor: r.amount_minor,
    currency: r.currency,
    description: r.description,
    status,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    paidAt: r.paid_at,
  };
}

/** Creates the payment once; the same reference with the same request replays it. */
export async function createQrPayment(
  q: SqlQuery,
  stationId: string,
  request: QrPaymentRequest,
  payToken: string,
  now: number,
): Promise<QrPaymentOutcome> {
  await lockStation(q, stationId);
  const body = canonicalJson(request);
  const seen = await one<QrRow>(
    q,
    `SELECT ${COLUMNS} FROM qr_payments WHERE station_id = $1 AND reference = $2`,
    [stationId, request.reference],
  );
  if (seen) {
    return seen.body === body
      ? { kind: 'replayed', payment: toRecord(seen, now) }
      : { kind: 'conflict' };
  }
  await q.run(
    `INSERT INTO qr_payments (${COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9, NULL)`,
    [
      stationId,
      request.reference,
      payToken,
      body,
      request.amountMinor,
      request.currency,
      request.description,
      now,
      request.expiresAt,
    ],
  );
  const made = await one<QrRow>(
    q,
    `SELECT ${COLUMNS} FROM qr_payments WHERE station_id = $1 AND reference = $2`,
    [stationId, request.reference],
  );
  return { kind: 'new', payment: toRecord(made!, now) };
}

export async function getQrPayment(
  q: SqlQuery,
  stationId: string,
  reference: string,
  now: number,
): Promise<QrPaymentRecord | undefined> {
  const row = await one<QrRow>(
    q,
    `SELECT ${COLUMNS} FROM qr_payments WHERE station_id = $1 AND reference = $2`,
    [stationId, reference],
  );
  return row && toRecord(row, now);
}

export async function qrPaymentByToken(
  q: SqlQuery,
  payToken: string,
  now: number,
): Promise<QrPaymentRecord | undefined> {
  const row = await one<QrRow>(q, `SELECT ${COLUMNS} FROM qr_payments WHERE pay_token = $1`, [
    payToken,
  ]);
  return row && toRecord(row, now);
}

/**
 * The station withdraws a payment: only a pending one, not yet expired, becomes cancelled, in
 * one conditional update, so a customer paying at the same moment either wins (and the payment
 * stays paid) or finds it cancelled. Never both.
 */
export async function cancelQrPayment(
  q: SqlQuery,
  stationId: string,
  reference: string,
  now: number,
): Promise<QrPaymentRecord | undefined> {
  await q.run(
    `UPDATE qr_payments SET status = 'cancelled'
     WHERE station_id = $1 AND reference = $2 AND status = 'pending' AND expires_at > $3`,
    [stationId, reference, now],
  );
  return getQrPayment(q, stationId, reference, now);
}

/** The customer pays: the same one conditional update decides against cancel and expiry. */
export async function payQrPayment(
  q: SqlQuery,
  payToken: string,
  now: number,
): Promise<{ paidNow: boolean; payment: QrPaymentRecord } | undefined> {
  const changed = await q.run(
    `UPDATE qr_payments SET status = 'paid', paid_at = $2
     WHERE pay_token = $1 AND status = 'pending' AND expires_at > $2`,
    [payToken, now],
  );
  const payment = await qrPaymentByToken(q, payToken, now);
  return payment && { paidNow: changed === 1, payment };
}

/** The newest payments, for the operator's page. */
export async function listQrPayments(
  q: SqlQuery,
  limit: number,
  now: number,
): Promise<QrPaymentRecord[]> {
  const rows = await q.all<QrRow>(
    `SELECT ${COLUMNS} FROM qr_payments ORDER BY created_at DESC LIMIT $1`,
    [limit],
  );
  return rows.map((r) => toRecord(r, now));
}
