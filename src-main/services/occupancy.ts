import type { SessionRepository } from '../db/repositories/session-repository';
import type { Publisher } from './ports';
import type { SiteCatalog } from './site-catalog';

/** Tells every screen how full a zone is, after anything that moved a car in or out. */
export class Occupancy {
  constructor(
    private readonly site: SiteCatalog,
    private readonly sessions: Pick<SessionRepository, 'countInLot'>,
    private readonly events: Publisher,
  ) {}

  publish(zoneId: string): void {
    const zone = this.site.zone(zoneId);
    this.events.publish('zone:occupancy', {
      id: zone.id,
      name: zone.name,
      capacity: zone.capacity,
      occupied: this.sessions.countInLot(zone.id),
    });
  }
}
