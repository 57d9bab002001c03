/**
 * The server's clock: the machine's time plus an offset. The offset is how tests move time on
 * (token expiry without waiting) and how the clock-skew fault puts the server's clock off the
 * station's, run-wide or for one request.
 */
export class Clock {
  offsetMs = 0;

  now(extraSkewMs = 0): number {
    return Date.now() + this.offsetMs + extraSkewMs;
  }
}
