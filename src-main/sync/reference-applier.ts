import type { Tariff } from '../../src-shared';
import type { MessageRepository } from '../db/repositories/message-repository';
import type { ReferenceDataRepository } from '../db/repositories/reference-data-repository';
import type { JournalWriter } from '../journal/journal';
import type { OperatorBooking } from '../services/booking-intake';
import type { ChangeApplier } from './pull';
import type { Change, ChangeData } from './wire';

export interface ReferenceApplierDeps {
  referenceData: ReferenceDataRepository;
  messages: MessageRepository;
  journal: JournalWriter;
  /** The site's tariffs in use: a pulled tariff replaces the configured one of the same id. */
  useTariff(t: Tariff): void;
  /** Bookings made in the operator's app join the booth's schedule (in the pull's transaction). */
  bookings?: OperatorBookings;
  /** Members and their vehicles join the loyalty lookups (in the pull's transaction). */
  members?: OperatorMembers;
}

/** Where pulled bookings go (services/booking-intake.ts). */
export interface OperatorBookings {
  fromOperator(data: OperatorBooking, at: number): void;
  removedByOperator(id: string, at: number): void;
  /** After the page committed: the schedule is told. */
  committed(): void;
}

/** Where pulled members and vehicles go (services/loyalty-members.ts). */
export interface OperatorMembers {
  member(data: ChangeData['member'], at: number): void;
  memberRemoved(id: string): void;
  vehicle(data: ChangeData['vehicle']): void;
  vehicleRemoved(plate: string): void;
}

/**
 * Applies pulled changes: each record is stored whole under (kind, key), and what changes the
 * booth is journaled in the same transaction (a tariff, a payment made in the operator's app,
 * and one summary per page). Message receipts update the message they answer.
 */
export class ReferenceApplier implements ChangeApplier {
  constructor(private readonly d: ReferenceApplierDeps) {}

  apply(changes: Change[], at: number): void {
    const counts: Record<string, number> = {};
    for (const c of changes) {
      counts[`${c.kind}.${c.op}`] = (counts[`${c.kind}.${c.op}`] ?? 0) + 1;
      if (c.op === 'delete') {
        this.d.referenceData.remove(c.kind, c.key);
        if (c.kind === 'booking') this.d.bookings?.removedByOperator(c.key, at);
        else if (c.kind === 'member') this.d.members?.memberRemoved(c.key);
        else if (c.kind === 'vehicle') this.d.members?.vehicleRemoved(c.key);
        continue;
      }
      this.d.referenceData.put(c.kind, c.key, c.data, { seq: c.seq, at: c.changedAt }, at);
      if (c.kind === 'tariff') {
        this.d.journal.append(
          {
            type: 'tariff.changed',
            aggregateId: c.data.id,
            actor: 'operator',
            payload: { rules: c.data as unknown as Record<string, unknown> },
          },
          at,
        );
      } else if (c.kind === 'appPayment') {
        const { id, plate, purpose, amountMinor, currency, paidAt, validUntil, reference } = c.data;
        this.d.journal.append(
          {
            type: 'appPayment.received',
            aggregateId: id,
            actor: 'operator',
            payload: { plate, purpose, amountMinor, currency, paidAt, validUntil, reference },
          },
          at,
        );
      } else if (c.kind === 'booking') {
        this.d.bookings?.fromOperator(c.data, at);
      } else if (c.kind === 'member') {
        this.d.members?.member(c.data, at);
      } else if (c.kind === 'vehicle') {
        this.d.members?.vehicle(c.data);
      } else if (c.kind === 'messageStatus') {
        this.d.messages.setStatus(c.data.messageId, c.data.status, c.data.detail, c.data.at);
      }
    }
    this.d.journal.append(
      {
        type: 'sync.pulled',
        aggregateId: 'pull',
        actor: 'operator',
        payload: { fromChangeSeq: changes[0]!.seq, toChangeSeq: changes.at(-1)!.seq, counts },
      },
      at,
    );
  }

  /** After the page committed: the booth starts using what it brought. */
  committed(changes: Change[]): void {
    for (const c of changes) {
      if (c.op === 'put' && c.kind === 'tariff') this.d.useTariff(c.data);
    }
    this.d.bookings?.committed();
  }
}
