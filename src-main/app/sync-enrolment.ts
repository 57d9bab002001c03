import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StationConfig } from './config';

/**
 * A device secret typed into station.json (`sync.deviceSecret`) is for enrolment only:
 * createSync moves it into the secret store, and this rewrites the file without it, so the
 * secret never stays in plain configuration.
 */
export function stripDeviceSecretFromFile(config: StationConfig): void {
  const file = join(config.dataDir, 'station.json');
  if (!existsSync(file)) return;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { sync?: { deviceSecret?: unknown } };
  if (raw.sync?.deviceSecret === undefined) return;
  delete raw.sync.deviceSecret;
  writeFileSync(`${file}.tmp`, JSON.stringify(raw, null, 2), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}
