import type { OperatorView } from '../../src-shared';
import { refused } from '../../src-shared';
import type { ExceptionQuery, ExceptionView } from '../../src-shared/contract/exceptions';
import type { ExceptionRepository } from '../db/repositories/exception-repository';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Transact } from '../services/ports';
import type { ExceptionConsumer } from './exception-consumer';

export interface ExceptionServiceDeps {
  consumer: Pick<ExceptionConsumer, 'catchUp'>;
  repo: Pick<ExceptionRepository, 'get' | 'list'>;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
}

/**
 * The managers' exceptions screen: reads what the consumer raised (after it caught up, so every
 * event committed before the call is judged) and journals acknowledgements. The consumer is
 * the only writer of the rows: an acknowledgement is an event it applies in its place.
 */
export class ExceptionService {
  constructor(private readonly d: ExceptionServiceDeps) {}

  list(q: ExceptionQuery): ExceptionView[] {
    this.d.consumer.catchUp();
    return this.d.repo.list(q.openOnly, q.limit);
  }

  acknowledge(id: string, note: string, operator: OperatorView): ExceptionView {
    this.d.consumer.catchUp();
    if (!this.d.repo.get(id)) throw refused('NOT_FOUND', 'refusal.noSuchException');
    this.d.transact(() =>
      this.d.journal.append(
        {
          type: 'exception.acknowledged',
          aggregateId: id,
          actor: operator.name,
          payload: { note: note.trim() },
        },
        this.d.clock(),
      ),
    );
    this.d.consumer.catchUp();
    return this.d.repo.get(id)!;
  }
}
