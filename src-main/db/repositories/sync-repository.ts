import type { Db } from '../database';

export interface HoldRecord {
  aggregateType: string;
  aggregateId: string;
  fromSeq: number;
  code: string;
  error: string;
  heldAt: number;
  state: 'held' | 'retry';
}

/** Where sync stands, in the station database (its own tables: sync_state, sync_holds). */
export class SyncRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      get: db.prepare('SELECT value_json FROM sync_state WHERE key = ?').pluck(),
      set: db.prepare(`INSERT INTO sync_state (key, value_json) VALUES (?, ?)
        ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json`),
      holds: db.prepare('SELECT * FROM sync_holds ORDER BY from_seq'),
      hold: db.prepare(`INSERT INTO sync_holds
        (aggregate_type, aggregate_id, from_seq, code, error, held_at, state)
        VALUES (@aggregateType, @aggregateId, @fromSeq, @code, @error, @heldAt, @state)
        ON CONFLICT(aggregate_type, aggregate_id) DO UPDATE SET from_seq = excluded.from_seq,
          code = excluded.code, error = excluded.error, held_at = excluded.held_at,
          state = excluded.state`),
      release: db.prepare(`UPDATE sync_holds SET state = 'retry'
        WHERE aggregate_type = ? AND aggregate_id = ?`),
      advance: db.prepare(`UPDATE sync_holds SET from_seq = ?
        WHERE aggregate_type = ? AND aggregate_id = ?`),
      drop: db.prepare('DELETE FROM sync_holds WHERE aggregate_type = ? AND aggregate_id = ?'),
    };
  }

  private value<T>(key: string, fallback: T): T {
    const v = this.stmts.get.get(key) as string | undefined;
    return v === undefined ? fallback : (JSON.parse(v) as T);
  }

  private setValue(key: string, value: unknown): void {
    this.stmts.set.run(key, JSON.stringify(value));
  }

  /** Every event up to this seq is held by the server, or belongs to a held aggregate. */
  pushedThrough(): number {
    return this.value('push.through', 0);
  }

  setPushedThrough(seq: number): void {
    this.setValue('push.through', seq);
  }

  /** The pull feed's cursor and the last change seq applied from it. */
  pullState(): { cursor: string | null; lastChangeSeq: number } {
    return this.value('pull.state', { cursor: null, lastChangeSeq: 0 });
  }

  setPullState(cursor: string, lastChangeSeq: number): void {
    this.setValue('pull.state', { cursor, lastChangeSeq });
  }

  /** When things last went right: kept across restarts for the status screen. */
  marks(): { contactAt: number | null; pushAt: number | null; pullAt: number | null } {
    return this.value('marks', { contactAt: null, pushAt: null, pullAt: null });
  }

  setMarks(marks: { contactAt: number | null; pushAt: number | null; pullAt: number | null }) {
    this.setValue('marks', marks);
  }

  holds(): HoldRecord[] {
    return (this.stmts.holds.all() as Record<string, unknown>[]).map((r) => ({
      aggregateType: r.aggregate_type as string,
      aggregateId: r.aggregate_id as string,
      fromSeq: r.from_seq as number,
      code: r.code as string,
      error: r.error as string,
      heldAt: r.held_at as number,
      state: r.state as HoldRecord['state'],
    }));
  }

  hold(h: HoldRecord): void {
    this.stmts.hold.run(h);
  }

  /** A manager asked to send the aggregate again; false when it was not held. */
  release(aggregateType: string, aggregateId: string): boolean {
    return this.stmts.release.run(aggregateType, aggregateId).changes > 0;
  }

  /** Part of a retried aggregate went through: the rest starts at `fromSeq`. */
  advance(aggregateType: string, aggregateId: string, fromSeq: number): void {
    this.stmts.advance.run(fromSeq, aggregateType, aggregateId);
  }

  drop(aggregateType: string, aggregateId: string): void {
    this.stmts.drop.run(aggregateType, aggregateId);
  }
}
