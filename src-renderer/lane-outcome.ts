import type { GateState, LaneOutcome, PlainKey } from '../src-shared';
import { money } from './format';
import { t } from './stores/i18n-store';

export const gateStateKey: Record<GateState, PlainKey> = {
  closed: 'gate.closed',
  opening: 'gate.opening',
  open: 'gate.open',
  closing: 'gate.closing',
  fault: 'gate.fault',
  unknown: 'gate.unknown',
};

/** One line for the cashier about what a plate read led to, in the console's language. */
export function describeOutcome(outcome: LaneOutcome, currency: string): string {
  switch (outcome.kind) {
    case 'entered':
      return t('outcome.entered', { gate: t(gateStateKey[outcome.gate]) });
    case 'exited':
      return t('outcome.exited', { gate: t(gateStateKey[outcome.gate]) });
    case 'full':
      return t('outcome.full');
    case 'unpaid':
      return t('outcome.unpaid', { amount: money(outcome.dueMinor, currency) });
    case 'no-record':
      return t('outcome.noRecord');
    case 'already-inside':
      return t('outcome.alreadyInside');
    case 'needs-confirmation':
      return t('outcome.needsConfirmation');
    case 'held-offline':
      return t('outcome.heldOffline');
    case 'held-blacklisted':
      return t('outcome.heldBlacklisted');
  }
}
