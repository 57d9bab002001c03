import type { Access, ErrorCode, OperatorSession } from '../../src-shared';
import { translate } from '../../src-shared';

/** A permission refusal's catalogue text (said in the console's language by the dispatcher). */
type RefusalKey =
  'refusal.signIn' | 'refusal.locked' | 'refusal.changePinFirst' | 'refusal.managerOnly';

/**
 * Where a caller stands for one call. `elevated` is a cashier holding a manager's unused
 * approval for the very channel being called; locked and mustChangePin are sessions that
 * exist but may do little until their operator types a PIN.
 */
export type Standing =
  'signedOut' | 'locked' | 'mustChangePin' | 'cashier' | 'manager' | 'elevated';

export const STANDINGS: readonly Standing[] = [
  'signedOut',
  'locked',
  'mustChangePin',
  'cashier',
  'manager',
  'elevated',
];

type Verdict = 'allow' | ErrorCode;

/**
 * The permission matrix: who may call what. Each channel declares its access in the contract
 * (src-shared/contract/channels.ts); this table is the one place that says what each access
 * means for each standing, and what a refusal answers.
 */
export const PERMISSIONS: Record<Access, Record<Standing, Verdict>> = {
  public: {
    signedOut: 'allow',
    locked: 'allow',
    mustChangePin: 'allow',
    cashier: 'allow',
    manager: 'allow',
    elevated: 'allow',
  },
  session: {
    signedOut: 'NOT_SIGNED_IN',
    locked: 'allow',
    mustChangePin: 'allow',
    cashier: 'allow',
    manager: 'allow',
    elevated: 'allow',
  },
  self: {
    signedOut: 'NOT_SIGNED_IN',
    locked: 'SESSION_LOCKED',
    mustChangePin: 'allow',
    cashier: 'allow',
    manager: 'allow',
    elevated: 'allow',
  },
  cashier: {
    signedOut: 'NOT_SIGNED_IN',
    locked: 'SESSION_LOCKED',
    mustChangePin: 'NOT_ALLOWED',
    cashier: 'allow',
    manager: 'allow',
    elevated: 'allow',
  },
  manager: {
    signedOut: 'NOT_SIGNED_IN',
    locked: 'SESSION_LOCKED',
    mustChangePin: 'NOT_ALLOWED',
    cashier: 'NOT_ALLOWED',
    manager: 'allow',
    elevated: 'allow',
  },
};

const MESSAGES: Partial<Record<ErrorCode, RefusalKey>> = {
  NOT_SIGNED_IN: 'refusal.signIn',
  SESSION_LOCKED: 'refusal.locked',
};

/** Where this caller stands for a call of a channel with this access. */
export function standingOf(
  session: OperatorSession | null,
  access: Access,
  holdsGrant: boolean,
): Standing {
  if (!session) return 'signedOut';
  if (session.locked) return 'locked';
  if (session.mustChangePin) return 'mustChangePin';
  if (session.role === 'manager') return 'manager';
  return access === 'manager' && holdsGrant ? 'elevated' : 'cashier';
}

/** Null when the call may go ahead; otherwise the code and message to refuse it with. */
export function refusal(
  access: Access,
  standing: Standing,
): { code: ErrorCode; message: string; key: RefusalKey } | null {
  const verdict = PERMISSIONS[access][standing];
  if (verdict === 'allow') return null;
  const key =
    MESSAGES[verdict] ??
    (standing === 'mustChangePin' ? 'refusal.changePinFirst' : 'refusal.managerOnly');
  return { code: verdict, message: translate('en', key), key };
}
