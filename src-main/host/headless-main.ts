import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadStationConfig } from '../app/config';
import { createLogger } from '../platform/logger';
import { MemorySecretStore } from '../platform/secret-store';
import { startStation } from '../app/station';
import { startHeadlessHost } from './headless-host';

/**
 * Runs the whole station without Electron: the same services and contract, with the renderer
 * served to a browser on 127.0.0.1. This is how the booth runs where Electron cannot.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      open: { type: 'boolean', default: false },
    },
  });
  const log = createLogger('host');
  const rendererDir = resolve('dist/renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('The renderer is not built: run `node scripts/build.mjs` (npm start does it).');
  }
  const config = loadStationConfig({ dataDir: values['data-dir'] });
  const station = await startStation(config, {
    mode: 'headless',
    secrets: new MemorySecretStore(),
    log,
  });
  const host = await startHeadlessHost({
    dispatcher: station.dispatcher,
    events: station.events,
    rendererDir,
    log,
    port: values.port ? Number(values.port) : undefined,
  });
  process.stdout.write(
    `\nStation Console is running headless (no Electron here).\n` +
      `  Data:    ${config.dataDir}\n` +
      `  Sign in: cashier / 1234, or manager / 9999 (demo defaults)\n` +
      `  Open:    ${host.url}\n\n`,
  );
  if (values.open) openBrowser(host.url);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await station.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/** Chromium in app mode, with a throwaway profile and no background network chatter. */
function openBrowser(url: string): void {
  const profile = mkdtempSync(join(tmpdir(), 'station-browser-'));
  const child = spawn(
    'chromium',
    [
      `--app=${url}`,
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-sync',
    ],
    { stdio: 'ignore', detached: true },
  );
  child.on('error', () =>
    process.stderr.write('Could not start chromium; open the URL yourself.\n'),
  );
  child.unref();
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Station failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
