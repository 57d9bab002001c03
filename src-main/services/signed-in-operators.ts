import type { OperatorSession, OperatorView, Role } from '../../src-shared';
import type { Clock } from '../platform/clock';

export type SignOutWhy = 'sign-out' | 'disconnected' | 'replaced';

export interface SignedInOptions {
  clock: Clock;
  /** Idle time before a session locks, per role (a manager's session locks sooner). */
  idleLockMs?: Record<Role, number>;
  /** How long a manager's approval waits for the one action it is for. */
  grantMs?: number;
  /** Journals the end of a session (the operator service's signedOut). */
  ended?: (operator: OperatorView, why: SignOutWhy) => void;
}

interface Grant {
  manager: OperatorView;
  channel: string;
  expiresAt: number;
}

interface Session {
  operator: OperatorView;
  mustChangePin: boolean;
  lastActiveAt: number;
  locked: boolean;
  grant: Grant | null;
}

const DEFAULT_IDLE: Record<Role, number> = { cashier: 10 * 60_000, manager: 5 * 60_000 };

/**
 * Who is signed in at each console (caller): the one owner of sign-in state. Handlers sign in
 * and out through it; the dispatcher asks it who is calling before it checks permissions.
 * A session locks itself after idling (checked when asked, so no timer runs); it keeps its
 * operator, and only that operator's PIN or another operator's sign-in opens the console again.
 */
export class SignedInOperators {
  private readonly sessions = new Map<string, Session>();
  private readonly idleLockMs: Record<Role, number>;
  private readonly grantMs: number;

  constructor(private readonly opts: SignedInOptions) {
    this.idleLockMs = opts.idleLockMs ?? DEFAULT_IDLE;
    this.grantMs = opts.grantMs ?? 60_000;
  }

  /** This console's session as the renderer sees it; null when nobody is signed in here. */
  session(callerId: string): OperatorSession | null {
    const s = this.current(callerId);
    if (!s) return null;
    return {
      ...s.operator,
      locked: s.locked,
      mustChangePin: s.mustChangePin,
      idleLockMs: this.idleLockMs[s.operator.role],
    };
  }

  /**
   * A session at this console, replacing any other. `record` journals the sign-in after the
   * end of the one it replaces; if it throws, nothing here changes.
   */
  signIn(
    callerId: string,
    operator: OperatorView,
    mustChangePin: boolean,
    record: (replaced: OperatorView | null) => void = () => {},
  ): OperatorSession {
    record(this.sessions.get(callerId)?.operator ?? null);
    this.sessions.set(callerId, {
      operator,
      mustChangePin,
      lastActiveAt: this.opts.clock(),
      locked: false,
      grant: null,
    });
    return this.session(callerId)!;
  }

  signOut(callerId: string): void {
    this.end(callerId, 'sign-out');
  }

  /** The console went away (window closed, connection dropped). */
  forget(callerId: string): void {
    this.end(callerId, 'disconnected');
  }

  /** Someone is at the console: the idle clock starts again (not for a locked session). */
  touch(callerId: string): void {
    const s = this.current(callerId);
    if (s && !s.locked) s.lastActiveAt = this.opts.clock();
  }

  /** The operator stepped away on purpose (a break): locked now, as if idle. */
  lock(callerId: string): OperatorSession | null {
    const s = this.current(callerId);
    if (!s) return null;
    Object.assign(s, { locked: true, grant: null });
    return this.session(callerId);
  }

  /**
   * `name`'s own PIN was checked: open their session again. Null when the session here is no
   * longer theirs (it ended, or someone else signed in while the PIN was being hashed).
   */
  unlocked(callerId: string, name: string, mustChangePin: boolean): OperatorSession | null {
    const s = this.sessions.get(callerId);
    if (s?.operator.name !== name) return null;
    Object.assign(s, { locked: false, mustChangePin, lastActiveAt: this.opts.clock() });
    return this.session(callerId);
  }

  pinChanged(callerId: string, name: string): OperatorSession | null {
    const s = this.sessions.get(callerId);
    if (s?.operator.name !== name) return null;
    s.mustChangePin = false;
    return this.session(callerId);
  }

  /** A manager's one-use approval of `channel` at this console; replaces an unused one. */
  grant(callerId: string, manager: OperatorView, channel: string) {
    const s = this.current(callerId);
    if (!s || s.locked) return null;
    s.grant = { manager, channel, expiresAt: this.opts.clock() + this.grantMs };
    return { manager: manager.name, channel, expiresAt: s.grant.expiresAt };
  }

  /** Whether this console holds an unused, unexpired approval for `channel`. */
  hasGrant(callerId: string, channel: string): boolean {
    const g = this.current(callerId)?.grant;
    return !!g && g.channel === channel && g.expiresAt > this.opts.clock();
  }

  /** Uses the approval up: returns the manager it names, or null when there is none. */
  takeGrant(callerId: string, channel: string): OperatorView | null {
    if (!this.hasGrant(callerId, channel)) return null;
    const s = this.sessions.get(callerId)!;
    const manager = s.grant!.manager;
    s.grant = null;
    return manager;
  }

  private current(callerId: string): Session | null {
    const s = this.sessions.get(callerId);
    if (!s) return null;
    const idleFor = this.opts.clock() - s.lastActiveAt;
    if (!s.locked && idleFor >= this.idleLockMs[s.operator.role]) {
      // A locked console keeps its operator (and the screen under the lock) but no approval.
      s.locked = true;
      s.grant = null;
    }
    return s;
  }

  private end(callerId: string, why: SignOutWhy): void {
    const s = this.sessions.get(callerId);
    if (!s) return;
    this.sessions.delete(callerId);
    this.opts.ended?.(s.operator, why);
  }
}
