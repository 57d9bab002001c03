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
  detail: string | null;
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
  ...(r.detail === null ? {} : { detail: r.detail }),
});

/** Things a lane could not settle by itself and the cashier must. */
export class AlertRepository {
  constructor(private readonly db: Db) {}

  insert(a: Omit<StoredAlert, 'resolved'>): void {
    this.db
      .prepare(
        `INSERT INTO alerts (id, kind, lane_id, plate, photo_id, crop_photo_id, confidence,
           alternates_json, at, detail)
         VALUES (@id, @kind, @laneId, @plate, @photoId, @cropPhotoId, @confidence, @alternates,
           @at, @detail)`,
      )
      .run({ ...a, alternates: JSON.stringify(a.alternates), detail: a.detail ?? null });
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

export interface OperatorRow {
  name: string;
  role: 'cashier' | 'manager';
  pinHash: string;
  /** A PIN a manager set (new operator, reset): the operator must change it at sign-in. */
  mustChangePin: boolean;
}

const OPERATOR_COLUMNS = 'name, role, pin_hash AS pinHash, must_change_pin AS mustChangePin';
type RawOperator = Omit<OperatorRow, 'mustChangePin'> & { mustChangePin: number };
const toOperator = (r: RawOperator): OperatorRow => ({
  ...r,
  mustChangePin: r.mustChangePin === 1,
});

/** Operators who sign in at the booth; PINs are stored as scrypt hashes only. */
export class OperatorRepository {
  constructor(private readonly db: Db) {}

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM operators').get() as { n: number }).n;
  }

  /** Seeding and hash upgrades: keeps the temporary-PIN mark of an existing row. */
  upsert(name: string, role: 'cashier' | 'manager', pinHash: string): void {
    this.db
      .prepare(
        `INSERT INTO operators (name, role, pin_hash) VALUES (?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET role = excluded.role, pin_hash = excluded.pin_hash`,
      )
      .run(name, role, pinHash);
  }

  /** False when an operator of that name (in any case) exists already. */
  insert(op: OperatorRow): boolean {
    if (this.find(op.name)) return false;
    this.db
      .prepare(
        `INSERT INTO operators (name, role, pin_hash, must_change_pin)
         VALUES (@name, @role, @pinHash, @mustChangePin)`,
      )
      .run({ ...op, mustChangePin: op.mustChangePin ? 1 : 0 });
    return true;
  }

  /** A new PIN for an existing operator (by exact stored name). */
  setPin(name: string, pinHash: string, mustChangePin: boolean): void {
    this.db
      .prepare('UPDATE operators SET pin_hash = ?, must_change_pin = ? WHERE name = ?')
      .run(pinHash, mustChangePin ? 1 : 0, name);
  }

  find(name: string): OperatorRow | null {
    const row = this.db
      .prepare(`SELECT ${OPERATOR_COLUMNS} FROM operators WHERE name = ? COLLATE NOCASE`)
      .get(name) as RawOperator | undefined;
    return row ? toOperator(row) : null;
  }

  list(): OperatorRow[] {
    return (
      this.db
        .prepare(`SELECT ${OPERATOR_COLUMNS} FROM operators ORDER BY name COLLATE NOCASE`)
        .all() as RawOperator[]
    ).map(toOperator);
  }
}
