import type { AuditEntryView } from '../../../src-shared';
import type { Db } from '../database';

export interface AuditRecord {
  actor: string;
  action: string;
  subject: string;
  reason: string;
  detail?: Record<string, unknown>;
}

/** Append-only audit log: triggers in the schema refuse UPDATE and DELETE. */
export class AuditRepository {
  private readonly insertStmt;
  private readonly listStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO audit_log (at, actor, action, subject, reason, detail_json)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.listStmt = db.prepare(
      `SELECT id, at, actor, action, subject, reason, detail_json AS detail
       FROM audit_log ORDER BY id DESC LIMIT ?`,
    );
  }

  append(r: AuditRecord, at = Date.now()): void {
    this.insertStmt.run(at, r.actor, r.action, r.subject, r.reason, JSON.stringify(r.detail ?? {}));
  }

  list(limit: number): AuditEntryView[] {
    return this.listStmt.all(limit) as AuditEntryView[];
  }
}
