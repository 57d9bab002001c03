import type { Db } from '../database';

export type MessageState = 'pending' | 'queued' | 'sent' | 'delivered' | 'failed';

export interface MessageRecord {
  id: string;
  kind: string;
  plate: string;
  subjectId: string;
  /** The request body as the operator's API takes it (POST /v1/messages). */
  body: Record<string, unknown>;
  status: MessageState;
  detail: string | null;
  requestedAt: number;
  statusAt: number;
}

/** Outbound SMS requests (table sync_messages): queued here, pushed, their receipts pulled. */
export class MessageRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      add: db.prepare(`INSERT OR IGNORE INTO sync_messages
        (id, kind, plate, subject_id, body_json, status, detail, requested_at, status_at)
        VALUES (@id, @kind, @plate, @subjectId, @bodyJson, 'pending', NULL, @at, @at)`),
      pending: db.prepare(`SELECT * FROM sync_messages WHERE status = 'pending'
        ORDER BY requested_at LIMIT ?`),
      count: db.prepare(`SELECT COUNT(*) FROM sync_messages WHERE status = 'pending'`).pluck(),
      setStatus: db.prepare(`UPDATE sync_messages SET status = ?, detail = ?, status_at = ?
        WHERE id = ?`),
      get: db.prepare('SELECT * FROM sync_messages WHERE id = ?'),
      recent: db.prepare('SELECT * FROM sync_messages ORDER BY requested_at DESC LIMIT ?'),
    };
  }

  /** False when a message of this kind was already asked for the same subject. */
  add(m: { id: string; kind: string; plate: string; subjectId: string; body: object; at: number }) {
    return this.stmts.add.run({ ...m, bodyJson: JSON.stringify(m.body) }).changes > 0;
  }

  pending(limit: number): MessageRecord[] {
    return (this.stmts.pending.all(limit) as Row[]).map(toRecord);
  }

  pendingCount(): number {
    return this.stmts.count.get() as number;
  }

  setStatus(id: string, status: MessageState, detail: string | null, at: number): boolean {
    return this.stmts.setStatus.run(status, detail, at, id).changes > 0;
  }

  get(id: string): MessageRecord | null {
    const r = this.stmts.get.get(id) as Row | undefined;
    return r ? toRecord(r) : null;
  }

  recent(limit: number): MessageRecord[] {
    return (this.stmts.recent.all(limit) as Row[]).map(toRecord);
  }
}

interface Row {
  id: string;
  kind: string;
  plate: string;
  subject_id: string;
  body_json: string;
  status: MessageState;
  detail: string | null;
  requested_at: number;
  status_at: number;
}

const toRecord = (r: Row): MessageRecord => ({
  id: r.id,
  kind: r.kind,
  plate: r.plate,
  subjectId: r.subject_id,
  body: JSON.parse(r.body_json) as Record<string, unknown>,
  status: r.status,
  detail: r.detail,
  requestedAt: r.requested_at,
  statusAt: r.status_at,
});
