import { randomBytes } from 'node:crypto';
import type { components } from '../api/openapi-types';
import { HttpError } from './problem';
import type { Answer, V1Context } from './station-api';
import type { QrPaymentRecord, QrPaymentRequest } from './store/store';

type QrPayment = components['schemas']['QrPayment'];

/** The link the station shows as a QR code: the operator's app page for this payment. */
export const payUrl = (origin: string, payToken: string) => `${origin}/app/qr/${payToken}`;

export function qrPaymentBody(p: QrPaymentRecord, origin: string): QrPayment {
  return {
    reference: p.reference,
    amountMinor: p.amountMinor,
    currency: p.currency,
    status: p.status,
    payUrl: payUrl(origin, p.payToken),
    createdAt: p.createdAt,
    expiresAt: p.expiresAt,
    paidAt: p.paidAt,
  };
}

const notFound = (reference: string) =>
  new HttpError(404, 'not-found', `No QR payment ${reference} from this station.`);

async function createQrPayment(ctx: V1Context): Promise<Answer> {
  const request = ctx.body as QrPaymentRequest;
  if (request.expiresAt <= ctx.now) {
    throw new HttpError(400, 'invalid-request', '/expiresAt is not in the future.', {
      errors: [{ path: '/expiresAt', message: 'must be in the future' }],
    });
  }
  // 128 random bits: the link is the only thing that lets a phone pay this payment.
  const token = randomBytes(16).toString('base64url');
  const outcome = await ctx.store.createQrPayment(ctx.stationId!, request, token, ctx.now);
  if (outcome.kind === 'conflict') {
    throw new HttpError(
      409,
      'idempotency-conflict',
      `QR payment ${request.reference} was requested before with different content; use a new reference.`,
    );
  }
  const headers: Record<string, string> =
    outcome.kind === 'replayed' ? { 'idempotent-replayed': 'true' } : {};
  return { status: 201, body: qrPaymentBody(outcome.payment, ctx.origin), headers };
}

async function getQrPayment(ctx: V1Context): Promise<Answer> {
  const reference = ctx.params['reference'] as string;
  const found = await ctx.store.getQrPayment(ctx.stationId!, reference, ctx.now);
  if (!found) throw notFound(reference);
  return { status: 200, body: qrPaymentBody(found, ctx.origin) };
}

async function cancelQrPayment(ctx: V1Context): Promise<Answer> {
  const reference = ctx.params['reference'] as string;
  const found = await ctx.store.cancelQrPayment(ctx.stationId!, reference, ctx.now);
  if (!found) throw notFound(reference);
  return { status: 200, body: qrPaymentBody(found, ctx.origin) };
}

export const qrPaymentHandlers = { createQrPayment, getQrPayment, cancelQrPayment };
