import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** How long a sign-on link stays good if nobody opens it (it is printed, so it may linger). */
const NONCE_TTL_MS = 10 * 60_000;
/** Links and sessions kept at once; past this the oldest go. A session is one browser window. */
const MAX_NONCES = 16;
const MAX_SESSIONS = 16;

/** Secrets are kept and looked up by their SHA-256, so a lookup's timing tells nothing of them. */
const digest = (secret: string) => createHash('sha256').update(secret).digest('hex');

function dropOldest<K>(entries: Map<K, unknown> | Set<K>, max: number): void {
  for (const key of entries.keys()) {
    if (entries.size <= max) return;
    entries.delete(key);
  }
}

/**
 * Only the address the host listens on. A page of a DNS-rebound name (evil.example resolving to
 * 127.0.0.1) reaches our port, but its browser sends that name as the Host.
 */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  return req.headers.host === `127.0.0.1:${port}`;
}

/** Every value the Cookie header gives `name` (a browser may send several). */
function cookieValues(header: string | undefined, name: string): string[] {
  return (header ?? '')
    .split(';')
    .map((part) => part.trim().split('='))
    .filter(([key, value]) => key === name && value)
    .map(([, value]) => value!);
}

/**
 * Sign-on: a printed or opened link carries a one-time nonce, never the secret that lets a
 * browser in. Opening it spends the nonce on a fresh session whose secret lives only in an
 * HttpOnly cookie, so it never shows in a URL, a process list, a log or the page's script.
 */
export class SignOn {
  private readonly nonces = new Map<string, number>(); // digest -> issued at
  private readonly sessions = new Set<string>(); // digests
  /** Cookies ignore ports: a name per port keeps two hosts on 127.0.0.1 out of each other's way. */
  readonly cookieName: string;

  constructor(
    port: number,
    private readonly now: () => number,
  ) {
    this.cookieName = `station_session_${port}`;
  }

  /** A fresh nonce for one sign-on link. */
  issueNonce(): string {
    const nonce = randomBytes(16).toString('hex');
    this.nonces.set(digest(nonce), this.now());
    dropOldest(this.nonces, MAX_NONCES);
    return nonce;
  }

  /** Spends `nonce` (good once, and only for a while) on a new session: its Set-Cookie, or null. */
  redeem(nonce: string): string | null {
    const key = digest(nonce);
    const issued = this.nonces.get(key);
    this.nonces.delete(key);
    if (issued === undefined || this.now() - issued > NONCE_TTL_MS) return null;
    const secret = randomBytes(32).toString('hex');
    this.sessions.add(digest(secret));
    dropOldest(this.sessions, MAX_SESSIONS);
    // No Max-Age: the session ends with the browser (the --open profile is thrown away anyway).
    return `${this.cookieName}=${secret}; HttpOnly; SameSite=Strict; Path=/`;
  }

  /** Whether the request carries the cookie of a live session. */
  hasSession(req: IncomingMessage): boolean {
    const values = cookieValues(req.headers.cookie, this.cookieName);
    return values.some((value) => this.sessions.has(digest(value)));
  }
}
