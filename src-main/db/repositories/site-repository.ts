import type { LaneDirection, Tariff, ZoneView } from '../../../src-shared';
import { tariffSchema } from '../../../src-shared';
import type { Db } from '../database';

export interface ZoneRecord {
  id: string;
  name: string;
  capacity: number;
  tariffId: string;
}

export interface LaneRecord {
  id: string;
  name: string;
  direction: LaneDirection;
  zoneId: string;
  camera: { kind: string; uri: string };
  gateDevice: string;
}

/** The site layout: tariffs, zones and lanes. Written from configuration at start-up. */
export class SiteRepository {
  constructor(private readonly db: Db) {}

  /** Stores a tariff's rules; true when they differ from what was stored (a tariff change). */
  upsertTariff(t: Tariff, at: number): boolean {
    const rules = JSON.stringify(t);
    const stored = this.db.prepare('SELECT rules_json FROM tariffs WHERE id = ?').get(t.id) as
      { rules_json: string } | undefined;
    if (stored?.rules_json === rules) return false;
    this.db
      .prepare(
        `INSERT INTO tariffs (id, rules_json, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET rules_json = excluded.rules_json, updated_at = excluded.updated_at`,
      )
      .run(t.id, rules, at);
    return true;
  }

  tariffs(): Tariff[] {
    const rows = this.db.prepare('SELECT rules_json FROM tariffs').all() as {
      rules_json: string;
    }[];
    return rows.map((r) => tariffSchema.parse(JSON.parse(r.rules_json)));
  }

  upsertZone(z: ZoneRecord): void {
    this.db
      .prepare(
        `INSERT INTO zones (id, name, capacity, tariff_id) VALUES (@id, @name, @capacity, @tariffId)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, capacity = excluded.capacity,
         tariff_id = excluded.tariff_id`,
      )
      .run(z);
  }

  zones(): ZoneRecord[] {
    return this.db
      .prepare('SELECT id, name, capacity, tariff_id AS tariffId FROM zones ORDER BY id')
      .all() as ZoneRecord[];
  }

  upsertLane(l: LaneRecord): void {
    this.db
      .prepare(
        `INSERT INTO lanes (id, name, direction, zone_id, camera_kind, camera_uri, gate_device)
         VALUES (@id, @name, @direction, @zoneId, @kind, @uri, @gateDevice)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, direction = excluded.direction,
         zone_id = excluded.zone_id, camera_kind = excluded.camera_kind,
         camera_uri = excluded.camera_uri, gate_device = excluded.gate_device`,
      )
      .run({ ...l, ...l.camera });
  }

  zoneViews(countInLot: (zoneId: string) => number): ZoneView[] {
    return this.zones().map((z) => ({
      id: z.id,
      name: z.name,
      capacity: z.capacity,
      occupied: countInLot(z.id),
    }));
  }
}
