import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalPlate } from '../../src-shared/domain/plate';
import { migrate } from './migrations';

export type Db = Database.Database;

/**
 * Opens the station database. WAL keeps readers (charts, searches) off the writer's back;
 * synchronous=FULL makes every committed payment and gate event survive a power cut.
 */
export function openDatabase(file: string): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // A REPLACE deletes the row it replaces; only with recursive triggers does that delete meet
  // the journal's no-delete trigger.
  db.pragma('recursive_triggers = ON');
  db.pragma('busy_timeout = 5000');
  // The one plate fold, callable from SQL (migrations re-fold stored plates with it).
  db.function('canonical_plate', { deterministic: true }, (plate: unknown) =>
    canonicalPlate(String(plate)),
  );
  migrate(db);
  return db;
}
