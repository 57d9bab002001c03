import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data directory holds payments, photos of customers' cars, receipts and the journal key:
 * nobody but the station's own user may read it. The folder is 0700 and, through the process
 * umask, everything the station creates in it afterwards (the database and its WAL, photos,
 * receipts, secrets) is 0600 or 0700. Files left by older versions are tightened at start.
 */
export function prepareDataDir(dir: string): void {
  process.umask(0o077);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    chmodSync(path, statSync(path).isDirectory() ? 0o700 : 0o600);
  }
}
