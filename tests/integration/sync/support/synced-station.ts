import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { z } from 'zod';
import type { stationConfigSchema } from '../../../../src-main/platform/station-config';
import { startHarness, type Harness } from '../../../support/station-harness';
import { newDeviceSecret } from '../../../support/sync-rig';
import type { Harness as Server } from '../../reference-server/support/harness';
import { register } from './server-checks';

/** The id a station stamps on its journal, read from its database beside it. */
export function stationIdOf(dataDir: string): string {
  const db = new Database(join(dataDir, 'station.db'), { readonly: true });
  try {
    const row = db.prepare(`SELECT value_json FROM settings WHERE key = 'station.id'`).pluck();
    return JSON.parse(row.get() as string) as string;
  } finally {
    db.close();
  }
}

type Overrides = Partial<z.input<typeof stationConfigSchema>>;

/**
 * A whole station (the station harness) syncing with `server`, registered there under a fresh
 * device secret. `sync` settings add to a quick interval suited to tests.
 */
export async function startSyncedStation(
  server: Server,
  overrides: Overrides = {},
  opts: Parameters<typeof startHarness>[1] = {},
): Promise<{ h: Harness; stationId: string; deviceSecret: string }> {
  const deviceSecret = newDeviceSecret();
  const h = await startHarness(
    {
      ...overrides,
      sync: { serverUrl: server.url, deviceSecret, intervalSeconds: 0.2, ...overrides.sync },
    },
    opts,
  );
  const stationId = stationIdOf(h.dataDir);
  await register(server, stationId, deviceSecret);
  return { h, stationId, deviceSecret };
}
