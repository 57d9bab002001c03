import type { JournalDraft } from '../../src-shared/journal/event-types';
import type { LotEntry, OperatorView, ParkingSession } from '../../src-shared';
import {
  exitByAfterPayment,
  isInLot,
  normalizePlate,
  quoteSession,
  refused,
  refusedAs,
} from '../../src-shared';
import type { SessionRepository } from '../db/repositories/session-repository';
import type { JournalWriter } from '../journal/journal';
import type { Occupancy } from './occupancy';
import type { Clock } from '../platform/clock';
import type { Publisher, Transact } from './ports';
import type { SiteCatalog } from './site-catalog';

export interface LotServiceDeps {
  sessions: SessionRepository;
  journal: JournalWriter;
  transact: Transact;
  site: SiteCatalog;
  occupancy: Occupancy;
  events: Publisher;
  clock: Clock;
}

/** The manager's view of the lot and the overrides on it; every override is journaled with a reason. */
export class LotService {
  constructor(private readonly d: LotServiceDeps) {}

  list(): LotEntry[] {
    const now = this.d.clock();
    const out: LotEntry[] = [];
    for (const zone of this.d.site.zones()) {
      for (const session of this.d.sessions.listInLot(zone.id)) {
        const quote = quoteSession(session, this.d.site.tariff(session.tariffId), now);
        out.push({ session, feeSoFarMinor: quote.feeTotalMinor, dueMinor: quote.dueMinor });
      }
    }
    return out.sort((a, b) => b.session.entryAt - a.session.entryAt);
  }

  correctPlate(
    sessionId: string,
    rawPlate: string,
    reason: string,
    actor: OperatorView,
  ): ParkingSession {
    const checked = normalizePlate(rawPlate);
    if (!checked.ok) {
      throw refusedAs('INVALID_PAYLOAD', checked.text).at('plate');
    }
    const session = this.inLot(sessionId);
    const updated = { ...session, plate: checked.plate };
    this.override(updated, {
      type: 'session.plateCorrected',
      aggregateId: session.id,
      actor: actor.name,
      payload: { from: session.plate, to: checked.plate, reason },
    });
    return updated;
  }

  markPaid(sessionId: string, reason: string, actor: OperatorView): ParkingSession {
    const session = this.inLot(sessionId);
    const tariff = this.d.site.tariff(session.tariffId);
    const now = this.d.clock();
    const waived = quoteSession(session, tariff, now).dueMinor;
    const updated: ParkingSession = {
      ...session,
      state: 'paid',
      exitBy: exitByAfterPayment(tariff, now),
    };
    this.override(updated, {
      type: 'session.markedPaid',
      aggregateId: session.id,
      actor: actor.name,
      payload: { waivedMinor: waived, reason },
    });
    return updated;
  }

  /** Removes a paid car that is no longer there (e.g. it left while the exit camera was down). */
  deleteRecord(sessionId: string, reason: string, actor: OperatorView): ParkingSession {
    const session = this.inLot(sessionId);
    if (session.state !== 'paid') {
      throw refused('CONFLICT', 'refusal.deletePaidOnly');
    }
    const updated: ParkingSession = { ...session, state: 'deleted', exitAt: this.d.clock() };
    this.override(updated, {
      type: 'session.deleted',
      aggregateId: session.id,
      actor: actor.name,
      payload: { reason },
    });
    this.d.occupancy.publish(session.zoneId);
    return updated;
  }

  private inLot(sessionId: string): ParkingSession {
    const session = this.d.sessions.get(sessionId);
    if (!session || !isInLot(session)) {
      throw refused('NOT_FOUND', 'refusal.noSuchCar');
    }
    return session;
  }

  /** The change and its journal entry commit together, or neither does. */
  private override(updated: ParkingSession, event: JournalDraft): void {
    const at = this.d.clock();
    this.d.transact(() => {
      this.d.sessions.update(updated);
      this.d.journal.append(event, at);
    });
    this.d.events.publish('session:changed', { sessionId: updated.id, change: event.type });
  }
}
