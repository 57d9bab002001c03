import type { OperatorEntry, OperatorView, Role } from '../../src-shared';
import { refused, StationError } from '../../src-shared';
import type { OperatorRepository, OperatorRow } from '../db/repositories/event-repositories';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import { SignInLockout, type LockoutOptions, type LockoutStart } from './lockout';
import { hashPin, hashPinSync, parseHash, pinMatches, type StoredHash } from './pin-hash';
import { checkNewPin, MIN_PIN_DIGITS } from './pin-policy';
import type { Transact } from './ports';
import type { SignInAlerts } from './sign-in-alerts';
import { FailedSignIns, type FailureCounterOptions } from './sign-in-tallies';

export interface OperatorServiceDeps {
  operators: OperatorRepository;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  /** Where lockouts are shown to a manager; none in unit tests. */
  alerts?: SignInAlerts;
  lockout?: Partial<LockoutOptions>;
  tallies?: FailureCounterOptions;
}

/** Who a right PIN belongs to, and whether their PIN must be changed before anything else. */
export interface SignedIn {
  operator: OperatorView;
  mustChangePin: boolean;
}

/**
 * A sign-in checked but not yet written: record() journals it, after the end of the session it
 * replaces at that console, in one transaction. SignedInOperators calls it in the same
 * synchronous step as it swaps the sessions, so the journal's order is the consoles' order.
 */
export interface SignInToRecord extends SignedIn {
  record(replaced: OperatorView | null): void;
}

interface Verified extends SignedIn {
  row: OperatorRow;
  stored: StoredHash | null;
  failedBefore: number;
}

const DEFAULT_LOCKOUT: LockoutOptions = {
  afterFailures: 5,
  firstLockMs: 30_000,
  maxLockMs: 15 * 60_000,
};

const entryOf = (r: OperatorRow): OperatorEntry => ({
  name: r.name,
  role: r.role,
  mustChangePin: r.mustChangePin,
});

/**
 * Who may work the booth. PINs are only ever stored hashed; every check of one (sign-in,
 * unlock, a manager's approval, a PIN change) goes through verify(), so lockouts, failure
 * tallies and the dummy hash for unknown names apply to all of them alike.
 */
export class OperatorService {
  readonly failures: FailedSignIns;
  private readonly lockout: SignInLockout;

  constructor(private readonly d: OperatorServiceDeps) {
    this.failures = new FailedSignIns(d.tallies);
    this.lockout = new SignInLockout({ ...DEFAULT_LOCKOUT, ...d.lockout });
  }

  /** The demo's operators, into an empty table at start-up (before any request). */
  seedIfEmpty(seed: readonly { name: string; role: Role; pin: string }[]): void {
    if (this.d.operators.count() > 0) return;
    for (const op of seed) this.d.operators.upsert(op.name, op.role, hashPinSync(op.pin));
  }

  /** A first run: nobody can sign in until a manager has been named. */
  needsSetup(): boolean {
    return this.d.operators.count() === 0;
  }

  list(): OperatorEntry[] {
    return this.d.operators.list().map(entryOf);
  }

  /** Names the first manager; refused (CONFLICT) once any operator exists. */
  async setupFirstManager(name: string, pin: string): Promise<SignInToRecord> {
    checkNewPin(pin);
    if (!this.needsSetup()) throw alreadySetUp();
    const pinHash = await hashPin(pin);
    return {
      operator: { name, role: 'manager' },
      mustChangePin: false,
      record: (replaced) => {
        const now = this.d.clock();
        this.d.transact(() => {
          // Checked again inside the write: two first-run screens may race each other.
          if (!this.needsSetup()) throw alreadySetUp();
          this.d.operators.insert({ name, role: 'manager', pinHash, mustChangePin: false });
          this.append('operator.added', name, name, { role: 'manager', firstRun: true }, now);
          this.appendSignIn(name, 0, replaced, now);
        });
      },
    };
  }

  async signIn(name: string, pin: string, callerId: string): Promise<SignInToRecord> {
    const v = await this.verify(name, pin, callerId);
    const rehash = v.stored?.outdated ? await hashPin(pin) : null;
    return {
      operator: v.operator,
      mustChangePin: v.mustChangePin,
      record: (replaced) => {
        const now = this.d.clock();
        this.d.transact(() => {
          // Moves an old-format hash to the current parameters while the PIN is at hand.
          if (rehash) this.d.operators.upsert(v.row.name, v.row.role, rehash);
          this.appendSignIn(v.row.name, v.failedBefore, replaced, now);
        });
      },
    };
  }

  /** The PIN of the operator whose session is locked at this console. */
  async unlock(name: string, pin: string, callerId: string): Promise<SignedIn> {
    const v = await this.verify(name, pin, callerId);
    return { operator: v.operator, mustChangePin: v.mustChangePin };
  }

  /** A manager's name and PIN, typed at a cashier's console to approve one action. */
  async approve(name: string, pin: string, callerId: string): Promise<OperatorView> {
    const v = await this.verify(name, pin, callerId);
    if (v.operator.role !== 'manager') {
      throw refused('NOT_ALLOWED', 'refusal.managerApproves');
    }
    if (v.mustChangePin) {
      throw refused('NOT_ALLOWED', 'refusal.mustChangePin', { name: v.row.name });
    }
    return v.operator;
  }

  async changePin(name: string, currentPin: string, newPin: string, callerId: string) {
    checkNewPin(newPin, 'newPin');
    if (newPin === currentPin) {
      throw refused('INVALID_PAYLOAD', 'refusal.pinSame').at('newPin');
    }
    const v = await this.verify(name, currentPin, callerId);
    const pinHash = await hashPin(newPin);
    const now = this.d.clock();
    this.d.transact(() => {
      this.d.operators.setPin(v.row.name, pinHash, false);
      this.append(
        'operator.pinChanged',
        v.row.name,
        v.row.name,
        {
          wasTemporary: v.mustChangePin,
        },
        now,
      );
    });
  }

