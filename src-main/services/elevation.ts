import { AsyncLocalStorage } from 'node:async_hooks';
import type { JournalDraft } from '../../src-shared/journal/event-types';
import type { OperatorView } from '../../src-shared';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Transact } from './ports';

/** One action a manager approved at a cashier's console. */
export interface ElevatedCall {
  manager: OperatorView;
  /** The cashier signed in at that console. */
  attendant: OperatorView;
  channel: string;
}

interface Scope extends ElevatedCall {
  /** Only while the approved call runs: a timer it started must not carry the approval on. */
  open: boolean;
  written: number;
}

/**
 * Puts the cashier's name next to the manager's on everything an approved action journals. The
 * action runs as the manager (its events' actor); each event it appends through writer() is
 * followed, in the same transaction, by an operator.elevated event naming the cashier. An
 * action that wrote nothing (a read) gets one such event of its own afterwards.
 */
export class Elevation {
  private readonly scope = new AsyncLocalStorage<Scope>();

  constructor(private readonly d: { journal: JournalWriter; transact: Transact; clock: Clock }) {}

  async run<T>(call: ElevatedCall, action: () => Promise<T> | T): Promise<T> {
    const scope: Scope = { ...call, open: true, written: 0 };
    try {
      const value = await this.scope.run(scope, action);
      if (scope.written === 0) {
        const at = this.d.clock();
        this.d.transact(() => this.d.journal.append(companion(scope, null), at));
      }
      return value;
    } finally {
      scope.open = false;
    }
  }

  /** The journal as the services behind manager-only channels should write to it. */
  writer(journal: JournalWriter): JournalWriter {
    return {
      append: (draft: JournalDraft, at: number) => {
        const eventId = journal.append(draft, at);
        const scope = this.scope.getStore();
        if (scope?.open && draft.type !== 'operator.elevated') {
          journal.append(companion(scope, eventId), at);
          scope.written++;
        }
        return eventId;
      },
    };
  }
}

function companion(scope: Scope, eventId: string | null): JournalDraft {
  return {
    type: 'operator.elevated',
    aggregateId: scope.manager.name.toLowerCase().slice(0, 64),
    actor: scope.manager.name,
    payload: { attendant: scope.attendant.name, channel: scope.channel, eventId },
  };
}
