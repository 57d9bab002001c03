import { z } from 'zod';
import { bookingSettings } from '../../src-shared/domain/bookings/settings';
import { DEFAULT_RECEIPT_PREFIX } from '../../src-shared/domain/receipt-number';
import { tariffSchema } from '../../src-shared/domain/tariff';
import { isKnownLocale, isKnownTimeZone } from '../../src-shared/i18n/format';
import { DEFAULT_LANGUAGE, LANGUAGES } from '../../src-shared/i18n/translate';
import {
  modbusLineFields,
  plainLineFields,
  refineModbusLine,
} from '../devices/serial/line-settings';
import { forecourtSchema } from './forecourt-config';
import { exceptionsSchema } from './exceptions-config';
import { loyaltySchema } from './loyalty-config';

/*
 * The shape of the station's configuration, which services may take as types; loading it
 * (defaults, station.json, overrides) is the composition root's job (src-main/app/config.ts).
 */

const cameraSpec = z.object({
  kind: z.enum(['folder', 'video', 'device']),
  uri: z.string().min(1),
  /** Folder cameras: seconds each image stays in view (the demo holds each car a while). */
  holdSeconds: z.number().positive().max(3600).optional(),
});
/**
 * Gates speak Modbus RTU: 9600 8E1 unless set (no parity means 2 stop bits). A simulated gate
 * takes the same line settings, which its simulator then uses too.
 */
const gateConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulated'), ...modbusLineFields }).superRefine(refineModbusLine),
  z
    .object({
      kind: z.literal('modbus'),
      path: z.string().min(1),
      /** Modbus RTU unit id (register map in gate-register-map.ts). */
      unitId: z.int().min(1).max(247).default(1),
      ...modbusLineFields,
    })
    .superRefine(refineModbusLine),
]);
/** The ESC/POS receipt printer: 9600 8N1 unless set. */
/**
 * What the receipt printer prints on (see devices/printer/printer-profile.ts): 80 mm paper is
 * 576 dots a line at 203 dpi, 58 mm is 384. Barcodes are sized to fit it; a printer without
 * native Code128/QR (nativeSymbols false) gets them as raster images.
 */
const printerProfileConfig = z
  .object({
    paper: z.enum(['80mm', '58mm']).default('80mm'),
    dotsPerLine: z.int().min(96).max(1024).multipleOf(8).optional(),
    columns: z.int().min(16).max(96).optional(),
    nativeSymbols: z.boolean().default(true),
    /** The narrowest Code128 module in dots; below it a code is printed as a QR code. */
    narrowestModule: z.int().min(1).max(6).default(2),
  })
  .prefault({});
const printerConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('simulated'), profile: printerProfileConfig, ...plainLineFields }),
  z.object({
    kind: z.literal('escpos'),
    profile: printerProfileConfig,
    path: z.string().min(1),
    ...plainLineFields,
  }),
]);
/** The customer's pole display (CD5220 command set, 2x20): 9600 8N1 unless set. */
const poleDisplayConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('simulated'), ...plainLineFields }),
  z.object({ kind: z.literal('cd5220'), path: z.string().min(1), ...plainLineFields }),
]);
/**
 * The card terminal, semi-integrated over its ECR protocol (src-main/devices/terminal): on a
 * serial line (9600 8N1 unless set) or on the LAN. None: the booth takes no cards.
 */
const cardTimingFields = {
  /** How long the customer may take at the terminal before its reply counts as missing. */
  replyTimeoutSeconds: z.number().min(1).max(600).default(120),
  /** Status queries, backing off, before a sale's outcome is left unknown for later. */
  statusQueries: z.int().min(1).max(20).default(5),
};
const cardTerminalConfig = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('simulated'), ...plainLineFields, ...cardTimingFields }),
  z.object({
    kind: z.literal('ecr-serial'),
    path: z.string().min(1),
    ...plainLineFields,
    ...cardTimingFields,
  }),
  z.object({
    kind: z.literal('ecr-tcp'),
    host: z.string().min(1),
    port: z.int().min(1).max(65_535),
    ...cardTimingFields,
  }),
]);

