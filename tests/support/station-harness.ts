import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChannelName, IpcResult, RequestOf, ResponseOf, Tariff } from '../../src-shared';
import { defaultTariff } from '../../src-shared/domain/tariff';
import {
  DEMO_OPERATORS,
  loadStationConfig,
  type stationConfigSchema,
} from '../../src-main/app/config';
import { createLogger } from '../../src-main/platform/logger';
import { MemorySecretStore } from '../../src-main/platform/secret-store';
import { startStation, type Station } from '../../src-main/app/station';
import type { z } from 'zod';
import type { DecodedReceipt } from '../../src-main/devices/printer/decoded-receipt';

/** A fresh idempotency key, as the renderer makes one for each money request. */
export const requestKey = (): string => randomUUID();

/** The demo operators' PINs (the harness runs the demo configuration). */
export const demoPin = (role: 'cashier' | 'manager'): string =>
  DEMO_OPERATORS.find((o) => o.role === role)!.pin;

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
  opts: { realClock?: boolean; resourcesDir?: string; demo?: boolean } = {},
): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'station-test-'));
  const config = loadStationConfig({
    dataDir,
    resourcesDir: opts.resourcesDir ?? resolve('resources'),
    // The demo's operators, unless a test wants the first run of a real booth.
    demo: opts.demo ?? true,
    overrides: {
      tariffs: [testTariff],
      zones: [{ id: 'main', name: 'Main lot', capacity: 5, tariffId: 'test' }],
      // Tests move the clock by hours to cross tariff steps: fee time, not a cashier walking
      // away. Sessions lock after a day here, unless a test about locking sets its own.
      signIn: { idleLockMinutes: { cashier: 24 * 60, manager: 24 * 60 } },
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
      await call('operator:signIn', { name: role, pin: demoPin(role) }, callerId);
    },
    async stop() {
      await station.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
