import type { OfflinePolicy, SyncStatusView } from '../../src-shared';
import type { MessageRepository } from '../db/repositories/message-repository';
import type { SyncRepository } from '../db/repositories/sync-repository';
import type { JournalReader, JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Publisher, Transact } from '../services/ports';
import type { MessageSender } from './messages';
import type { Puller } from './pull';
import type { Pusher } from './push';
import { SyncError } from './tokens';

export interface SyncServiceDeps {
  pusher: Pusher;
  puller: Puller;
  sender: MessageSender;
  journal: JournalReader;
  journalWriter: JournalWriter;
  sync: SyncRepository;
  messages: MessageRepository;
  transact: Transact;
  clock: Clock;
  events: Publisher;
  log: Logger;
  serverUrl: string;
  offlinePolicy: OfflinePolicy;
  intervalMs: number;
  maxBackoffMs: number;
  /** Seeded in tests that count retries; Math.random otherwise. */
  random?: () => number;
  /** Called before each message step: creates due message requests (the scheduler). */
  beforeMessages?: () => void;
}

/** Where sync stands for the lanes: the offline policy applies while this says offline. */
export interface Connectivity {
  offline(): boolean;
  policy(): OfflinePolicy;
}

const BACKOFF_FIRST_MS = 500;

/**
 * Runs sync rounds: push the journal until drained, pull until the feed is exhausted, hand
 * over message requests. Rounds run one at a time, on an interval while all is well and with
 * exponential backoff and jitter after failures (a Retry-After from the server is honoured
 * instead). Every state change is published as `sync:status`.
 */
export class SyncService implements Connectivity {
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private failures = 0;
  private retryAfterMs: number | null = null;
  private lastError: string | null = null;
  /** No answer at the last attempt (or none yet since start): offline until the server answers. */
  private unreachable = true;
  private marks;
  private lastPublished = '';

  constructor(private readonly d: SyncServiceDeps) {
    this.marks = d.sync.marks();
  }

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.chain;
  }

  offline(): boolean {
    return this.unreachable;
  }

  policy(): OfflinePolicy {
    return this.d.offlinePolicy;
  }

  /** One round now (after the one under way, if any); answers the status after it. */
  async now(): Promise<SyncStatusView> {
    await this.enqueue();
    return this.status();
  }

  /** A manager sends a held aggregate's events again. */
  async retryHeld(
    aggregateType: string,
    aggregateId: string,
    actor: string,
  ): Promise<SyncStatusView> {
    const hold = this.d.sync
      .holds()
      .find((h) => h.aggregateType === aggregateType && h.aggregateId === aggregateId);
    if (hold) {
      this.d.transact(() => {
        this.d.sync.release(aggregateType, aggregateId);
        this.d.journalWriter.append(
          {
            type: 'sync.retried',
            aggregateId: `${aggregateType}:${aggregateId}`.slice(0, 64),
            actor,
            payload: { aggregateType, aggregateId, fromSeq: hold.fromSeq },
          },
          this.d.clock(),
        );
      });
    }
    return this.now();
  }

  status(): SyncStatusView {
    const through = this.d.sync.pushedThrough();
    const after = this.d.journal.countAfter(through);
    let pending = after.count;
    let oldest = after.oldestAt;
    const held = this.d.sync.holds().map((h) => {
      const c = this.d.journal.countAggregate(h.aggregateType, h.aggregateId, h.fromSeq, through);
      pending += c.count;
      if (c.oldestAt !== null && (oldest === null || c.oldestAt < oldest)) oldest = c.oldestAt;
      return {
        aggregateType: h.aggregateType,
        aggregateId: h.aggregateId,
        fromSeq: h.fromSeq,
        events: c.count,
        code: h.code,
        error: h.error,
        heldAt: h.heldAt,
      };
    });
    return {
      state: this.unreachable ? 'offline' : 'online',
      serverUrl: this.d.serverUrl,
      lastContactAt: this.marks.contactAt,
      lastPushAt: this.marks.pushAt,
      lastPullAt: this.marks.pullAt,
      pendingEvents: pending,
      oldestPendingAt: oldest,
      pendingMessages: this.d.messages.pendingCount(),
      held,
      lastError: this.lastError,
      referenceDataAt: this.marks.pullAt,
      offlinePolicy: this.d.offlinePolicy,
    };
  }

  private enqueue(): Promise<void> {
    const run = this.chain.then(() => this.round());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.enqueue().finally(() => this.schedule(this.nextDelay()));
    }, ms);
  }

  private nextDelay(): number {
    if (this.failures === 0) return this.d.intervalMs;
    if (this.retryAfterMs !== null) return this.retryAfterMs;
    const ceiling = Math.min(this.d.maxBackoffMs, BACKOFF_FIRST_MS * 2 ** (this.failures - 1));
    // Full jitter on the upper half: many stations coming back together don't retry in step.
    return ceiling * (0.5 + 0.5 * (this.d.random ?? Math.random)());
  }

  /** Push everything, pull everything, send messages; records how it went. */
  private async round(): Promise<void> {
    if (this.stopped) return;
    try {
      while (await this.d.pusher.step()) {
        this.contact({ push: false });
        if (this.stopped) return;
      }
      this.contact({ push: true });
      while (await this.d.puller.step()) {
        this.contact({ pull: false });
        if (this.stopped) return;
      }
      this.contact({ pull: true });
      this.d.beforeMessages?.();
      while (await this.d.sender.step()) if (this.stopped) return;
      this.failures = 0;
      this.retryAfterMs = null;
      this.lastError = null;
    } catch (err) {
      this.failures++;
      if (err instanceof SyncError) {
        // Only an answer from the server says it is there; no answer says it is not; a local
        // failure (no device secret) says nothing either way.
        if (err.source === 'offline') this.unreachable = true;
        if (err.source === 'answered') this.contact({});
        this.retryAfterMs = err.retryAfterMs;
        this.lastError = err.message;
      } else {
        this.retryAfterMs = null;
        this.lastError = `sync failed: ${(err as Error).message}`;
        this.d.log.error('sync round failed', { error: String(err) });
      }
    } finally {
      this.publish();
    }
  }

  /** The server answered; push or pull marks a completed drain. */
  private contact(done: { push?: boolean; pull?: boolean }): void {
    const now = this.d.clock();
    this.unreachable = false;
    this.marks = {
      contactAt: now,
      pushAt: done.push ? now : this.marks.pushAt,
      pullAt: done.pull ? now : this.marks.pullAt,
    };
    if (done.push || done.pull) this.d.sync.setMarks(this.marks);
  }

  private publish(): void {
    const s = this.status();
    const key = JSON.stringify({
      ...s,
      lastContactAt: 0,
      lastPushAt: 0,
      lastPullAt: 0,
      referenceDataAt: 0,
    });
    if (key === this.lastPublished) return;
    this.lastPublished = key;
    this.d.events.publish('sync:status', s);
  }
}

/** The status of a booth with no server configured. */
export function syncOffStatus(policy: OfflinePolicy): SyncStatusView {
  return {
    state: 'off',
    serverUrl: null,
    lastContactAt: null,
    lastPushAt: null,
    lastPullAt: null,
    pendingEvents: 0,
    oldestPendingAt: null,
    pendingMessages: 0,
    held: [],
    lastError: null,
    referenceDataAt: null,
    offlinePolicy: policy,
  };
}
