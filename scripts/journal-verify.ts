/**
 * npm run journal:verify -- [--data-dir DIR]
 *
 * Checks the station journal's whole hash chain and names the first broken link. Exits 0 when
 * every event verifies, 1 when the chain is broken or its protection removed, 2 when it cannot
 * check (no database, no key). The key is read from the data directory's 0600 secrets file
 * (the headless host's store). Under Electron the key is sealed with the OS keystore instead;
 * there the station runs the same check at start-up and shows it on the status strip.
 * A long journal is checked on every core at once. Prints a line of text and a JSON summary on the last line.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FileSecretStore } from '../src-main/app/file-secret-store';
import { verifyJournalFile } from '../src-main/journal/verify-parallel';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
const dataDir = resolve(values['data-dir'] ?? process.env.STATION_DATA_DIR ?? '.station-data');
const dbFile = join(dataDir, 'station.db');
const secrets = join(dataDir, 'secrets.json');

function fail(message: string): never {
  console.log(message);
  console.log(JSON.stringify({ ok: false, error: message }));
  process.exit(2);
}

if (!existsSync(dbFile)) fail(`no station database at ${dbFile}`);
const key = existsSync(secrets) ? new FileSecretStore(secrets).get('journal.hmacKey') : null;
if (!key) fail(`no journal key in ${secrets}`);
const started = performance.now();
const result = await verifyJournalFile(dbFile, Buffer.from(key, 'hex'));
const seconds = (performance.now() - started) / 1000;
if (result.ok) {
  console.log(`journal OK: ${result.events} events verified in ${seconds.toFixed(2)} s`);
} else if (result.firstBroken) {
  console.log(
    `journal BROKEN at event ${result.firstBroken.seq}: ${result.firstBroken.problem} ` +
      `(${result.events} events before it verify)`,
  );
} else {
  console.log(`journal protection removed: missing ${result.missingTriggers.join(', ')}`);
}
console.log(JSON.stringify({ ...result, seconds: +seconds.toFixed(3) }));
process.exit(result.ok ? 0 : 1);
