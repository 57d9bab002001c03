import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const SCRIPT = fileURLToPath(new URL('../../../../scripts/postgres-test.sh', import.meta.url));
let baseUrl: string | undefined;

/**
 * The throwaway test cluster's URL (scripts/postgres-test.sh starts it on first use, then
 * finds it running). Tests start it themselves, so a single file runs on its own too.
 */
export function postgresUrl(): string {
  if (!baseUrl) {
    const out = execFileSync('bash', [SCRIPT], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    baseUrl = out.trim().split('\n').pop()!;
  }
  return baseUrl;
}

/** A fresh, empty database for one suite; dispose() drops it. */
export async function freshDatabase(): Promise<{ url: string; dispose(): Promise<void> }> {
  const base = postgresUrl();
  const name = `rs_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async dispose() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
