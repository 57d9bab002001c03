/**
 * A station's data and its sync client without the rest of the station: a real SQLite file
 * with the journal and sync tables, the real client (createSync) talking HTTP to the real
 * reference server. Sync tests use it to produce journal traffic fast and to look inside.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
import type { EventName, EventPayload, Tariff } from '../../src-shared';
import { openDatabase, type Db } from '../../src-main/db/database';
import { createRepositories, type Repositories } from '../../src-main/db/repositories';
import { Journal } from '../../src-main/journal/journal';
import { createLogger } from '../../src-main/platform/logger';
import { MemorySecretStore } from '../../src-main/platform/secret-store';
import { stationConfigSchema } from '../../src-main/platform/station-config';
import { createSync, type Sync } from '../../src-main/sync/create-sync';

export interface SyncRig {
  stationId: string;
  dir: string;
  db: Db;
  journal: Journal;
  repos: Repositories;
  sync: Sync;
  published: EventPayload<'sync:status'>[];
  tariffsUsed: Tariff[];
  /** Appends `count` events spread over `aggregates` session aggregates and the lanes. */
  append(count: number, aggregates?: number): void;
  close(opts?: { keep?: boolean }): Promise<void>;
}

export interface RigOptions {
  serverUrl: string | null;
  stationId: string;
  deviceSecret: string;
  dir?: string;
  sync?: Partial<z.input<typeof stationConfigSchema.shape.sync>>;
  clock?: () => number;
  /** The journal key: the same one when a rig reopens a directory. */
  key?: Buffer;
}

let counter = 0;

export function openSyncRig(o: RigOptions): SyncRig {
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'sync-rig-'));
  const db = openDatabase(join(dir, 'station.db'));
  db.prepare(`INSERT OR IGNORE INTO settings (key, value_json) VALUES ('station.id', ?)`).run(
    JSON.stringify(o.stationId),
  );
  const clock = o.clock ?? Date.now;
  const repos = createRepositories(db, clock);
  const journal = new Journal(db, o.key ?? Buffer.alloc(32, 1), o.stationId);
  const secrets = new MemorySecretStore();
  const published: EventPayload<'sync:status'>[] = [];
  const tariffsUsed: Tariff[] = [];
  const sync = createSync({
    config: stationConfigSchema.shape.sync.parse({
      serverUrl: o.serverUrl,
      deviceSecret: o.deviceSecret,
      intervalSeconds: 0.05,
      maxBackoffSeconds: 0.1,
      requestTimeoutSeconds: 2,
      ...o.sync,
    }),
    stationId: o.stationId,
    repos,
    journal,
    transact: (fn) => db.transaction(fn)(),
    clock,
    events: {
      publish<E extends EventName>(event: E, payload: EventPayload<E>) {
        if (event === 'sync:status') published.push(payload as EventPayload<'sync:status'>);
      },
    },
    secrets,
    log: createLogger('sync-rig', true),
    useTariff: (t) => tariffsUsed.push(t),
  });
  return {
    stationId: o.stationId,
    dir,
    db,
    journal,
    repos,
    sync,
    published,
    tariffsUsed,
    append(count, aggregates = 50) {
      db.transaction(() => {
        for (let i = 0; i < count; i++, counter++) {
          if (counter % 3 === 0) {
            journal.append(
              {
                type: 'plate.read',
                aggregateId: `lane-${counter % 4}`,
                actor: 'station',
                payload: {
                  plate: `B${counter % 1000}XYZ`,
                  confidence: 0.9,
                  source: 'camera',
                  photoId: null,
                },
              },
              clock(),
            );
          } else {
            journal.append(
              {
                type: 'session.markedPaid',
                aggregateId: `s-${counter % aggregates}`,
                actor: 'cashier',
                payload: { waivedMinor: counter % 700, reason: 'test traffic' },
              },
              clock(),
            );
          }
        }
      })();
    },
    async close(opts = {}) {
      await sync.stop();
      db.close();
      if (!opts.keep && !o.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A device secret the reference server accepts (at least 16 characters). */
export const newDeviceSecret = (): string => `device-${randomBytes(12).toString('hex')}`;
