import type { AlertView, StoredAlert } from '../../../src-shared';
import type { Db } from '../database';

interface AlertRow {
  id: string;
  kind: AlertView['kind'];
  lane_id: string;
  plate: string;
  photo_id: string | null;
  crop_photo_id: string | null;
  confidence: number;
  alternates_json: string;
  at: number;
  resolved_at: number | null;
}

const toAlert = (r: AlertRow): StoredAlert => ({
  id: r.id,
  kind: r.kind,
  laneId: r.lane_id,
  plate: r.plate,
  photoId: r.photo_id,
  cropPhotoId: r.crop_photo_id,
  confidence: r.confidence,
  alternates: JSON.parse(r.alternates_json) as string[],
  at: r.at,
  resolved: r.resolved_at !== null,
});

/** Things a lane could not settle by itself and the cashier must. */
export class AlertRepository {
  constructor(private readonly db: Db) {}

  insert(a: Omit<StoredAlert, 'resolved'>): void {
    this.db
      .prepare(
        `INSERT INTO alerts (id, kind, lane_id, plate, photo_id, crop_photo_id, confidence,
           alternates_json, at)
         VALUES (@id, @kind, @laneId, @plate, @photoId, @cropPhotoId, @confidence, @alternates, @at)`,
      )
      .run({ ...a, alternates: JSON.stringify(a.alternates) });
  }

  get(id: string): StoredAlert | null {
    const row = this.db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as
      AlertRow | undefined;
    return row ? toAlert(row) : null;
  }

  open(): StoredAlert[] {
    return (
      this.db
        .prepare('SELECT * FROM alerts WHERE resolved_at IS NULL ORDER BY at DESC')
        .all() as AlertRow[]
    ).map(toAlert);
  }

  /** False when the alert was already resolved (or never existed): nothing changed. */
  resolve(id: string, resolution: string, at: number): boolean {
    const result = this.db
      .prepare(
        'UPDATE alerts SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL',
      )
      .run(at, resolution, id);
    return result.changes === 1;
  }
}

/** Photo index; the JPEG bytes live as files in the data directory. */
export class PhotoRepository {
  constructor(private readonly db: Db) {}

  insert(p: { id: string; laneId: string | null; takenAt: number; path: string }): void {
    this.db
      .prepare(
        'INSERT INTO photos (id, lane_id, taken_at, path) VALUES (@id, @laneId, @takenAt, @path)',
      )
      .run(p);
  }

  path(id: string): string | null {
    const row = this.db.prepare('SELECT path FROM photos WHERE id = ?').get(id) as
      { path: string } | undefined;
    return row?.path ?? null;
  }
}

/** Operators who sign in at the booth; PINs are stored as scrypt hashes only. */
export class OperatorRepository {
  constructor(private readonly db: Db) {}

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM operators').get() as { n: number }).n;
  }

  upsert(name: string, role: 'cashier' | 'manager', pinHash: string): void {
    this.db
      .prepare(
        `INSERT INTO operators (name, role, pin_hash) VALUES (?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET role = excluded.role, pin_hash = excluded.pin_hash`,
      )
      .run(name, role, pinHash);
  }

  find(name: string): { name: string; role: 'cashier' | 'manager'; pinHash: string } | null {
    const row = this.db
      .prepare(
        'SELECT name, role, pin_hash AS pinHash FROM operators WHERE name = ? COLLATE NOCASE',
      )
      .get(name) as { name: string; role: 'cashier' | 'manager'; pinHash: string } | undefined;
    return row ?? null;
  }
}
