import type { SyncRepository } from '../db/repositories/sync-repository';
import type { JournalReader, WireEvent } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Transact } from '../services/ports';
import { failure, SyncError, type TokenSource } from './tokens';
import type { Transport } from './transport';
import { pushResponse, type PushResponse } from './wire';

type EventResult = PushResponse['results'][number];

export interface PushDeps {
  journal: JournalReader;
  sync: SyncRepository;
  transport: Transport;
  tokens: TokenSource;
  transact: Transact;
  clock: Clock;
  batchSize: number;
}

const aggregateKey = (type: string, id: string) => `${type}\u0000${id}`;

/**
 * Pushes the journal to the operator's server in commit order, one batch per step, each event
 * with its id as the idempotency key. The pointer and any holds move only after the server
 * answered, in one transaction, so an answer lost to a timeout, a crash or a reset connection
 * means the same batch, with the same ids, goes again (the server answers `duplicate`).
 *
 * An event the server refuses holds back its aggregate from that event on, with the error for
 * the manager; the other aggregates keep flowing. Nothing is skipped: a held aggregate's events
 * stay pending until a manager retries it (an out-of-order refusal is retried once by itself,
 * from the event the server expects).
 */
export class Pusher {
  private batchSize: number;

  constructor(private readonly d: PushDeps) {
    this.batchSize = d.batchSize;
  }

  /** Sends one batch; true while more is waiting. Throws SyncError when it couldn't. */
  async step(): Promise<boolean> {
    const holds = this.d.sync.holds();
    const retry = holds.find((h) => h.state === 'retry');
    if (retry) {
      await this.resend(retry.aggregateType, retry.aggregateId, retry.fromSeq);
      return true;
    }
    const through = this.d.sync.pushedThrough();
    const rows = this.d.journal.sinceAsJson(through, this.batchSize);
    if (rows.length === 0) return false;
    const held = new Set(holds.map((h) => aggregateKey(h.aggregateType, h.aggregateId)));
    const batch = rows.filter((e) => !held.has(aggregateKey(e.aggregateType, e.aggregateId)));
    const results = batch.length > 0 ? await this.send(batch) : [];
    const retryNext = this.d.transact(() => {
      const retrying = this.holdRefused(batch, results, held);
      this.d.sync.setPushedThrough(rows.at(-1)!.seq);
      return retrying;
    });
    // More waits when the batch was full, or when a refusal is to be retried by itself.
    return rows.length === this.batchSize || retryNext;
  }

  /** A released aggregate's events up to the pointer, in order, until none are left. */
  private async resend(type: string, id: string, fromSeq: number): Promise<void> {
    const through = this.d.sync.pushedThrough();
    const events = this.d.journal.aggregateAsJson(type, id, fromSeq, through, this.batchSize);
    const results = events.length > 0 ? await this.send(events) : [];
    this.d.transact(() => {
      // Refused again: held again, for a manager this time.
      this.holdRefused(events, results, new Set([aggregateKey(type, id)]));
      if (results.some((r) => r.status === 'rejected')) return;
      if (events.length < this.batchSize) this.d.sync.drop(type, id);
      else this.d.sync.advance(type, id, events.at(-1)!.seq + 1);
    });
  }

  /**
   * Holds each aggregate at its first refused event. `alreadyHeld`: aggregates held before this
   * batch (never retried by themselves again). True when a hold is to be retried at once.
   */
  private holdRefused(
    sent: WireEvent[],
    results: EventResult[],
    alreadyHeld: ReadonlySet<string>,
  ): boolean {
    const now = this.d.clock();
    const done = new Set<string>();
    let retry = false;
    results.forEach((r, i) => {
      if (r.status !== 'rejected') return;
      const e = sent[i]!;
      const key = aggregateKey(e.aggregateType, e.aggregateId);
      if (done.has(key)) return;
      done.add(key);
      // The server lacks an earlier event of this aggregate than the one refused: start from
      // the one it expects, and try once more by ourselves.
      const expected = r.error.expectedAggregateSeq;
      const missing =
        r.error.code === 'out-of-order' && expected !== undefined && expected < e.aggregateSeq
          ? this.d.journal.seqOfAggregateEvent(e.aggregateType, e.aggregateId, expected)
          : null;
      const retryNow = missing !== null && !alreadyHeld.has(key);
      retry ||= retryNow;
      this.d.sync.hold({
        aggregateType: e.aggregateType,
        aggregateId: e.aggregateId,
        fromSeq: missing ?? e.seq,
        code: r.error.code,
        error: r.error.message,
        heldAt: now,
        state: retryNow ? 'retry' : 'held',
      });
    });
    return retry;
  }

  /** Posts events until the server answers them; throws SyncError when it doesn't. */
  private async send(events: WireEvent[]): Promise<EventResult[]> {
    const body = `{"events":[${events.map((e) => e.json).join(',')}]}`;
    for (let attempt = 0; ; attempt++) {
      const token = await this.d.tokens.access();
      const outcome = await this.d.transport.post('/v1/events', body, token);
      if (outcome.kind === 'answer' && outcome.status === 200) {
        const parsed = pushResponse.safeParse(outcome.data);
        if (!parsed.success || parsed.data.results.length !== events.length) {
          throw new SyncError("push: the server's answer breaks the contract", 'answered');
        }
        return parsed.data.results;
      }
      if (outcome.kind === 'answer' && outcome.status === 401 && attempt === 0) {
        this.d.tokens.expire();
        continue;
      }
      if (outcome.kind === 'answer' && outcome.status === 413 && this.batchSize > 1) {
        // Too large for the server: smaller batches from now on; the same events go next.
        this.batchSize = Math.max(1, Math.floor(this.batchSize / 2));
      }
      throw failure(outcome, 'push');
    }
  }
}
