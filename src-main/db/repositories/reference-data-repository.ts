import type { Db } from '../database';

export interface ReferenceRecord<T = unknown> {
  kind: string;
  key: string;
  data: T;
  changeSeq: number;
  changedAt: number;
  appliedAt: number;
}

/**
 * What the operator decided, as last pulled (table reference_data): tariffs, price lists,
 * vehicles, members, balances, bookings, e-token keys, permits, plate lists, app payments and
 * message receipts, one record per (kind, key). The booth works from these while offline.
 */
export class ReferenceDataRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      put: db.prepare(`INSERT INTO reference_data
        (kind, key, data_json, change_seq, changed_at, applied_at, plate)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(kind, key) DO UPDATE SET data_json = excluded.data_json,
          change_seq = excluded.change_seq, changed_at = excluded.changed_at,
          applied_at = excluded.applied_at, plate = excluded.plate`),
      remove: db.prepare('DELETE FROM reference_data WHERE kind = ? AND key = ?'),
      get: db.prepare('SELECT * FROM reference_data WHERE kind = ? AND key = ?'),
      byPlate: db.prepare('SELECT * FROM reference_data WHERE plate = ? AND kind = ?'),
      ofKind: db.prepare('SELECT * FROM reference_data WHERE kind = ? ORDER BY key'),
    };
  }

  put(
    kind: string,
    key: string,
    data: unknown,
    change: { seq: number; at: number },
    appliedAt: number,
  ) {
    const plate = (data as { plate?: unknown }).plate;
    this.stmts.put.run(
      kind,
      key,
      JSON.stringify(data),
      change.seq,
      change.at,
      appliedAt,
      typeof plate === 'string' ? plate : null,
    );
  }

  remove(kind: string, key: string): void {
    this.stmts.remove.run(kind, key);
  }

  get<T>(kind: string, key: string): ReferenceRecord<T> | null {
    const r = this.stmts.get.get(kind, key) as Row | undefined;
    return r ? toRecord<T>(r) : null;
  }

  byPlate<T>(kind: string, plate: string): ReferenceRecord<T>[] {
    return (this.stmts.byPlate.all(plate, kind) as Row[]).map((r) => toRecord<T>(r));
  }

  ofKind<T>(kind: string): ReferenceRecord<T>[] {
    return (this.stmts.ofKind.all(kind) as Row[]).map((r) => toRecord<T>(r));
  }
}

interface Row {
  kind: string;
  key: string;
  data_json: string;
  change_seq: number;
  changed_at: number;
  applied_at: number;
}

function toRecord<T>(r: Row): ReferenceRecord<T> {
  return {
    kind: r.kind,
    key: r.key,
    data: JSON.parse(r.data_json) as T,
    changeSeq: r.change_seq,
    changedAt: r.changed_at,
    appliedAt: r.applied_at,
  };
}
