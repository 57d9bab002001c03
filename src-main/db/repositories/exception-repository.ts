import type { StationException } from '../../../src-shared/domain/exceptions';
import type { Db } from '../database';

/** An exception as stored, with its acknowledgement once a manager gave one. */
export interface StoredException extends StationException {
  acknowledgement: { seq: number; by: string; at: number; note: string } | null;
}

interface Row {
  id: string;
  kind: StationException['kind'];
  at: number;
  subject: string;
  detail_json: string;
  seqs_json: string;
  photo_ids_json: string;
  ack_seq: number | null;
  ack_by: string | null;
  ack_at: number | null;
  ack_note: string | null;
}

const fromRow = (r: Row): StoredException => ({
  id: r.id,
  kind: r.kind,
  at: r.at,
  subject: r.subject,
  detail: JSON.parse(r.detail_json) as StationException['detail'],
  seqs: JSON.parse(r.seqs_json) as number[],
  photoIds: JSON.parse(r.photo_ids_json) as string[],
  acknowledgement:
    r.ack_seq === null
      ? null
      : { seq: r.ack_seq, by: r.ack_by ?? '', at: r.ack_at ?? 0, note: r.ack_note ?? '' },
});

/**
 * The exceptions and their consumer's memory (schema v21), written only by the exceptions
 * consumer: rows, rule state and cursor move together in its transaction.
 */
export class ExceptionRepository {
  private readonly s;

  constructor(db: Db) {
    this.s = {
      // A grown exception (one more lost ticket) keeps its acknowledgement.
      upsert: db.prepare(`INSERT INTO station_exceptions
        (id, kind, at, subject, detail_json, seqs_json, photo_ids_json)
        VALUES (@id, @kind, @at, @subject, @detail, @seqs, @photoIds)
        ON CONFLICT DO UPDATE SET at = excluded.at, detail_json = excluded.detail_json,
          seqs_json = excluded.seqs_json, photo_ids_json = excluded.photo_ids_json`),
      acknowledge: db.prepare(`UPDATE station_exceptions
        SET ack_seq = ?, ack_by = ?, ack_at = ?, ack_note = ? WHERE id = ?`),
      get: db.prepare('SELECT * FROM station_exceptions WHERE id = ?'),
      list: db.prepare(`SELECT * FROM station_exceptions
        WHERE (@open = 0 OR ack_seq IS NULL) ORDER BY at DESC, id LIMIT @limit`),
      all: db.prepare('SELECT * FROM station_exceptions ORDER BY id'),
      state: db.prepare('SELECT state_json FROM exception_rule_state WHERE consumer = ?').pluck(),
      setState: db.prepare(`INSERT INTO exception_rule_state (consumer, state_json) VALUES (?, ?)
        ON CONFLICT DO UPDATE SET state_json = excluded.state_json`),
      cursor: db.prepare('SELECT seq FROM rollup_cursors WHERE consumer = ?').pluck(),
      setCursor: db.prepare(`INSERT INTO rollup_cursors (consumer, seq) VALUES (?, ?)
        ON CONFLICT DO UPDATE SET seq = excluded.seq`),
      clearRows: db.prepare('DELETE FROM station_exceptions'),
      clearState: db.prepare('DELETE FROM exception_rule_state WHERE consumer = ?'),
      clearCursor: db.prepare('DELETE FROM rollup_cursors WHERE consumer = ?'),
    };
  }

  upsert(x: StationException): void {
    this.s.upsert.run({
      id: x.id,
      kind: x.kind,
      at: x.at,
      subject: x.subject,
      detail: JSON.stringify(x.detail),
      seqs: JSON.stringify(x.seqs),
      photoIds: JSON.stringify(x.photoIds),
    });
  }

  /** False when no such exception exists (yet). */
  acknowledge(id: string, ack: { seq: number; by: string; at: number; note: string }): boolean {
    return this.s.acknowledge.run(ack.seq, ack.by, ack.at, ack.note, id).changes > 0;
  }

  get(id: string): StoredException | null {
    const row = this.s.get.get(id) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** Newest first; only those not yet acknowledged when `openOnly`. */
  list(openOnly: boolean, limit: number): StoredException[] {
    return (this.s.list.all({ open: openOnly ? 1 : 0, limit }) as Row[]).map(fromRow);
  }

  /** Every row in id order: what a rebuild is compared by. */
  all(): StoredException[] {
    return (this.s.all.all() as Row[]).map(fromRow);
  }

  state(consumer: string): unknown {
    const json = this.s.state.get(consumer) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as unknown);
  }

  setState(consumer: string, state: unknown): void {
    this.s.setState.run(consumer, JSON.stringify(state));
  }

  cursor(consumer: string): number {
    return (this.s.cursor.get(consumer) as number | undefined) ?? 0;
  }

  setCursor(consumer: string, seq: number): void {
    this.s.setCursor.run(consumer, seq);
  }

  /** Forgets everything the consumer made, to make it again from seq 0. */
  clear(consumer: string): void {
    this.s.clearRows.run();
    this.s.clearState.run(consumer);
    this.s.clearCursor.run(consumer);
  }
}
