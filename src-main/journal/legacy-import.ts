import type { Db } from '../db/database';
import type { JournalWriter } from './journal';

const tableExists = (db: Db, name: string) =>
  db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !==
  undefined;

/**
 * Before the journal, the station kept an audit log and a gate-event table of its own. On the
 * first start with the journal their rows are appended to it, in their original order and with
 * their original times, and the old tables are dropped in the same transaction: from then on
 * there is one record of what happened, not two.
 */
export function importLegacyRecords(db: Db, journal: JournalWriter): number {
  let imported = 0;
  db.transaction(() => {
    if (tableExists(db, 'audit_log')) {
      const rows = db.prepare('SELECT * FROM audit_log ORDER BY id').all() as {
        at: number;
        actor: string;
        action: string;
        subject: string;
        reason: string;
        detail_json: string;
      }[];
      for (const r of rows) {
        journal.append(
          {
            type: 'audit.imported',
            aggregateId: r.subject.slice(0, 64) || '-',
            actor: r.actor,
            payload: {
              action: r.action,
              subject: r.subject,
              reason: r.reason,
              detail: JSON.parse(r.detail_json) as unknown,
            },
          },
          r.at,
        );
        imported++;
      }
      db.exec('DROP TABLE audit_log');
    }
    if (tableExists(db, 'gate_events')) {
      const rows = db.prepare('SELECT * FROM gate_events ORDER BY id').all() as {
        lane_id: string;
        command: 'open' | 'close';
        cause: string;
        session_id: string | null;
        outcome: string;
        position: number | null;
        at: number;
      }[];
      for (const r of rows) {
        journal.append(
          {
            type: 'gate.commanded',
            aggregateId: r.lane_id,
            actor: 'station',
            payload: {
              command: r.command,
              cause: r.cause.slice(0, 120),
              sessionId: r.session_id,
              outcome: r.outcome.slice(0, 40),
              position: r.position,
            },
          },
          r.at,
        );
        imported++;
      }
      db.exec('DROP TABLE gate_events');
    }
  })();
  return imported;
}
