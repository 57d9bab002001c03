import { z } from 'zod';

/*
 * The journal events of QR payments (issue 9), spread into journalEventTypes (event-types.ts).
 * Same rules as there: a new payload shape is a new version. The aggregate is the attempt,
 * named by the station's reference (the operator's idempotency key for the payment).
 */

const id = z.string().min(1).max(64);
const minor = z.int().nonnegative();

const def = <P extends z.ZodType>(payload: P) => ({
  aggregate: 'qr' as const,
  version: 1,
  payload,
});

export const qrEventTypes = {
  /** A QR payment was asked for (committed before the operator heard of it). */
  'qr.requested': def(
    z.object({
      sessionId: id,
      qrMinor: minor,
      cashMinor: minor,
      currency: z.string().length(3),
      expiresAt: z.int().nonnegative(),
    }),
  ),
  /**
   * The operator's word on it: shown (the link the QR carries), then paid, cancelled, expired,
   * or failed (refused before the customer could see it).
   */
  'qr.answered': def(
    z.object({
      state: z.enum(['shown', 'paid', 'cancelled', 'expired', 'failed']),
      detail: z.string().max(300),
    }),
  ),
};
