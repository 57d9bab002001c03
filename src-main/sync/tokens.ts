import type { Clock } from '../platform/clock';
import type { Outcome, Transport } from './transport';
import { tokenResponse, type TokenResponse } from './wire';

/** Why sync can't go on right now; the service backs off and shows `message`. */
export class SyncError extends Error {
  constructor(
    message: string,
    /**
     * offline: no answer at all; answered: the server answered something sync can't use;
     * local: nothing was asked (no device secret), so nothing is known about the server.
     */
    readonly source: 'offline' | 'answered' | 'local',
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** Turns an answer sync can't use into a SyncError that says what the server said. */
export function failure(outcome: Outcome, what: string): SyncError {
  if (outcome.kind === 'no-answer')
    return new SyncError(`${what}: no answer (${outcome.why})`, 'offline');
  const p = outcome.data as { detail?: unknown; code?: unknown } | null;
  const said = typeof p?.detail === 'string' ? `: ${p.detail}` : '';
  return new SyncError(`${what}: HTTP ${outcome.status}${said}`, 'answered', outcome.retryAfterMs);
}

/**
 * Short-lived access tokens for the station's device credentials. A refresh token is used
 * once (the server rotates them); when a refresh is refused, or its answer was lost, the
 * station signs in with its device credentials again. Tokens live in memory only: after a
 * restart the device credentials (from the secret store) get new ones.
 */
export class TokenSource {
  private tokens: (TokenResponse & { expiresAt: number }) | null = null;

  constructor(
    private readonly transport: Transport,
    private readonly credentials: () => { stationId: string; deviceSecret: string } | null,
    private readonly clock: Clock,
  ) {}

  /** A token good for at least a few more seconds. */
  async access(): Promise<string> {
    if (this.tokens && this.clock() < this.tokens.expiresAt - 5_000) return this.tokens.accessToken;
    if (this.tokens) {
      const refreshed = await this.request({
        grantType: 'refresh_token',
        refreshToken: this.tokens.refreshToken,
      });
      if (refreshed) return refreshed;
    }
    const creds = this.credentials();
    if (!creds) throw new SyncError('sync: no device secret in the secret store', 'local');
    const token = await this.request({ grantType: 'device_credentials', ...creds });
    if (!token)
      throw new SyncError("sync: the server refused this station's device credentials", 'answered');
    return token;
  }

  /** The server said the token expired or is unknown: the next call gets a new one. */
  expire(): void {
    if (this.tokens) this.tokens.expiresAt = 0;
  }

  /** The access token, or null when the grant was refused (401/400); throws when no answer. */
  private async request(grant: object): Promise<string | null> {
    const sentAt = this.clock();
    const outcome = await this.transport.post('/v1/auth/token', grant);
    if (outcome.kind === 'answer' && outcome.status === 200) {
      const parsed = tokenResponse.safeParse(outcome.data);
      if (!parsed.success)
        throw new SyncError('sync: the token answer breaks the contract', 'answered');
      // Lifetimes are durations from the server, counted from when we asked, on our own clock.
      this.tokens = { ...parsed.data, expiresAt: sentAt + parsed.data.expiresInMs };
      return parsed.data.accessToken;
    }
    if (outcome.kind === 'answer' && (outcome.status === 400 || outcome.status === 401)) {
      this.tokens = null;
      return null;
    }
    throw failure(outcome, "sign-in to the operator's server");
  }
}
