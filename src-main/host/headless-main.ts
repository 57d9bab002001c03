import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadStationConfig } from '../app/config';
import { createLogger } from '../platform/logger';
import { MemorySecretStore } from '../platform/secret-store';
import { startStation } from '../app/station';
import { BrowserWindows, removeStaleProfiles } from './browser-window';
import { startDemoOperatorServer, type DemoOperatorServer } from './demo-operator-server';
import { startHeadlessHost } from './headless-host';
import { askRunningHost, controlPath, serveControl } from './host-control';

/**
 * Runs the whole station without Electron: the same services and contract, with the renderer
 * served to a browser on 127.0.0.1. This is how the booth runs where Electron cannot.
 * Started again on the same data dir, it asks the running station for a new sign-on link (or,
 * with --open, a new window) and exits.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      open: { type: 'boolean', default: false },
    },
  });
  let config = loadStationConfig({ dataDir: values['data-dir'] });
  const control = controlPath(config.dataDir);
  const running = await askRunningHost(control, values.open ? 'open' : 'link');
  if (running !== null) {
    process.stdout.write(
      values.open
        ? `Station Console is already running here: ${running}.\n`
        : `Station Console is already running here.\n  Open: ${running}  (works once)\n`,
    );
    return;
  }

  const log = createLogger('host');
  const rendererDir = resolve('dist/renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('The renderer is not built: run `node scripts/build.mjs` (npm start does it).');
  }
  removeStaleProfiles();
  // The demo syncs with a reference server of its own, unless station.json names a server.
  let operator: DemoOperatorServer | null = null;
  if (config.demoOperators.length > 0 && !config.sync.serverUrl) {
    operator = await startDemoOperatorServer(config.dataDir);
    config = { ...config, sync: { ...config.sync, ...operator.sync } };
  }
  const windows = new BrowserWindows();
  windows.closeOnExit();
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
  const openWindow = () => windows.open(host.signOnUrl());
  const controlServer = await serveControl(control, async (command) => {
    if (command === 'link') return host.signOnUrl();
    return (await openWindow()) ? 'opened a new window' : 'could not start chromium';
  }).catch((err: unknown) => {
    log.warn('no control socket: a second `npm start` cannot reach this station', {
      err: String(err),
    });
    return null;
  });

  const signIn = config.demoOperators.length
    ? `${config.demoOperators.map((o) => `${o.name} / ${o.pin}`).join(', ')} (the demo's)`
    : 'a first run asks for the first manager';
  const opened = values.open && (await openWindow());
  process.stdout.write(
    `\nStation Console is running headless (no Electron here).\n` +
      `  Data:    ${config.dataDir}\n` +
      `  Sign in: ${signIn}\n` +
      (operator
        ? `  Sync:    ${operator.url} (the demo's operator server)\n` +
          `  Operator page: ${operator.operatorPage}\n`
        : `  Sync:    ${config.sync.serverUrl ?? 'off (no server configured)'}\n`) +
      (opened
        ? `  Window:  opened in Chromium\n`
        : (values.open ? 'Could not start chromium; open the link yourself.\n' : '') +
          `  Open:    ${host.signOnUrl()}\n` +
          `           (works once; \`npm start\` again prints a new link, \`npm start -- --open\` opens a window)\n`) +
      '\n',
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    controlServer?.close();
    windows.closeAll();
    await host.close();
    await station.stop();
    operator?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(
    `Station failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
