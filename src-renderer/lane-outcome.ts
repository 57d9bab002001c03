import type { LaneOutcome } from '../src-shared';
import { money } from './format';

/** One line for the cashier about what a plate read led to. */
export function describeOutcome(outcome: LaneOutcome, currency: string): string {
  switch (outcome.kind) {
    case 'entered':
      return `Entry recorded, gate ${outcome.gate}`;
    case 'exited':
      return `Exit recorded, gate ${outcome.gate}`;
    case 'full':
      return 'Parking full: entry refused';
    case 'unpaid':
      return `Not paid: ${money(outcome.dueMinor, currency)} due`;
    case 'no-record':
      return 'No entry record: see Alerts';
    case 'already-inside':
      return 'This car is already inside';
    case 'needs-confirmation':
      return 'Unsure read: confirm the plate in Alerts';
    case 'held-offline':
      return 'Offline: entry held, let the car in or refuse it in Alerts';
    case 'held-blacklisted':
      return 'Blacklisted plate: entry held, see Alerts';
  }
}
