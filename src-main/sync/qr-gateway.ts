import { z } from 'zod';
import type { QrAnswer, QrGateway } from '../services/ports';
import { SyncError, type TokenSource } from './tokens';
import type { Outcome, Transport } from './transport';

const qrPayment = z.object({
  reference: z.string().min(1).max(64),
  status: z.enum(['pending', 'paid', 'cancelled', 'expired']),
  payUrl: z.string().url().max(300),
  expiresAt: z.int().nonnegative(),
  paidAt: z.int().nonnegative().nullable(),
});

/**
 * The operator's QR payments over the sync transport and its tokens (api/openapi.yaml,
 * tag qr-payments). Every request is idempotent by the station's reference, so an answer that
 * never came is simply asked for again; anything short of a usable answer is "no answer".
 */
export class HttpQrGateway implements QrGateway {
  constructor(
    private readonly transport: Transport,
    private readonly tokens: TokenSource,
  ) {}

  create(request: Parameters<QrGateway['create']>[0]): Promise<QrAnswer> {
    return this.call((token) => this.transport.post('/v1/qr-payments', request, token), 201);
  }

  get(reference: string): Promise<QrAnswer> {
    return this.call(
      (token) => this.transport.get(`/v1/qr-payments/${encodeURIComponent(reference)}`, {}, token),
      200,
    );
  }

  cancel(reference: string): Promise<QrAnswer> {
    return this.call(
      (token) =>
        this.transport.post(`/v1/qr-payments/${encodeURIComponent(reference)}/cancel`, {}, token),
      200,
    );
  }

  private async call(send: (token: string) => Promise<Outcome>, ok: number): Promise<QrAnswer> {
    for (let attempt = 0; ; attempt++) {
      let token: string;
      try {
        token = await this.tokens.access();
      } catch (error) {
        const why = error instanceof SyncError ? error.message : String(error);
        return { kind: 'no-answer', why };
      }
      const outcome = await send(token);
      if (outcome.kind === 'no-answer') return outcome;
      if (outcome.status === 401 && attempt === 0) {
        this.tokens.expire();
        continue;
      }
      if (outcome.status === ok) {
        const parsed = qrPayment.safeParse(outcome.data);
        return parsed.success
          ? { kind: 'payment', payment: parsed.data }
          : { kind: 'no-answer', why: 'the operator answered with something unreadable' };
      }
      if (outcome.status === 404) return { kind: 'not-found' };
      if (outcome.status === 400 || outcome.status === 409) {
        const detail = (outcome.data as { detail?: unknown } | null)?.detail;
        return {
          kind: 'refused',
          detail: typeof detail === 'string' ? detail.slice(0, 200) : `HTTP ${outcome.status}`,
        };
      }
      return { kind: 'no-answer', why: `HTTP ${outcome.status}` };
    }
  }
}
