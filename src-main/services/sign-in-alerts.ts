import type { DeviceStatus } from '../../src-shared';
import type { LockoutStart } from './lockout';

/** Where sign-in lockouts are shown; the operator service raises them, a manager clears them. */
export interface SignInAlerts {
  lockedOut(lockout: LockoutStart, name: string, at: number): void;
  /** A manager signed in (or unlocked) at the booth, with the status strip in front of them. */
  seenBy(manager: string): void;
}

function clock(at: number): string {
  return new Date(at).toISOString().slice(11, 16);
}

/**
 * Lockouts as a 'sign-in' entry on the status strip: a warning, with what happened, from the
 * first lockout until a manager signs in at the booth and so has seen it (the journal keeps
 * each one as operator.lockedOut). Nothing shows while there has been no lockout.
 */
export class StatusStripSignInAlerts implements SignInAlerts {
  private count = 0;

  constructor(private readonly update: (status: DeviceStatus) => void) {}

  lockedOut(lockout: LockoutStart, name: string, at: number): void {
    this.count++;
    const who = lockout.scope === 'name' ? `'${name}'` : `this console (last tried '${name}')`;
    const seconds = Math.round(lockout.lockedForMs / 1000);
    this.update({
      id: 'sign-in',
      kind: 'sign-in',
      label: 'Sign-in lockout',
      health: 'warning',
      detail:
        `${who} locked out for ${seconds} s after ${lockout.failures} wrong PINs at ` +
        `${clock(at)} UTC (${this.count} lockout${this.count === 1 ? '' : 's'} unseen)`,
    });
  }

  seenBy(manager: string): void {
    if (this.count === 0) return;
    this.count = 0;
    this.update({
      id: 'sign-in',
      kind: 'sign-in',
      label: 'Sign-in lockout',
      health: 'ok',
      detail: `Seen by ${manager}`,
    });
  }
}
