import type { IpcResult } from './result';

/**
 * The headless host's WebSocket protocol (the browser-side twin of Electron IPC).
 * The client connects to ws://127.0.0.1:<port>/bridge offering the subprotocol WIRE_PROTOCOL,
 * from the host's own origin, with the session cookie that a one-time sign-on link
 * (/signon/<nonce>) gave its browser; anything else is refused.
 */
export const WIRE_PROTOCOL = 'station.v1';
export const WIRE_PATH = '/bridge';
export const SIGNON_PATH = '/signon/';

export type ClientMessage = { type: 'invoke'; id: number; channel: string; payload: unknown };

export type ServerMessage =
  | { type: 'result'; id: number; result: IpcResult<unknown> }
  | { type: 'event'; event: string; payload: unknown };

/**
 * What one connection may ask of the host. The host answers an invoke over these limits with
 * an error envelope without running it; the browser bridge queues its own requests to stay
 * under them, so only a misbehaving client ever sees those errors.
 */
export const WIRE_LIMITS = {
  /** Invokes sent and not yet answered. */
  maxInFlight: 16,
  /** Sustained invokes per second (a token bucket)... */
  ratePerSecond: 50,
  /** ...and how many may come at once after a quiet spell. */
  burst: 100,
};

/** A token bucket on a millisecond clock: starts full, refills continuously up to `burst`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is there (0 when one is). */
  msUntilToken(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
  }

  private refill(): void {
    const t = this.now();
    // max(): a clock that steps back must not drain the bucket.
    this.tokens = Math.min(
      this.burst,
      this.tokens + (Math.max(0, t - this.last) * this.ratePerSecond) / 1000,
    );
    this.last = t;
  }
}