  /** A manager gives a cashier a temporary PIN (to be changed at their next sign-in). */
  async resetPin(manager: OperatorView, name: string, pin: string, reason: string) {
    checkNewPin(pin);
    const target = this.d.operators.find(name);
    if (!target) throw refused('NOT_FOUND', 'refusal.noOperator', { name });
    if (target.role !== 'cashier') {
      // A manager's PIN is theirs to change (operator:changePin), not another manager's.
      throw refused('NOT_ALLOWED', 'refusal.cashierPinOnly');
    }
    const pinHash = await hashPin(pin);
    const now = this.d.clock();
    this.d.transact(() => {
      this.d.operators.setPin(target.name, pinHash, true);
      this.append('operator.pinReset', target.name, manager.name, { reason }, now);
    });
    const key = target.name.toLowerCase();
    this.lockout.clearName(key);
    this.failures.clear(key, now);
    return entryOf({ ...target, mustChangePin: true });
  }

  /** A new operator, with a temporary PIN they change at their first sign-in. */
  async add(manager: OperatorView, name: string, role: Role, pin: string): Promise<OperatorEntry> {
    checkNewPin(pin);
    const pinHash = await hashPin(pin);
    const now = this.d.clock();
    const row = { name, role, pinHash, mustChangePin: true };
    this.d.transact(() => {
      if (!this.d.operators.insert(row)) {
        throw refused('CONFLICT', 'refusal.operatorExists', { name });
      }
      this.append('operator.added', name, manager.name, { role, firstRun: false }, now);
    });
    return entryOf(row);
  }

  /** Journals the end of an operator's session at one console. */
  signedOut(operator: OperatorView, why: 'sign-out' | 'disconnected' | 'replaced'): void {
    const now = this.d.clock();
    this.d.transact(() =>
      this.append('operator.signedOut', operator.name, operator.name, { why }, now),
    );
  }

  /**
   * Checks a PIN. Refused before any hashing while the name or this console is locked out; an
   * unknown name costs the same scrypt work as a known one; failures are tallied and may start
   * a lockout; a right PIN clears both.
   */
  private async verify(name: string, pin: string, callerId: string): Promise<Verified> {
    const found = this.d.operators.find(name);
    // The operators table matches names without case; so do the tallies and lockouts.
    const key = (found?.name ?? name).toLowerCase();
    const waitMs = this.lockout.remainingMs(key, callerId, this.d.clock());
    if (waitMs > 0) {
      const s = Math.ceil(waitMs / 1000);
      throw refused('NOT_ALLOWED', 'refusal.tooManyPins', { seconds: s });
    }
    const stored = found ? parseHash(found.pinHash) : null;
    const ok = await pinMatches(pin, stored);
    const now = this.d.clock();
    if (!found || !ok) {
      this.failed(name, key, found !== null, callerId, now);
      throw refused('NOT_ALLOWED', 'refusal.wrongPin');
    }
    this.lockout.succeeded(key, callerId);
    const failedBefore = this.failures.clear(key, now);
    if (found.role === 'manager') this.d.alerts?.seenBy(found.name);
    return {
      row: found,
      stored,
      failedBefore,
      operator: { name: found.name, role: found.role },
      // A temporary PIN, or one from before PINs had 6 digits: it works once, to change it.
      mustChangePin: found.mustChangePin || pin.length < MIN_PIN_DIGITS,
    };
  }

  private failed(name: string, key: string, known: boolean, callerId: string, now: number) {
    const row = this.failures.record(key, known, now);
    const lockouts = this.lockout.failed(key, callerId, now);
    if (!row && lockouts.length === 0) return;
    this.d.transact(() => {
      if (row) {
        const who = row.shared ? '(many unknown names)' : name;
        this.append(
          'operator.signInFailed',
          who,
          who,
          {
            failures: row.tally.count,
            known,
            since: row.tally.since,
            previousWindow: row.previous ?? null,
          },
          now,
        );
      }
      for (const l of lockouts)
        this.append(
          'operator.lockedOut',
          lockoutSubject(l),
          name,
          {
            scope: l.scope,
            key: l.key.slice(0, 64),
            known,
            failures: l.failures,
            lockedForMs: l.lockedForMs,
            until: l.until,
          },
          now,
        );
    });
    for (const l of lockouts) this.d.alerts?.lockedOut(l, name, now);
  }

  private appendSignIn(
    name: string,
    failedBefore: number,
    replaced: OperatorView | null,
    at: number,
  ) {
    if (replaced) {
      this.append('operator.signedOut', replaced.name, replaced.name, { why: 'replaced' }, at);
    }
    this.append('operator.signedIn', name, name, { failedBefore }, at);
  }

  private append<T extends OperatorEvent>(
    type: T,
    subject: string,
    actor: string,
    payload: Extract<Parameters<JournalWriter['append']>[0], { type: T }>['payload'],
    at: number,
  ): void {
    const draft = { type, aggregateId: subject.toLowerCase().slice(0, 64), actor, payload };
    this.d.journal.append(draft as Parameters<JournalWriter['append']>[0], at);
  }
}

type OperatorEvent = Extract<Parameters<JournalWriter['append']>[0]['type'], `operator.${string}`>;

/** A name's lockouts belong to that operator; a console's to the console. */
function lockoutSubject(l: LockoutStart): string {
  return l.scope === 'name' ? l.key : `console:${l.key}`;
}

function alreadySetUp(): StationError {
  return refused('CONFLICT', 'refusal.firstManagerExists');
}
