import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChannelName, IpcResult, RequestOf, ResponseOf, Tariff } from '../../src-shared';
import { defaultTariff } from '../../src-shared/domain/tariff';
import { loadStationConfig, type stationConfigSchema } from '../../src-main/app/config';
import { createLogger } from '../../src-main/app/logger';
import { MemorySecretStore } from '../../src-main/app/secret-store';
import { startStation, type Station } from '../../src-main/app/station';
import type { z } from 'zod';
import type { DecodedReceipt } from '../../src-main/devices/printer/decoded-receipt';

/** A fresh idempotency key, as the renderer makes one for each money request. */
export const requestKey = (): string => randomUUID();

/** Demo tariff without free minutes, so a car owes money right after it enters. */
export const testTariff: Tariff = { ...defaultTariff, id: 'test', freeMinutes: 0 };

export interface Harness {
  station: Station;
  dataDir: string;
  /** The station's clock; tests move it to cross exit windows and tariff steps. */
  clock: { now: number; advanceMinutes(m: number): void };
  call<C extends ChannelName>(
    channel: C,
    payload: RequestOf<C>,
    callerId?: string,
  ): Promise<ResponseOf<C>>;
  raw(channel: unknown, payload: unknown, callerId?: string): Promise<IpcResult<unknown>>;
  signIn(role: 'cashier' | 'manager', callerId?: string): Promise<void>;
  /** The next receipt the simulated printer decodes (it decodes after the print job returns). */
  nextReceipt(): Promise<DecodedReceipt>;
  stop(): Promise<void>;
}

/**
 * A whole station on real parts: a SQLite file in a temp dir, the simulated gate and printer on
 * socat pty pairs, the bundled sample cameras. Everything goes through the real dispatcher.
 */
export async function startHarness(
  overrides: Partial<z.input<typeof stationConfigSchema>> = {},
  opts: { realClock?: boolean; resourcesDir?: string } = {},
): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-test-'));
  const config = loadStationConfig({
    dataDir,
    resourcesDir: opts.resourcesDir ?? resolve('resources'),
    overrides: {
      tariffs: [testTariff],
      zones: [{ id: 'main', name: 'Main lot', capacity: 5, tariffId: 'test' }],
      ...overrides,
    },
  });
  const clock = {
    now: Date.parse('2026-11-20T09:00:00Z'),
    advanceMinutes(m: number) {
      this.now += m * 60_000;
    },
  };
  const station = await startStation(config, {
    mode: 'headless',
    secrets: new MemorySecretStore(),
    log: createLogger('test', true),
    now: opts.realClock ? undefined : () => clock.now,
  });
  const raw = (channel: unknown, payload: unknown, callerId = 'test') =>
    station.dispatcher.invoke(channel, payload, { callerId, trustedSender: true });
  const call = async <C extends ChannelName>(
    channel: C,
    payload: RequestOf<C>,
    callerId = 'test',
  ) => {
    const result = await raw(channel, payload, callerId);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value as ResponseOf<C>;
  };
  return {
    station,
    dataDir,
    clock,
    call,
    raw,
    nextReceipt() {
      const printer = station.devices.simulated!.printerSimulator;
      return new Promise<DecodedReceipt>((resolve) => {
        const stop = printer.onReceipt((receipt) => {
          stop();
          resolve(receipt);
        });
      });
    },
    async signIn(role, callerId = 'test') {
      const pin = role === 'manager' ? '9999' : '1234';
      await call('operator:signIn', { name: role, pin }, callerId);
    },
    async stop() {
      await station.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
