import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { OperatorView, Role } from '../../src-shared';
import { StationError } from '../../src-shared';
import type { AuditRepository } from '../db/repositories/audit-repository';
import type { OperatorRepository } from '../db/repositories/event-repositories';

function hashPin(pin: string, salt = randomBytes(16)): string {
  return `scrypt$${salt.toString('hex')}$${scryptSync(pin, salt, 32).toString('hex')}`;
}

function pinMatches(pin: string, stored: string): boolean {
  const [, saltHex, hashHex] = stored.split('$');
  if (!saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(pin, Buffer.from(saltHex, 'hex'), expected.length);
  return timingSafeEqual(expected, actual);
}

/** Who is at the booth. Sign-ins are audited; PINs are only ever stored hashed. */
export class OperatorService {
  constructor(
    private readonly operators: OperatorRepository,
    private readonly audit: AuditRepository,
  ) {}

  seedIfEmpty(seed: { name: string; role: Role; pin: string }[]): void {
    if (this.operators.count() > 0) return;
    for (const op of seed) this.operators.upsert(op.name, op.role, hashPin(op.pin));
  }

  signIn(name: string, pin: string): OperatorView {
    const found = this.operators.find(name);
    if (!found || !pinMatches(pin, found.pinHash)) {
      this.audit.append({
        actor: name,
        action: 'sign-in-failed',
        subject: name,
        reason: 'wrong name or PIN',
      });
      throw new StationError('NOT_ALLOWED', 'Wrong operator name or PIN.');
    }
    this.audit.append({
      actor: found.name,
      action: 'sign-in',
      subject: found.name,
      reason: 'shift',
    });
    return { name: found.name, role: found.role };
  }
}
