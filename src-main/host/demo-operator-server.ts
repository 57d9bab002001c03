import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { prepareDataDir } from '../app/data-dir';
import { stationId } from '../app/station-id';
import { openDatabase } from '../db/database';

export interface DemoOperatorServer {
  url: string;
  /** The operator page, with the admin key in it: marks a plate paid "from the app". */
  operatorPage: string;
  /** What the station's configuration needs to sync with it. */
  sync: { serverUrl: string; deviceSecret: string };
  stop(): void;
}

/**
 * The demo's operator: the reference server (reference-server/main.ts) started beside the
 * station on 127.0.0.1 with demo reference data, its own SQLite file in the data directory, and
 * this station registered under a fresh device secret at each start. Only `npm start` (the
 * demo) does this; a real booth is given its operator's URL and device secret instead.
 */
export async function startDemoOperatorServer(dataDir: string): Promise<DemoOperatorServer> {
  prepareDataDir(dataDir);
  const db = openDatabase(join(dataDir, 'station.db'));
  const id = stationId(db);
  db.close();
  const deviceSecret = `demo-${randomBytes(18).toString('base64url')}`;
  const args = [
    '--import',
    'tsx',
    'reference-server/main.ts',
    '--port',
    '0',
    '--store',
    `sqlite:${join(dataDir, 'operator.db')}`,
    '--seed-demo',
    '--station',
    `${id}:${deviceSecret}`,
  ];
  // As for socat (pty-pair.ts): the kernel ends the server with the station, even on SIGKILL.
  const child: ChildProcess = spawn(
    'setpriv',
    ['--pdeathsig', 'TERM', '--', process.execPath, ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const info = await new Promise<{ url: string; operatorPage: string }>((resolve, reject) => {
    let first = true;
    lines.on('line', (line) => {
      if (first) {
        first = false;
        return; // the URL alone; the JSON line follows
      }
      try {
        resolve(JSON.parse(line) as { url: string; operatorPage: string });
      } catch (err) {
        reject(err as Error);
      }
    });
    child.once('exit', (code) => reject(new Error(`the demo operator server exited (${code})`)));
    child.once('error', reject);
  });
  return {
    url: info.url,
    operatorPage: info.operatorPage,
    sync: { serverUrl: info.url, deviceSecret },
    stop: () => void child.kill('SIGTERM'),
  };
}