/**
 * TLS to the operator's server, always; plain HTTP only to this machine (the demo and tests run
 * the reference server on loopback).
 */
export function transportAllowed(url: string): boolean {
  const u = new URL(url);
  if (u.protocol === 'https:') return true;
  return u.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(u.hostname);
}

/** A time in minutes, at most a day. */
const minutes = (byDefault: number) =>
  z
    .number()
    .positive()
    .max(24 * 60)
    .default(byDefault);

/** A line the site prints on its receipts: printable text, as long as a wide receipt line. */
const receiptLine = z
  .string()
  .max(48)
  .refine(
    (line) => [...line].every((c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) !== 127),
    'no control characters',
  );

/** The whole station configuration; `<dataDir>/station.json` may override any top-level key. */
export const stationConfigSchema = z.object({
  stationName: z.string().min(1).default('Station Console'),
  /**
   * How the site writes money and time, and the languages it speaks. Money and dates are
   * formatted with Intl in `locale` (e.g. "ro-RO": "12,50 lei") and `timeZone` (unset: the first
   * tariff's), in the tariffs' currency, whatever the language of the words around them.
   * `language` is the console's language until a manager picks another under Settings (kept in
   * the database from then on); `receiptLanguage` is what the receipts and shift reports print in.
   */
  site: z
    .object({
      locale: z.string().refine(isKnownLocale, 'a BCP 47 locale, e.g. ro-RO').default('en-GB'),
      timeZone: z.string().refine(isKnownTimeZone, 'an IANA time zone').optional(),
      language: z.enum(LANGUAGES).default(DEFAULT_LANGUAGE),
      receiptLanguage: z.enum(LANGUAGES).default(DEFAULT_LANGUAGE),
    })
    .prefault({}),
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
   * Receipt numbers: one gapless sequence per station (1, 2, 3, ...), printed after the prefix
   * ("ST1-42"). The prefix is kept with each number, so changing it later renames no receipt.
   */
  receipts: z
    .object({
      prefix: z
        .string()
        .max(12)
        .regex(/^[A-Za-z0-9 ._/-]*$/, 'letters, digits, space, dot, slash, dash or underscore')
        .default(DEFAULT_RECEIPT_PREFIX),
      /**
       * Where a digital receipt's link points (`<base>/r/<receiptId>?k=<token>`), for the
       * customer's phone when the paper is out: the operator's receipt page. Unset: none.
       */
      digitalBaseUrl: z
        .url()
        .refine(transportAllowed, 'https, or plain http to this machine only')
        .optional(),
      /**
       * The site's logo (PNG, JPEG or BMP; a path relative to the resources folder, or
       * absolute), printed above the site name, scaled down to the paper. Unset: no logo.
       */
      logoPath: z.string().min(1).max(500).optional(),
      /** Lines under the site name (address, tax id) and at the very end of every receipt. */
      header: z.array(receiptLine).max(4).default([]),
      footer: z.array(receiptLine).max(4).default([]),
    })
    .prefault({}),
  /**
   * The cash drawer's shift: a blind count further off than the threshold (in minor units,
   * either way) needs a reason and a manager before the Z report closes the shift.
   */
  shifts: z
    .object({ varianceThresholdMinor: z.int().nonnegative().max(10_000_000).default(500) })
    .prefault({}),
  /** A real booth without one leaves it out; the demo's defaults simulate one. */
  poleDisplay: poleDisplayConfig.default({ kind: 'none' }),
  cardTerminal: cardTerminalConfig.default({ kind: 'none' }),
  /**
   * QR payments in the operator's app (needs sync.serverUrl): how long the customer has to pay
   * a code before it expires (seed 000's app gives 5 minutes), and how often the station asks
   * the operator whether a shown code was paid.
   */
  /**
   * What the demand forecast knows of the site's calendar: public holidays (weight 1; 0.5 for a
   * bridge day) and events (weight in the manager's own units, 1 = a usual match night). The
   * model learns each kind's effect from the history around past ones.
   */
  forecast: z
    .object({
      calendar: z
        .array(
          z
            .object({
              date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'),
              kind: z.enum(['holiday', 'event']),
              weight: z.number().min(0).max(10).optional(),
              name: z.string().max(80).optional(),
            })
            .strict(),
        )
        .max(2000)
        .default([]),
    })
    .prefault({}),
  qrPayments: z
    .object({
      validSeconds: z.int().min(30).max(3600).default(300),
      pollMilliseconds: z.int().min(200).max(60_000).default(1000),
    })
    .prefault({}),
  /**
   * A fuel station's forecourt: the pump controller, the grades with their unit prices, and
   * the pump lanes (kind `pump`) with their pumps and nozzles (./forecourt-config). None by
   * default.
   */
  forecourt: forecourtSchema(cameraSpec),
  /** How points are earned here (./loyalty-config): 1 a 1.00 and fuel 1 a litre by default. */
  loyalty: loyaltySchema,
  /** The managers' exception rules' thresholds (./exceptions-config); each has a default. */
  exceptions: exceptionsSchema,
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
  /**
   * Sync with the operator's hosted API (api/openapi.yaml). No serverUrl: a stand-alone booth.
   * The device secret is not configured here: it lives in the secret store ('sync.deviceSecret').
   */
  sync: z
    .object({
      serverUrl: z
        .url()
        .nullable()
        .default(null)
        .refine((u) => u === null || transportAllowed(u), {
          message: 'must be https:// (plain http only to 127.0.0.1, ::1 or localhost)',
        }),
      /**
       * Enrolment only: a device secret typed here moves into the secret store at the next
       * start ('sync.deviceSecret') and is removed from station.json.
       */
      deviceSecret: z.string().min(16).max(256).optional(),
      /** Journal events per push (the server takes at most 1000). */
      batchSize: z.int().min(1).max(1000).default(500),
      /** Changes per pulled page (the server sends at most 1000). */
      pullPageSize: z.int().min(1).max(1000).default(500),
      /** How often a round runs while there's nothing new; a round drains what is pending. */
      intervalSeconds: z.number().min(0.05).max(3600).default(3),
      /** A request without an answer this long is a timeout (the same batch is sent again). */
      requestTimeoutSeconds: z.number().min(0.1).max(300).default(15),
      /** The longest wait between tries after failures (backoff with jitter up to this). */
      maxBackoffSeconds: z.number().min(0.1).max(3600).default(60),
      /** What the lanes do while the server can't be reached. */
      offlinePolicy: z
        .enum(['allow-entry-exit', 'exit-only', 'strict'])
        .default('allow-entry-exit'),
    })
    .prefault({}),
  /**
   * A camera read below this never opens a gate by itself; the cashier confirms it. Unset: the
   * gate the models' confidence calibration recommends (models/plate-calibration.json, chosen
   * so that at least 99% of reads at or above it were exact on held-out real plates), else 0.8
   * on the raw score.
   */
  minReadConfidence: z.number().min(0).max(1).optional(),
  previewFps: z.number().min(0.1).max(15).default(2),
  /**
   * onnx: the project's detector and OCR models in a supervised worker process, with the site's
   * plate formats (ids or regions from src-main/anpr/format-rules.ts). sample-labels: a stand-in
   * that returns the transcribed labels of the bundled sample frames (for demos without models).
   */
  /**
   * Bookings (issue 11): the pumps and bays that take them, the walk-in capacity kept free,
   * the check-in grace and no-show rules (src-shared/domain/bookings/settings.ts).
   */
  bookings: bookingSettings,
  plateReader: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('onnx'),
      formats: z.array(z.string().min(1)).min(1).default(['ro']),
    }),
    z.object({ kind: z.literal('sample-labels'), labelsCsv: z.string() }),
  ]),
});

export type StationConfig = z.infer<typeof stationConfigSchema> & {
  dataDir: string;
  resourcesDir: string;
  modelsDir: string;
  /** Seeded into an empty operators table: DEMO_OPERATORS for the demo, else none. */
  demoOperators: readonly { name: string; role: 'cashier' | 'manager'; pin: string }[];
  /** The demo's charts start with a generated year (src-main/demo); never at a real booth. */
  demoCharts: boolean;
};
export type LaneConfig = StationConfig['lanes'][number];
