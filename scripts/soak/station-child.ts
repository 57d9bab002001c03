/**
 * A whole station in its own process, driven over Node's IPC channel, so a test or the crash
 * soak can kill it with SIGKILL at any point and start it again on the same data directory.
 * Requests go through the real dispatcher, exactly as the renderer's do. The simulated devices
 * run here too (socat pty pairs); `printer` messages switch the printer simulator, as an
 * attendant would by pulling its cable.
 *
 * Usage: node --import tsx scripts/soak/station-child.ts <data-dir>
 */
import { resolve } from 'node:path';
import { defaultTariff } from '../../src-shared/domain/tariff';
import { loadStationConfig } from '../../src-main/app/config';
import { createLogger } from '../../src-main/platform/logger';
import { MemorySecretStore } from '../../src-main/platform/secret-store';
import { startStation } from '../../src-main/app/station';
import type { ChildMessage, ParentMessage } from './station-process';

/** No free minutes, so a car owes money as soon as it is in. */
export const soakTariff = { ...defaultTariff, id: 'soak', freeMinutes: 0 };

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: station-child.ts <data-dir>');
  // The card terminal outlives the station (scripts/soak/station-process.ts).
  const cardTerminalPort = Number(process.env.SOAK_CARD_TERMINAL_PORT) || 0;
  const config = loadStationConfig({
    dataDir,
    resourcesDir: resolve('resources'),
    // The demo's operators: the soak signs in as the demo cashier.
    demo: true,
    overrides: {
      tariffs: [soakTariff],
      zones: [{ id: 'main', name: 'Main lot', capacity: 1_000_000, tariffId: soakTariff.id }],
      // The soak is about money and crashes; manual reads need no plate reader process.
      plateReader: { kind: 'sample-labels', labelsCsv: 'sample-lanes/labels.csv' },
      ...(cardTerminalPort && {
        cardTerminal: {
          kind: 'ecr-tcp' as const,
          host: '127.0.0.1',
          port: cardTerminalPort,
          replyTimeoutSeconds: 5,
          statusQueries: 2,
        },
      }),
    },
  });
  const station = await startStation(config, {
    mode: 'headless',
    secrets: new MemorySecretStore(),
    log: createLogger('soak-station', true),
  });
  const send = (m: ChildMessage) => process.send?.(m);
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'printer') {
      const printer = station.devices.simulated?.printerSimulator;
      printer?.setUnresponsive(!m.responding);
      if (m.cutOffNextJob) printer?.failDuringNextJob('unplug');
      send({ type: 'printer', id: m.id });
      return;
    }
    void station.dispatcher
      .invoke(m.channel, m.payload, { callerId: m.callerId, trustedSender: true })
      .then((result) => send({ type: 'result', id: m.id, result }));
  });
  process.on('disconnect', () => void station.stop().then(() => process.exit(0)));
  send({ type: 'ready', pid: process.pid });
}

main().catch((err: unknown) => {
  process.stderr.write(`station child failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
