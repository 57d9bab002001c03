import type { components } from '../../api/openapi-types';
import type { ParkingSession, Tariff } from '../../src-shared';
import { normalizePlate, quoteSession } from '../../src-shared';
import type { MessageRepository } from '../db/repositories/message-repository';
import type { ReferenceDataRepository } from '../db/repositories/reference-data-repository';
import type { SessionRepository } from '../db/repositories/session-repository';
import type { JournalWriter } from '../journal/journal';
import { uuidv7 } from '../journal/uuid7';
import type { Clock } from '../platform/clock';
import type { Transact } from '../services/ports';
import type { ChangeData } from './wire';

type S = components['schemas'];
/** A request body as POST /v1/messages takes it (the generated OpenAPI types). */
type SessionMessage = S['SessionExpiryMessage'] | S['OverstayMessage'] | S['ExitWindowReminder'];
type MessageBody = SessionMessage | S['BookingReminder'] | S['BookingExpiryNotice'];

const MINUTE = 60_000;
/** The document's Plate: what the operator's API accepts. */
const API_PLATE = /^[A-Z0-9]{2,10}$/;

export interface MessageSchedulerDeps {
  sessions: Pick<SessionRepository, 'inLotExitByUntil'>;
  referenceData: Pick<ReferenceDataRepository, 'get'>;
  messages: Pick<MessageRepository, 'add'>;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  /** The tariff a session is billed under (as the booth uses it), for the overstay's amount. */
  tariff(id: string): Tariff | null;
  /** Remind this many minutes before the exit-by time (default 10). */
  reminderMinutes?: number;
  /** Tell of an overstay once the car is this many minutes past its exit-by time (default 30). */
  overstayMinutes?: number;
  /** Bookings still expected: each gets a reminder before its start. */
  bookings?: {
    startingBetween(
      from: number,
      to: number,
    ): { id: string; plate: string; startsAt: number; status: string }[];
    missedSince(since: number): { id: string; plate: string; closedAt: number | null }[];
  };
  /** Remind of a booking this many minutes before its start (default 60). */
  bookingReminderMinutes?: number;
  /** Tell of a booking that lapsed (a no-show) within this many minutes of it (default 360). */
  bookingNoticeMinutes?: number;
}

/**
 * Decides which SMS the operator should send, and queues each request once (table
 * sync_messages, then MessageSender). Only cars registered with the operator (a pulled
 * `vehicle`) whose member agreed to SMS (`smsOptIn`) are texted. For a car in the lot whose paid
 * time ends at exitBy (a payment, a manager's override, or a re-entry continuing such a stay):
 *
 * - `exit-window-reminder` in the last `reminderMinutes` before exitBy;
 * - `session-expiry` from exitBy until `overstayMinutes` past it;
 * - `overstay` after that, with what the session owes by then (quoteSession, the fee rules).
 *
 * The windows don't overlap: a round that comes late (the sync runs this only after a
 * successful push and pull, so not while offline) asks only for the message that still makes
 * sense, never a reminder for a time already passed. Each (kind, session) is asked for at most
 * once (the table's unique key), even when a later payment moves exitBy; each request is
 * journaled as `message.requested` in the same transaction as its row. A booking still expected
 * gets a `booking-reminder` in the `bookingReminderMinutes` before its start, once; one whose
 * customer never came, a `booking-expired` notice soon after it lapsed, once.
 */
export class MessageScheduler {
  private readonly reminderMs: number;
  private readonly overstayMs: number;
  private readonly bookingReminderMs: number;
  private readonly bookingNoticeMs: number;
  /** (kind, session) already queued or found queued: skipped without a transaction. */
  private done = new Set<string>();

  constructor(private readonly d: MessageSchedulerDeps) {
    this.reminderMs = (d.reminderMinutes ?? 10) * MINUTE;
    this.overstayMs = (d.overstayMinutes ?? 30) * MINUTE;
    this.bookingReminderMs = (d.bookingReminderMinutes ?? 60) * MINUTE;
    this.bookingNoticeMs = (d.bookingNoticeMinutes ?? 360) * MINUTE;
  }

  /** Queues what is due now; answers how many requests it queued. */
  run(): number {
    const now = this.d.clock();
    let queued = 0;
    const seen = new Set<string>();
    for (const session of this.d.sessions.inLotExitByUntil(now + this.reminderMs)) {
      const kind = this.kindAt(session.exitBy!, now);
      const key = `${kind}:${session.id}`;
      seen.add(key);
      if (this.done.has(key)) continue;
      const outcome = this.forSession(session, kind, now);
      if (outcome === 'queued') queued++;
      // A car not (yet) registered or opted in is looked at again next round: the pull may
      // bring its vehicle or its member's consent meanwhile.
      if (outcome !== 'skipped') this.done.add(key);
    }
    queued += this.bookingReminders(now, seen);
    queued += this.bookingNotices(now, seen);
    // Only what is still in its window is remembered, so the memo stays as small as the lot.
    for (const key of this.done) if (!seen.has(key)) this.done.delete(key);
    return queued;
  }

