import { z } from 'zod';

/**
 * Faults the reference server can inject into the station API (never into the admin API),
 * so a client's retry logic meets each failure it will meet in the field:
 *
 * - drop                  the connection is reset before the request is handled: nothing applied
 * - drop-after-commit     handled and committed, then the connection is reset: no answer
 * - error-500             answered 500 without handling: nothing applied
 * - error-429             answered 429 with Retry-After: `param` seconds (default 1): nothing applied
 * - delay                 waits `param` ms (default 250), then handles as usual
 * - timeout-after-commit  handled and committed, then no answer ever comes; the connection stays
 *                         open until the client gives up (or the server closes)
 * - duplicate-delivery    the request is delivered to the handler twice (as by a retrying proxy)
 *                         and the second answer is sent; a pull page also repeats up to `param`
 *                         (default 3) changes from before its cursor. Token requests are exempt.
 * - clock-skew            the times this request reports and records (serverTime, receivedAt,
 *                         changedAt) are `param` ms off; token expiry still runs on the server's
 *                         own clock. Run-wide skew of the whole server clock is PUT /admin/clock.
 */
export const FAULT_KINDS = [
  'drop',
  'drop-after-commit',
  'error-500',
  'error-429',
  'delay',
  'timeout-after-commit',
  'duplicate-delivery',
  'clock-skew',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  param?: number;
}

export const faultRuleSchema = z.strictObject({
  /** 'random' picks one of FAULT_KINDS each time it fires (seeded): a soak's mixed faults. */
  kind: z.enum([...FAULT_KINDS, 'random']),
  param: z.number().int().optional(),
  /** Parameters per kind, for a 'random' rule (e.g. { "error-429": 0, "delay": 5 }). */
  params: z.partialRecord(z.enum(FAULT_KINDS), z.number().int()).optional(),
  /** Only this operation (e.g. "pushEvents"); all station API operations when absent. */
  operationId: z.string().optional(),
  /** Fires on every n-th matching request (1 = each). */
  every: z.number().int().positive().optional(),
  /** Fires with this probability (seeded, so a run can be repeated). */
  probability: z.number().min(0).max(1).optional(),
  /** Fires at most this many times. */
  times: z.number().int().nonnegative().optional(),
});
export const faultPlanSchema = z.strictObject({
  seed: z.number().int().optional(),
  rules: z.array(faultRuleSchema),
});
export type FaultRule = z.infer<typeof faultRuleSchema>;
export type FaultPlan = z.infer<typeof faultPlanSchema>;

/** mulberry32: small, fast and seedable; good enough to spread faults over requests. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Parses an `X-Fault` header: `kind` or `kind=param`, e.g. `error-429=2`. */
export function parseFaultHeader(value: string): Fault | string {
  const [kind, param] = value.trim().split('=', 2) as [string, string | undefined];
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
    return `X-Fault "${kind}" is not one of ${FAULT_KINDS.join(', ')}`;
  }
  if (param !== undefined && !/^-?\d+$/.test(param))
    return `X-Fault parameter "${param}" is not an integer`;
  return { kind: kind as FaultKind, param: param === undefined ? undefined : Number(param) };
}

/** The run's fault plan, which rule fires next, and how many of each kind were injected. */
export class Faults {
  private rules: { rule: FaultRule; seen: number; fired: number }[] = [];
  private random = prng(1);
  readonly injected: Record<FaultKind, number> = Object.fromEntries(
    FAULT_KINDS.map((k) => [k, 0]),
  ) as Record<FaultKind, number>;

  constructor(plan?: FaultPlan) {
    if (plan) this.set(plan);
  }

  set(plan: FaultPlan): void {
    this.rules = plan.rules.map((rule) => ({ rule, seen: 0, fired: 0 }));
    this.random = prng(plan.seed ?? 1);
  }

  get plan(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  /** The first rule that fires for this operation, if any. */
  pick(operationId: string): Fault | null {
    for (const r of this.rules) {
      const { rule } = r;
      if (rule.operationId !== undefined && rule.operationId !== operationId) continue;
      if (rule.times !== undefined && r.fired >= rule.times) continue;
      r.seen += 1;
      if (rule.every !== undefined && r.seen % rule.every !== 0) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      r.fired += 1;
      if (rule.kind !== 'random') return { kind: rule.kind, param: rule.param };
      const kind = FAULT_KINDS[Math.floor(this.random() * FAULT_KINDS.length)]!;
      return { kind, param: rule.params?.[kind] };
    }
    return null;
  }

  record(kind: FaultKind): void {
    this.injected[kind] += 1;
  }
}
