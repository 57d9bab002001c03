import type Database from 'better-sqlite3';
import { schemaV1 } from './schema-v1';
import { schemaV2 } from './schema-v2';
import { schemaV3 } from './schema-v3';
import { schemaV4 } from './schema-v4';
import { schemaV5 } from './schema-v5';
import { schemaV6 } from './schema-v6';

/** Ordered, append-only list: never edit a shipped migration, add the next one. */
const MIGRATIONS: { version: number; name: string; sql: string }[] = [
  { version: 1, name: 'initial schema', sql: schemaV1 },
  { version: 2, name: 'idempotent payments, print-job recovery', sql: schemaV2 },
  { version: 3, name: 'hash-chained journal', sql: schemaV3 },
  { version: 4, name: 'one look-alike table for search and the reader', sql: schemaV4 },
  { version: 5, name: 'temporary operator PINs', sql: schemaV5 },
  {
    version: 6,
    name: 'sync with the operator: push holds, reference data, messages',
    sql: schemaV6,
  },
];

export function migrate(db: Database.Database): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as {
    v: number | null;
  };
  const current = row.v ?? 0;
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        Date.now(),
      );
    })();
  }
  return MIGRATIONS.at(-1)?.version ?? 0;
}
