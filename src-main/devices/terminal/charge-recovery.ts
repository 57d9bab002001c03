/**
 * How one sale gets to exactly one final outcome, as a pure state machine: the driver performs
 * each step (send the SALE, query the status) and feeds back what happened; this decides the
 * next step. A SALE whose reply is missing (never ACKed, no reply in time, the reply lost) is
 * never sent again: the terminal is asked what became of that reference (STAT), a bounded number
 * of times with a doubling wait in between, and only the terminal's own answer makes an outcome
 * final; without one the outcome is `unknown`.
 */
import type { CardOutcome, ChargeRequest } from './card-terminal';
import type { TerminalResult } from './ecr-messages';

export interface RecoveryPolicy {
  /** Status queries at most once the SALE's reply is missing. */
  statusAttempts: number;
  /** The wait before the first query; doubled before each next one, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RECOVERY: RecoveryPolicy = {
  statusAttempts: 5,
  backoffMs: 1000,
  maxBackoffMs: 8000,
};

export type ChargeEvent =
  /** The terminal answered the SALE. */
  | { kind: 'sale-answered'; result: TerminalResult }
  /** The SALE went unanswered: not ACKed, the line down, or no reply in time. */
  | { kind: 'sale-unanswered'; detail: string }
  | { kind: 'status-answered'; result: TerminalResult }
  /** The STAT query went unanswered. */
  | { kind: 'status-unanswered'; detail: string };

export type ChargeStep =
  | { kind: 'send-sale' }
  | { kind: 'query-status'; afterMs: number }
  | { kind: 'finish'; outcome: CardOutcome };

export interface ChargeState {
  readonly reference: string;
  readonly saleSent: boolean;
  readonly queriesMade: number;
  /** Why the last step gave no final answer, for an `unknown` outcome's detail. */
  readonly problem: string | null;
}

/** A sale or a refund: recovery needs only its reference. */
export function startCharge(request: Pick<ChargeRequest, 'reference'>): {
  state: ChargeState;
  step: ChargeStep;
} {
  return {
    state: { reference: request.reference, saleSent: false, queriesMade: 0, problem: null },
    step: { kind: 'send-sale' },
  };
}

export function advance(
  state: ChargeState,
  event: ChargeEvent,
  policy: RecoveryPolicy = DEFAULT_RECOVERY,
): { state: ChargeState; step: ChargeStep } {
  const reference = state.reference;
  const isSale = event.kind === 'sale-answered' || event.kind === 'sale-unanswered';
  if (isSale && state.saleSent) throw new Error('a sale is sent once; this one already was');
  if (!isSale && !state.saleSent) throw new Error('no status query before the sale is sent');
  const next: ChargeState = {
    ...state,
    saleSent: true,
    queriesMade: state.queriesMade + (isSale ? 0 : 1),
  };
  if (event.kind === 'sale-answered' || event.kind === 'status-answered') {
    const outcome = finalOutcome(reference, event.result, event.kind === 'status-answered');
    if (outcome) return { state: { ...next, problem: null }, step: { kind: 'finish', outcome } };
  }
  const problem = problemOf(event);
  if (next.queriesMade >= policy.statusAttempts) {
    const detail = `no final answer after ${next.queriesMade} status queries: ${problem}`;
    return {
      state: { ...next, problem },
      step: { kind: 'finish', outcome: { kind: 'unknown', reference, detail } },
    };
  }
  const afterMs = Math.min(policy.backoffMs * 2 ** next.queriesMade, policy.maxBackoffMs);
  return { state: { ...next, problem }, step: { kind: 'query-status', afterMs } };
}

/**
 * The outcome a terminal result settles, or null when it settles nothing (still in progress;
 * not found in reply to the SALE itself, which only a confused terminal says).
 */
function finalOutcome(
  reference: string,
  result: TerminalResult,
  fromStatus: boolean,
): CardOutcome | null {
  switch (result.state) {
    case 'approved': {
      const { amount, currency, authCode, cardBrand, maskedPan } = result;
      return { kind: 'approved', reference, amount, currency, authCode, cardBrand, maskedPan };
    }
    case 'declined':
      return { kind: 'declined', reference, code: result.code, reason: result.reason };
    case 'cancelled':
      return { kind: 'cancelled', reference };
    case 'not-found':
      return fromStatus
        ? {
            kind: 'declined',
            reference,
            code: 'NOT_RECEIVED',
            reason: 'the terminal has no sale with this reference: nothing was charged',
          }
        : null;
    case 'in-progress':
      return null;
  }
}

function problemOf(event: ChargeEvent): string {
  switch (event.kind) {
    case 'sale-unanswered':
    case 'status-unanswered':
      return event.detail;
    case 'sale-answered':
    case 'status-answered':
      return event.result.state === 'in-progress'
        ? 'the sale is still in progress on the terminal'
        : `the terminal answered ${event.result.state} to the sale itself`;
  }
}
