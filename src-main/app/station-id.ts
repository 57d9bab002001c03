import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';

/**
 * This station's id, stamped on every journal event: made once, on the first start, and kept
 * in the settings table. The operator's server tells stations apart by it.
 */
export function stationId(db: Db): string {
  const row = db.prepare(`SELECT value_json FROM settings WHERE key = 'station.id'`).get() as
    { value_json: string } | undefined;
  if (row) return JSON.parse(row.value_json) as string;
  const id = randomUUID();
  db.prepare(`INSERT INTO settings (key, value_json) VALUES ('station.id', ?)`).run(
    JSON.stringify(id),
  );
  return id;
}
