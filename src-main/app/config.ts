import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { defaultTariff, tariffSchema } from '../../src-shared/domain/tariff';

const cameraSpec = z.object({
  kind: z.enum(['folder', 'video', 'device']),
  uri: z.string().min(1),
  /** Folder cameras: seconds each image stays in view (the demo holds each car a while). */
  holdSeconds: z.number().positive().max(3600).optional(),
});
const gateConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulated') }),
  z.object({
    kind: z.literal('modbus'),
    path: z.string().min(1),
    /** Modbus RTU unit id; the line runs at 9600 8N1 (see gate-register-map.ts). */
    unitId: z.int().min(1).max(247).default(1),
  }),
]);
const printerConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulated') }),
  z.object({
    kind: z.literal('escpos'),
    path: z.string().min(1),
    baudRate: z.int().positive().default(9600),
  }),
]);

/** A time in minutes, at most a day. */
const minutes = (byDefault: number) =>
  z
    .number()
    .positive()
    .max(24 * 60)
    .default(byDefault);

/** The whole station configuration; `<dataDir>/station.json` may override any top-level key. */
export const stationConfigSchema = z.object({
  stationName: z.string().min(1).default('Station Console'),
  tariffs: z.array(tariffSchema).min(1),
  zones: z
    .array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        capacity: z.int().nonnegative(),
        tariffId: z.string().min(1),
      }),
    )
    .min(1),
  lanes: z.array(
    z.object({
      id: z.string().regex(/^[A-Za-z0-9_-]+$/),
      name: z.string().min(1),
      direction: z.enum(['entry', 'exit']),
      zoneId: z.string().min(1),
      camera: cameraSpec,
      gate: gateConfig,
    }),
  ),
  printer: printerConfig,
  /**
   * Sessions and wrong PINs. Operators themselves are not configured here: a first run asks for
   * the first manager, who adds the others (only the demo seeds any; see DEMO_OPERATORS).
   */
  signIn: z
    .object({
      /** A session locks after this long without input at the console. */
      idleLockMinutes: z.object({ cashier: minutes(10), manager: minutes(5) }).prefault({}),
      /** Wrong PINs in a row (per name, and per console) before sign-in is refused a while. */
      lockoutAfterFailures: z.int().min(3).max(100).default(5),
      /** The first lockout; each later one doubles, up to lockoutMaxMinutes. */
      lockoutSeconds: z.number().min(1).max(3600).default(30),
      lockoutMaxMinutes: minutes(15),
      /** How long a manager's approval at a cashier's console waits for its one action. */
      approvalSeconds: z.number().min(5).max(600).default(60),
    })
    .prefault({}),
  /** A camera read below this never opens a gate by itself; the cashier confirms it. */
  minReadConfidence: z.number().min(0).max(1).default(0.8),
  previewFps: z.number().min(0.1).max(15).default(2),
  /**
   * onnx: the project's detector and OCR models in a supervised worker process, with the site's
   * plate formats (ids or regions from src-main/anpr/format-rules.ts). sample-labels: a stand-in
   * that returns the transcribed labels of the bundled sample frames (for demos without models).
   */
  plateReader: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('onnx'),
      formats: z.array(z.string().min(1)).min(1).default(['ro']),
    }),
    z.object({ kind: z.literal('sample-labels'), labelsCsv: z.string() }),
  ]),
});

/**
 * The demo's operators, seeded into an empty database only when the station runs as the demo
 * (`npm start`, tests). A real booth starts with none and asks for its first manager.
 */
export const DEMO_OPERATORS = [
  { name: 'cashier', role: 'cashier', pin: '123456' },
  { name: 'manager', role: 'manager', pin: '999999' },
] as const satisfies readonly { name: string; role: 'cashier' | 'manager'; pin: string }[];

export type StationConfig = z.infer<typeof stationConfigSchema> & {
  dataDir: string;
  resourcesDir: string;
  modelsDir: string;
  /** Seeded into an empty operators table: DEMO_OPERATORS for the demo, else none. */
  demoOperators: readonly { name: string; role: 'cashier' | 'manager'; pin: string }[];
};
export type LaneConfig = StationConfig['lanes'][number];

/** Embedded defaults: one lot, the bundled sample lanes, a simulated gate per lane and printer. */
function defaults(): z.input<typeof stationConfigSchema> {
  return {
    stationName: 'Station Console demo',
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
    plateReader: { kind: 'onnx', formats: ['ro'] },
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
  };
}
