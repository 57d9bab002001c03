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
import Database from 'better-sqlite3';
import type { z } from 'zod';
import type { DecodedReceipt } from '../../src-main/devices/printer/decoded-receipt';

/** A fresh idempotency key, as the renderer makes one for each money request. */
export const requestKey = (): string => randomUUID();

/** The demo operators' PINs (the harness runs the demo configuration). */
export const demoPin = (role: 'cashier' | 'manager'): string =>
  DEMO_OPERATORS.find((o) => o.role === role)!.pin;

/** Demo tariff without free minutes, so a car owes money right after it enters. */
export const testTariff: Tariff = { ...defaultTariff, id: 'test', freeMinutes: 0 };

/** A print job as the station's file has it. */
export interface PrintJobRow {
  id: number;
  copy: number;
  state: string;
  detail: string;
  startedAt: number | null;
  attempts: number;
  lastStatus: string | null;
  requestedBy: string | null;
  reason: string | null;
}

/** Reads the station's SQLite file on a connection of its own (WAL lets it read beside). */
export function queryFile<T>(dbFile: string, sql: string, ...args: unknown[]): T[] {
  const db = new Database(dbFile, { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

/** The print jobs of a receipt, oldest first. */
export function printJobsOf(dbFile: string, receiptId: string): PrintJobRow[] {
  return queryFile<PrintJobRow>(
    dbFile,
    `SELECT id, copy, state, detail, started_at AS startedAt, attempts,
      last_status AS lastStatus, requested_by AS requestedBy, reason
     FROM print_jobs WHERE receipt_id = ? ORDER BY id`,
    receiptId,
  );
}

/** Polls until `check` holds; a bounded wait for the station's own progress, not a timing test. */
export async function until<T>(
  check: () => T,
  what: string,
  timeoutMs = 15_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`never saw: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

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
  /** The print jobs of a receipt in the station's file, oldest first. */
  printJobs(receiptId: string): PrintJobRow[];
  /** Waits until the receipt's newest job is in `state`, and returns it. */
  untilPrintState(receiptId: string, state: string): Promise<PrintJobRow>;
  /** Waits until no print job is queued (so a fault armed now strikes the next job). */
  untilPrintQueueEmpty(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A whole station on real parts: a SQLite file in a temp dir, the simulated gate and printer on
 * socat pty pairs, the bundled sample cameras. Everything goes through the real dispatcher.
 */
export async function startHarness(
  overrides: Partial<z.input<typeof stationConfigSchema>> = {},
  opts: {
    realClock?: boolean;
    resourcesDir?: string;
    demo?: boolean;
    /** The demo's generated year in the charts (npm start's); off unless a test asks. */
    demoCharts?: boolean;
    /**
     * The first sign-in opens the drawer's shift (a float of 0), as a cashier does before taking
     * money; default true. Tests of the shift itself open and close it themselves.
     */
    openShift?: boolean;
    /**
     * Runs on this data directory (a restart of an earlier harness's station) and leaves it in
     * place on stop; without it, a fresh temp dir removed on stop.
     */
    dataDir?: string;
  } = {},
): Promise<Harness> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'station-test-'));
  const config = loadStationConfig({
    dataDir,
    resourcesDir: opts.resourcesDir ?? resolve('resources'),
    // The demo's operators, unless a test wants the first run of a real booth.
    demo: opts.demo ?? true,
    demoCharts: opts.demoCharts ?? false,
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
    printJobs: (receiptId) => printJobsOf(join(dataDir, 'station.db'), receiptId),
    untilPrintState(receiptId, state) {
      return until(() => {
        const job = printJobsOf(join(dataDir, 'station.db'), receiptId).at(-1);
        return job?.state === state ? job : null;
      }, `the receipt's print job ${state}`);
    },
    async untilPrintQueueEmpty() {
      const dbFile = join(dataDir, 'station.db');
      const queued = `SELECT id FROM print_jobs WHERE state = 'queued'`;
      await until(() => queryFile(dbFile, queued).length === 0, 'the print queue empty');
    },
    async signIn(role, callerId = 'test') {
      await call('operator:signIn', { name: role, pin: demoPin(role) }, callerId);
      if ((opts.openShift ?? true) && !(await call('shifts:drawer', {}, callerId)).shift) {
        await call('shifts:open', { count: [] }, callerId);
      }
    },
    async stop(this: Harness) {
      // The station now: a test that restarted it on the same file put the new one here.
      await this.station.stop();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
