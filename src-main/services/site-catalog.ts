import type { Tariff } from '../../src-shared';
import { StationError } from '../../src-shared';
import type { ZoneRecord } from '../db/repositories/site-repository';
import type { LaneRuntime } from './lane-runtime';

/** The site as configured: its tariffs, zones and lanes, looked up by id. */
export class SiteCatalog {
  private readonly tariffs: Map<string, Tariff>;
  private readonly zoneMap: Map<string, ZoneRecord>;

  constructor(
    readonly stationName: string,
    tariffs: Tariff[],
    zones: ZoneRecord[],
    private readonly laneMap: ReadonlyMap<string, LaneRuntime>,
  ) {
    this.tariffs = new Map(tariffs.map((t) => [t.id, t]));
    this.zoneMap = new Map(zones.map((z) => [z.id, z]));
  }

  /** The currency the booth takes: the first tariff's (a site has one currency). */
  get currency(): string {
    return [...this.tariffs.values()][0]?.currency ?? 'EUR';
  }

  lanes(): LaneRuntime[] {
    return [...this.laneMap.values()];
  }

  zones(): ZoneRecord[] {
    return [...this.zoneMap.values()];
  }

  lane(id: string): LaneRuntime {
    const lane = this.laneMap.get(id);
    if (!lane) throw new StationError('NOT_FOUND', `No lane ${id}.`);
    return lane;
  }

  zone(id: string): ZoneRecord {
    const zone = this.zoneMap.get(id);
    if (!zone) throw new StationError('NOT_FOUND', `No zone ${id}.`);
    return zone;
  }

  tariff(id: string): Tariff {
    const tariff = this.tariffs.get(id);
    if (!tariff) throw new StationError('INTERNAL', `Tariff ${id} is not configured.`);
    return tariff;
  }

  /** A tariff the operator sent: it replaces the configured one of the same id from now on. */
  useTariff(t: Tariff): void {
    this.tariffs.set(t.id, t);
  }

  /** The tariff that applies to cars in a lane's zone. */
  tariffForLane(laneId: string): Tariff {
    return this.tariff(this.zone(this.lane(laneId).config.zoneId).tariffId);
  }
}
