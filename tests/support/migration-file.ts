import Database from 'better-sqlite3';
import { canonicalPlate } from '../../src-shared/domain/plate';
import { migrate } from '../../src-main/db/migrations';

/**
 * A station file as an older release left it: schema `version`, WAL, foreign keys on, with the
 * SQL functions the schema's triggers call. A migration test fills it, closes it, and opens it
 * with openDatabase as the station would after an update (the later migrations run then).
 */
export function fileAtVersion(file: string, version: number): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.function('canonical_plate', { deterministic: true }, (p: unknown) =>
    canonicalPlate(String(p)),
  );
  migrate(db, version);
  db.pragma('foreign_keys = ON');
  return db;
}
