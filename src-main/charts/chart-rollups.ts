import { localHour } from '../../src-shared/domain/forecast';
import type { JournalEntryView } from '../../src-shared/journal/event-types';
import type { JournalReader } from '../journal/journal';
import { followJournal } from '../journal/journal-follower';
import type { Transact } from '../services/ports';
import { applyEvent } from './apply-event';
import type { LocalSlot, RollupStore } from './rollup-store';

const HOUR_MS = 3_600_000;

/** The consumer's name in rollup_cursors. */
export const CHART_ROLLUPS = 'charts';

/** Events read and applied per transaction: a catch-up over years never holds the writer long. */
const BATCH = 2000;

export interface ChartRollupDeps {
  journal: Pick<JournalReader, 'since'>;
  store: RollupStore;
  transact: Transact;
  /** The site's zone: days, weekdays and hours of the charts are its wall clock's. */
  timeZone: string;
}

/**
 * Keeps the chart rollups current as a journal consumer with a cursor of its own, like sync's
 * push: each batch of events and the cursor after it commit in one transaction.
 *
 * It runs on a short timer (and from start, catching up batch by batch on whatever landed while
 * it was stopped, from seq 0 on a new database), not inside each append: the cashier's transactions
 * stay as short as they were, no service needs to know the charts exist, and a chart a second
 * behind is still right. A chart query catches up first, so what a manager sees includes every
 * event committed before they asked.
 */
export class ChartRollups {
  private readonly slots = new Map<number, LocalSlot>();
  private follower: { stop(): void } | null = null;

  constructor(private readonly d: ChartRollupDeps) {}

  /** Applies every event after the cursor; returns how many it applied. */
  catchUp(): number {
    let applied = 0;
    for (;;) {
      const n = this.applyBatch();
      applied += n;
      if (n < BATCH) return applied;
    }
  }

  /** One transaction: up to BATCH events after the cursor, and the cursor past them. */
  private applyBatch(): number {
    return this.d.transact(() => {
      const events = this.d.journal.since(this.d.store.cursor(CHART_ROLLUPS), BATCH);
      this.applyInTransaction(events);
      return events.length;
    });
  }

  /** Starts again from seq 0: every rollup row is made anew from the journal. */
  rebuild(): number {
    this.d.transact(() => this.d.store.clear(CHART_ROLLUPS));
    return this.catchUp();
  }

  /**
   * Applies events that come after the cursor, and moves it past them; the caller holds the
   * transaction. The bench feeds generated events through here in bulk.
   */
  applyInTransaction(events: readonly JournalEntryView[]): void {
    if (events.length === 0) return;
    const slot = (t: number) => this.slot(t);
    for (const e of events) applyEvent(this.d.store, slot, e);
    this.d.store.setCursor(CHART_ROLLUPS, events[events.length - 1]!.seq);
  }

  /**
   * Applies events that are not in the journal (the demo station's generated year): the cursor
   * does not move, so the journal's own events still all come after. The caller holds the
   * transaction.
   */
  applyOutsideJournal(events: Iterable<JournalEntryView>): void {
    const slot = (t: number) => this.slot(t);
    for (const e of events) applyEvent(this.d.store, slot, e);
  }

  /**
   * Follows the journal: a batch at a time, yielding to the event loop between batches, so a
   * long backlog (a first start on years of journal) never holds up a lane or a payment; then
   * every `intervalMs` once caught up.
   */
  start(intervalMs: number, onError: (error: unknown) => void): void {
    this.follower = followJournal(() => this.applyBatch() === BATCH, intervalMs, onError);
  }

  stop(): void {
    this.follower?.stop();
    this.follower = null;
  }

  /** Where t falls on the site's clock, cached per UTC hour (an hour's events share it). */
  private slot(t: number): LocalSlot {
    const hourStart = Math.floor(t / HOUR_MS) * HOUR_MS;
    let s = this.slots.get(hourStart);
    if (!s) {
      const local = localHour(this.d.timeZone, hourStart);
      s = { hourStart, date: local.date, weekday: local.weekday, hour: local.hour };
      if (this.slots.size > 50_000) this.slots.clear();
      this.slots.set(hourStart, s);
    }
    return s;
  }
}
