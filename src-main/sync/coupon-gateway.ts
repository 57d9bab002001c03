import { z } from 'zod';
import type { CouponAnswer, CouponGateway } from '../services/coupon-gateway';
import { SyncError, type TokenSource } from './tokens';
import type { Transport } from './transport';

const redemption = z.object({
  code: z.string().min(1).max(64),
  description: z.string().min(1).max(120),
  expiresAt: z.int().nonnegative(),
  redeemedAt: z.int().nonnegative(),
});

const refusal = z.object({ reason: z.enum(['used', 'expired', 'unknown', 'wrong-station']) });

/**
 * The operator's coupons over the sync transport and its tokens (api/openapi.yaml, tag
 * coupons). A 200 is this station's win; a 404 or 409 with a reason is a refusal; anything
 * else is "no answer", since the coupon may or may not have been taken.
 */
export class HttpCouponGateway implements CouponGateway {
  constructor(
    private readonly transport: Transport,
    private readonly tokens: TokenSource,
  ) {}

  async redeem(code: string, redemptionId: string): Promise<CouponAnswer> {
    const path = `/v1/coupons/${encodeURIComponent(code)}/redeem`;
    for (let attempt = 0; ; attempt++) {
      let token: string;
      try {
        token = await this.tokens.access();
      } catch (error) {
        const why = error instanceof SyncError ? error.message : String(error);
        return { kind: 'no-answer', why };
      }
      const outcome = await this.transport.post(path, { redemptionId }, token);
      if (outcome.kind === 'no-answer') return outcome;
      if (outcome.status === 401 && attempt === 0) {
        this.tokens.expire();
        continue;
      }
      if (outcome.status === 200) {
        const parsed = redemption.safeParse(outcome.data);
        return parsed.success
          ? { kind: 'redeemed', coupon: parsed.data }
          : { kind: 'no-answer', why: 'the operator answered with something unreadable' };
      }
      if (outcome.status === 404 || outcome.status === 409) {
        const parsed = refusal.safeParse(outcome.data);
        if (parsed.success) return { kind: 'refused', reason: parsed.data.reason };
      }
      return { kind: 'no-answer', why: `HTTP ${outcome.status}` };
    }
  }
}
