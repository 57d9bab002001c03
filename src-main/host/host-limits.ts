import { TokenBucket, WIRE_LIMITS } from '../../src-shared';

export interface HostLimits {
  /** Open bridge connections; an upgrade over this is refused with 503. */
  maxConnections: number;
  maxInFlight: number;
  ratePerSecond: number;
  burst: number;
  /** Invokes refused one after another before the client is taken for a flood and closed. */
  maxRefusedInARow: number;
}

export const DEFAULT_LIMITS: HostLimits = {
  maxConnections: 8,
  ...WIRE_LIMITS,
  maxRefusedInARow: 100,
};

/** What the client is told when an invoke is refused; it did not run, so it may be sent again. */
export const REFUSED = {
  rate: 'Too many requests from this console: the station did not run this one; try again.',
  inFlight: 'Too many requests waiting for the station: it did not run this one; try again.',
} as const;

/**
 * One connection's share of the host: a token bucket for its rate and a count of its invokes in
 * flight, so one client cannot queue unbounded work in the dispatcher or starve the others.
 */
export class ConnectionLimiter {
  private inFlight = 0;
  private refusedInARow = 0;
  private readonly bucket: TokenBucket;

  constructor(
    private readonly limits: HostLimits,
    now: () => number,
  ) {
    this.bucket = new TokenBucket(limits.ratePerSecond, limits.burst, now);
  }

  /**
   * Admits one invoke (call done() once it is answered) or says why not; 'close' when the
   * client keeps sending while refused. In-flight refusals cost no token.
   */
  admit(): 'ok' | keyof typeof REFUSED | 'close' {
    const verdict =
      this.inFlight >= this.limits.maxInFlight ? 'inFlight' : this.bucket.take() ? 'ok' : 'rate';
    if (verdict === 'ok') {
      this.inFlight++;
      this.refusedInARow = 0;
      return verdict;
    }
    return ++this.refusedInARow > this.limits.maxRefusedInARow ? 'close' : verdict;
  }

  done(): void {
    this.inFlight--;
  }
}
