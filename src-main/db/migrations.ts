import type Database from 'better-sqlite3';
import { schemaV1 } from './schema-v1';
import { schemaV2 } from './schema-v2';
import { schemaV3 } from './schema-v3';
import { schemaV4 } from './schema-v4';
import { schemaV5 } from './schema-v5';
import { schemaV6 } from './schema-v6';
import { schemaV7 } from './schema-v7';
import { schemaV8 } from './schema-v8';
import { schemaV9 } from './schema-v9';
import { schemaV10 } from './schema-v10';
import { schemaV11 } from './schema-v11';
import { schemaV12 } from './schema-v12';
import { schemaV13 } from './schema-v13';
import { schemaV14 } from './schema-v14';
import { schemaV15 } from './schema-v15';
import { schemaV16 } from './schema-v16';
import { schemaV17 } from './schema-v17';
import { schemaV18 } from './schema-v18';
import { schemaV19 } from './schema-v19';
import { schemaV20 } from './schema-v20';
import { schemaV21 } from './schema-v21';
import { schemaV22 } from './schema-v22';
import { schemaV23 } from './schema-v23';
import { schemaV24 } from './schema-v24';
import { schemaV25 } from './schema-v25';
import { schemaV26 } from './schema-v26';

/** Ordered, append-only list: never edit a shipped migration, add the next one. */
const MIGRATIONS: {
  version: number;
  name: string;
  sql: string;
  /**
   * Rebuilds a table other tables reference (SQLite widens a CHECK only by rebuilding): runs
   * with foreign keys off, as SQLite's documented procedure asks, and refuses to commit if any
   * reference is left dangling.
   */
  rebuildsReferencedTables?: boolean;
}[] = [
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
  {
    version: 7,
    name: 'payments from the operator app, entries held while offline',
    sql: schemaV7,
    rebuildsReferencedTables: true,
  },
  {
    version: 8,
    name: 'permits and plate lists at the lanes: blacklisted entries wait for a manager',
    sql: schemaV8,
    rebuildsReferencedTables: true,
  },
  {
    version: 9,
    name: 'receipt numbers: one gapless sequence per station, existing receipts numbered',
    sql: schemaV9,
  },
  {
    version: 10,
    name: 'durable print jobs: held until the printer is ready, never resent once started',
    sql: schemaV10,
  },
  {
    version: 11,
    name: 'cash drawer shifts: float, sales and cash moved per shift, X and Z reports',
    sql: schemaV11,
  },
  {
    version: 12,
    name: 'voids and refunds: never more back than was paid, one void a payment',
    sql: schemaV12,
  },
  {
    version: 13,
    name: 'card payments and split tenders: attempts committed before the terminal is asked',
    sql: schemaV13,
    rebuildsReferencedTables: true,
  },
  {
    version: 14,
    name: 'nil payments a manager waives, and QR payments: payments and shift entries widened',
    sql: schemaV14,
    rebuildsReferencedTables: true,
  },
  {
    version: 15,
    name: 'bookings for pumps and bays, and the e-tokens that checked them in (single use)',
    sql: schemaV15,
  },
  {
    version: 16,
    name: 'fuel sales: one due sale per delivery a pump controller reported',
    sql: schemaV16,
  },
  {
    version: 17,
    name: 'QR payments: each attempt committed before the operator is asked for it',
    sql: schemaV17,
  },
  {
    version: 18,
    name: 'demand rollups for the charts, kept from the journal by their own cursor',
    sql: schemaV18,
  },
  {
    version: 19,
    name: 'fuel sales waiting for the plate, loyalty members and the append-only points ledger',
    sql: schemaV19,
  },
  {
    version: 20,
    name: 'card voids and refunds: each committed before the terminal is asked to credit the card',
    sql: schemaV20,
  },
  {
    version: 21,
    name: "managers' exceptions, raised from the journal by their own consumer",
    sql: schemaV21,
  },
  {
    version: 22,
    name: 'coupons redeemed through the operator, and every refused attempt with its reason',
    sql: schemaV22,
  },
  {
    version: 23,
    name: 'fuel sales paid at the booth: a payment pays a stay or a fuel sale, once',
    sql: schemaV23,
    rebuildsReferencedTables: true,
  },
  {
    version: 24,
    name: 'fuel sales paid by card or split: a card attempt pays a stay or a fuel sale',
    sql: schemaV24,
    rebuildsReferencedTables: true,
  },
  {
    version: 25,
    name: 'hourly demand per pump and per bookable resource, for their forecasts',
    sql: schemaV25,
  },
  {
    version: 26,
    name: 'loyalty redemptions by time, for the shift reports',
    sql: schemaV26,
  },
];

/** Brings the schema up to `target` (the latest unless a migration test stops earlier). */
export function migrate(db: Database.Database, target = MIGRATIONS.at(-1)?.version ?? 0): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as {
    v: number | null;
  };
  const current = row.v ?? 0;
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (m.rebuildsReferencedTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (m.rebuildsReferencedTables) {
          const dangling = db.pragma('foreign_key_check') as unknown[];
          if (dangling.length > 0) {
            throw new Error(`migration ${m.version} left ${dangling.length} dangling references`);
          }
        }
        db.prepare(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
        ).run(m.version, m.name, Date.now());
      })();
    } finally {
      if (m.rebuildsReferencedTables) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
  return Math.min(target, MIGRATIONS.at(-1)?.version ?? 0);
}
