import type { AlertView, StoredAlert, Tariff } from '../../src-shared';
import type { Repositories } from '../db/repositories';
import type { ZoneRecord } from '../db/repositories/site-repository';
import type { EventHub } from '../ipc/event-hub';
import type { Logger } from '../app/logger';
import { StationError } from '../../src-shared';
import { lostTicketFee } from '../../src-shared/domain/tariff';
import type { LaneRuntime } from './lane-runtime';

/** What every service shares: data, the site layout, the clock and the event hub. */
export class StationContext {
  constructor(
    readonly repos: Repositories,
    readonly events: EventHub,
    readonly log: Logger,
    readonly tariffs: Map<string, Tariff>,
    readonly zones: Map<string, ZoneRecord>,
    readonly lanes: Map<string, LaneRuntime>,
    readonly stationName: string,
    readonly now: () => number = Date.now,
  ) {}

  lane(id: string): LaneRuntime {
    const lane = this.lanes.get(id);
    if (!lane) throw new StationError('NOT_FOUND', `No lane ${id}.`);
    return lane;
  }

  zone(id: string): ZoneRecord {
    const zone = this.zones.get(id);
    if (!zone) throw new StationError('NOT_FOUND', `No zone ${id}.`);
    return zone;
  }

  tariff(id: string): Tariff {
    const tariff = this.tariffs.get(id);
    if (!tariff) throw new StationError('INTERNAL', `Tariff ${id} is not configured.`);
    return tariff;
  }

  /** A stored alert as the cashier sees it, with the lost-ticket fee its lane's zone would charge. */
  alertView(alert: StoredAlert): AlertView {
    if (alert.kind !== 'no-entry-record') return { ...alert, lostTicketFeeMinor: null };
    const zone = this.zone(this.lane(alert.laneId).config.zoneId);
    return { ...alert, lostTicketFeeMinor: lostTicketFee(this.tariff(zone.tariffId)).totalMinor };
  }

  publishOccupancy(zoneId: string): void {
    const zone = this.zone(zoneId);
    this.events.publish('zone:occupancy', {
      id: zone.id,
      name: zone.name,
      capacity: zone.capacity,
      occupied: this.repos.sessions.countInLot(zone.id),
    });
  }

  sessionChanged(sessionId: string, change: string): void {
    this.events.publish('session:changed', { sessionId, change });
  }
}
