import {
  applyToRules,
  emptyRuleState,
  type ExceptionThresholds,
  type RuleState,
} from '../../src-shared/domain/exceptions';
import type { JournalEntryView } from '../../src-shared/journal/event-types';
import type { ExceptionRepository } from '../db/repositories/exception-repository';
import type { JournalReader } from '../journal/journal';
import type { Publisher, Transact } from '../services/ports';
import { followJournal } from '../journal/journal-follower';

/** The consumer's name in rollup_cursors and exception_rule_state. */
export const EXCEPTIONS_CONSUMER = 'exceptions';

/** Events read and judged per transaction. */
const BATCH = 2000;

export interface ExceptionConsumerDeps {
  journal: Pick<JournalReader, 'since'>;
  repo: ExceptionRepository;
  transact: Transact;
  thresholds: ExceptionThresholds;
  /** Told after each batch that changed any exception, once its transaction committed. */
  events: Publisher;
}

/**
 * Raises the managers' exceptions as a journal consumer with a cursor of its own, like the chart
 * rollups: each batch's exceptions, the rules' memory and the cursor commit in one transaction,
 * so a crash replays nothing twice and skips nothing. Acknowledgements are journal events too,
 * applied here in their place in the stream: a rebuild from seq 0 gives the same rows.
 */
export class ExceptionConsumer {
  private follower: { stop(): void } | null = null;

  constructor(private readonly d: ExceptionConsumerDeps) {}

  /** Judges every event after the cursor; returns how many it read. */
  catchUp(): number {
    let read = 0;
    for (;;) {
      const n = this.applyBatch();
      read += n;
      if (n < BATCH) return read;
    }
  }

  /** Starts again from seq 0: every exception is raised anew from the journal. */
  rebuild(): number {
    this.d.transact(() => this.d.repo.clear(EXCEPTIONS_CONSUMER));
    return this.catchUp();
  }

  start(intervalMs: number, onError: (error: unknown) => void): void {
    this.follower = followJournal(() => this.applyBatch() === BATCH, intervalMs, onError);
  }

  stop(): void {
    this.follower?.stop();
    this.follower = null;
  }

  private applyBatch(): number {
    const { read, changed } = this.d.transact(() => this.judgeBatch());
    if (changed > 0) this.d.events.publish('exceptions:changed', { changed });
    return read;
  }

  /** Reads a batch after the cursor; returns how many events it read and exceptions it wrote. */
  private judgeBatch(): { read: number; changed: number } {
    const { repo, thresholds } = this.d;
    const events = this.d.journal.since(repo.cursor(EXCEPTIONS_CONSUMER), BATCH);
    if (events.length === 0) return { read: 0, changed: 0 };
    const state = (repo.state(EXCEPTIONS_CONSUMER) as RuleState | undefined) ?? emptyRuleState();
    let changed = 0;
    for (const e of events) {
      for (const x of applyToRules(state, e, thresholds)) {
        repo.upsert(x);
        changed++;
      }
      if (e.type === 'exception.acknowledged' && acknowledge(repo, e)) changed++;
    }
    repo.setState(EXCEPTIONS_CONSUMER, state);
    repo.setCursor(EXCEPTIONS_CONSUMER, events[events.length - 1]!.seq);
    return { read: events.length, changed };
  }
}

/** False when the acknowledged exception is not there (it never was: the service refuses it). */
function acknowledge(repo: ExceptionRepository, e: JournalEntryView): boolean {
  const { note } = e.payload as { note: string };
  return repo.acknowledge(e.aggregateId, { seq: e.seq, by: e.actor, at: e.at, note });
}
