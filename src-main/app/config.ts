import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { defaultTariff } from '../../src-shared/domain/tariff';
import {
  stationConfigSchema,
  type LaneConfig,
  type StationConfig,
} from '../platform/station-config';
import { ROMANIAN_HOLIDAYS } from './romanian-holidays';

export type { LaneConfig, StationConfig };
export { stationConfigSchema };

/**
 * The demo's operators, seeded into an empty database only when the station runs as the demo
 * (`npm start`, tests). A real booth starts with none and asks for its first manager.
 */
export const DEMO_OPERATORS = [
  { name: 'cashier', role: 'cashier', pin: '123456' },
  { name: 'manager', role: 'manager', pin: '999999' },
] as const satisfies readonly { name: string; role: 'cashier' | 'manager'; pin: string }[];

/** Embedded defaults: one lot, the bundled sample lanes, a simulated gate per lane and printer. */
function defaults(): z.input<typeof stationConfigSchema> {
  return {
    stationName: 'Station Console demo',
    // The sample lanes are a Bucharest car park: Romanian money and clocks; English words.
    site: { locale: 'ro-RO', timeZone: 'Europe/Bucharest' },
    forecast: { calendar: ROMANIAN_HOLIDAYS },
    tariffs: [defaultTariff],
    zones: [{ id: 'main', name: 'Main lot', capacity: 40, tariffId: defaultTariff.id }],
    lanes: [
      {
        id: 'entry-1',
        name: 'Entry 1',
        direction: 'entry',
        zoneId: 'main',
        camera: { kind: 'folder', uri: 'sample-lanes/entry', holdSeconds: 8 },
        gate: { kind: 'simulated' },
      },
      {
        id: 'exit-1',
        name: 'Exit 1',
        direction: 'exit',
        zoneId: 'main',
        camera: { kind: 'folder', uri: 'sample-lanes/exit', holdSeconds: 8 },
        gate: { kind: 'simulated' },
      },
    ],
    printer: { kind: 'simulated' },
    // A made-up site's branding, so the demo's receipts look like a real site's.
    receipts: {
      logoPath: 'receipt-logo.png',
      header: ['Str. Exemplului 1, Bucuresti', 'CIF RO12345678'],
      footer: ['Keep this receipt until you leave'],
    },
    poleDisplay: { kind: 'simulated' },
    cardTerminal: { kind: 'simulated' },
    plateReader: { kind: 'onnx', formats: ['ro'] },
    // The demo takes bookings for two CNG pumps and the lot's bays; one pump is always kept
    // for walk-ins, and a quarter of the bays.
    bookings: {
      resources: [
        { id: 'pump-1', kind: 'pump', name: 'CNG pump 1', capacity: 1 },
        { id: 'pump-2', kind: 'pump', name: 'CNG pump 2', capacity: 1 },
        { id: 'bays', kind: 'bay', name: 'Booked bays', capacity: 8, laneIds: ['entry-1'] },
      ],
      walkIn: [
        { kind: 'pump', keepFree: 1 },
        { kind: 'bay', keepFree: 2 },
      ],
    },
  };
}

export function loadStationConfig(opts: {
  dataDir?: string;
  resourcesDir?: string;
  /** The ONNX models and manifests (repo `models/`; `<resources>/models` when packaged). */
  modelsDir?: string;
  overrides?: Partial<z.input<typeof stationConfigSchema>>;
  /**
   * Seed the demo operators into an empty database. Never from station.json, so no file can
   * give a booth known PINs; unset, it follows STATION_DEMO=1, which only `npm start` sets
   * (scripts/station.sh). A packaged Electron build passes false.
   */
  demo?: boolean;
  /**
   * Start the charts with a generated year (src-main/demo/demo-charts.ts). Apart from `demo`,
   * so the tests' demo stations keep charts of their own events only; unset, it follows
   * STATION_DEMO=1 like `demo`.
   */
  demoCharts?: boolean;
}): StationConfig {
  const dataDir = resolve(opts.dataDir ?? process.env.STATION_DATA_DIR ?? '.station-data');
  const resourcesDir = resolve(opts.resourcesDir ?? 'resources');
  const file = join(dataDir, 'station.json');
  const fromFile = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as object) : {};
  const parsed = stationConfigSchema.safeParse({ ...defaults(), ...fromFile, ...opts.overrides });
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(
      `Invalid station configuration (${file}): ${first?.path.join('.')}: ${first?.message}`,
    );
  }
  const demo = opts.demo ?? process.env.STATION_DEMO === '1';
  return {
    ...parsed.data,
    dataDir,
    resourcesDir,
    modelsDir: resolve(opts.modelsDir ?? 'models'),
    demoOperators: demo ? DEMO_OPERATORS : [],
    demoCharts: opts.demoCharts ?? process.env.STATION_DEMO === '1',
  };
}
