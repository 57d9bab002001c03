import type { JournalEntryView } from '../../../src-shared/journal/event-types';

/** Journal events as the journal hands them out to a consumer: seqs 1, 2, 3 … in append order. */
export function journalStream() {
  const events: JournalEntryView[] = [];
  /** Appends one event at `at`; returns its seq. */
  const append = (
    type: string,
    aggregateId: string,
    payload: object,
    at: number,
    actor: string,
  ): number => {
    const seq = events.length + 1;
    events.push({
      seq,
      id: `e${seq}`,
      stationId: 'st',
      aggregateType: type.split('.')[0]!,
      aggregateId,
      aggregateSeq: 1,
      type,
      version: 1,
      payload,
      actor,
      at,
    });
    return seq;
  };
  return { events, append };
}