  /**
   * A booking still expected that starts within `bookingReminderMinutes`: its customer (a
   * registered vehicle whose member opted in) is reminded once, never after the start.
   */
  private bookingReminders(now: number, seen: Set<string>): number {
    let queued = 0;
    for (const b of this.d.bookings?.startingBetween(now, now + this.bookingReminderMs) ?? []) {
      if (b.status !== 'booked') continue;
      const key = `booking-reminder:${b.id}`;
      seen.add(key);
      if (this.done.has(key)) continue;
      const plate = this.recipient(b.plate);
      if (!plate) continue;
      const body: S['BookingReminder'] = {
        id: uuidv7(now),
        kind: 'booking-reminder',
        plate,
        bookingId: b.id,
        startsAt: b.startsAt,
      };
      if (this.request(b.id, body, now)) queued++;
      this.done.add(key);
    }
    return queued;
  }

  /**
   * A booking that lapsed without its customer (a no-show) in the last `bookingNoticeMinutes`:
   * the customer is told once that the slot went to others. Later than that, nothing is sent.
   */
  private bookingNotices(now: number, seen: Set<string>): number {
    let queued = 0;
    for (const b of this.d.bookings?.missedSince(now - this.bookingNoticeMs) ?? []) {
      const key = `booking-expired:${b.id}`;
      seen.add(key);
      if (this.done.has(key) || b.closedAt === null) continue;
      const plate = this.recipient(b.plate);
      if (!plate) continue;
      const body: S['BookingExpiryNotice'] = {
        id: uuidv7(now),
        kind: 'booking-expired',
        plate,
        bookingId: b.id,
        closedAt: b.closedAt,
      };
      if (this.request(b.id, body, now)) queued++;
      this.done.add(key);
    }
    return queued;
  }

  private kindAt(exitBy: number, now: number): SessionMessage['kind'] {
    if (now < exitBy) return 'exit-window-reminder';
    return now - exitBy > this.overstayMs ? 'overstay' : 'session-expiry';
  }

  private forSession(
    session: ParkingSession,
    kind: SessionMessage['kind'],
    now: number,
  ): 'queued' | 'repeat' | 'skipped' {
    const exitBy = session.exitBy!;
    const plate = this.recipient(session.plate);
    if (!plate) return 'skipped';
    const head = { id: uuidv7(now), plate, sessionId: session.id };
    let body: SessionMessage;
    if (kind === 'exit-window-reminder') body = { ...head, kind, exitBy };
    else if (kind === 'session-expiry') body = { ...head, kind, expiresAt: exitBy };
    else {
      const tariff = this.d.tariff(session.tariffId);
      if (!tariff) return 'skipped';
      // What the car owes now, by the same rules the booth charges it (never a second copy).
      const quote = quoteSession(session, tariff, now);
      body = {
        ...head,
        kind,
        overstaySince: exitBy,
        dueMinor: quote.dueMinor,
        currency: quote.currency,
      };
    }
    return this.request(session.id, body, now) ? 'queued' : 'repeat';
  }

  /**
   * The plate as the operator's API takes it, when a registered vehicle with that plate belongs
   * to a member who agreed to SMS; null otherwise (no request is made).
   */
  private recipient(raw: string): string | null {
    const checked = normalizePlate(raw);
    if (!checked.ok || !API_PLATE.test(checked.plate)) return null;
    const vehicle = this.d.referenceData.get<ChangeData['vehicle']>('vehicle', checked.plate);
    const memberId = vehicle?.data.memberId;
    if (!memberId) return null;
    const member = this.d.referenceData.get<ChangeData['member']>('member', memberId);
    return member?.data.smsOptIn === true ? checked.plate : null;
  }

  /** Queues the request and journals it together; false when one was already asked for. */
  private request(subjectId: string, body: MessageBody, now: number): boolean {
    return this.d.transact(() => {
      const added = this.d.messages.add({
        id: body.id,
        kind: body.kind,
        plate: body.plate,
        subjectId,
        body,
        at: now,
      });
      if (added) {
        this.d.journal.append(
          {
            type: 'message.requested',
            aggregateId: body.id,
            actor: 'station',
            payload: { kind: body.kind, plate: body.plate, subjectId },
          },
          now,
        );
      }
      return added;
    });
  }
}
