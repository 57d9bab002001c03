import { join } from 'node:path';
import { FramePump } from '../camera/frame-encoder';
import { createCameraSource } from '../camera/opencv-sources';
import { openDatabase } from '../db/database';
import { createRepositories } from '../db/repositories';
import { Dispatcher } from '../ipc/dispatcher';
import { EventHub } from '../ipc/event-hub';
import { Journal } from '../journal/journal';
import { checkJournalAtStart } from '../journal/journal-health';
import { journalKey } from '../journal/journal-key';
import { importLegacyRecords } from '../journal/legacy-import';
import type { Clock } from '../platform/clock';
import { AlertService } from '../services/alert-service';
import { AlertViews } from '../services/alert-views';
import { AppPaymentSettlement } from '../services/app-payment-settlement';
import { GateService } from '../services/gate-service';
import { LaneControl } from '../services/lane-control';
import { LaneRois, storedLaneRoi } from '../services/lane-rois';
import { LaneRuntime } from '../services/lane-runtime';
import { LotService } from '../services/lot-service';
import { Occupancy } from '../services/occupancy';
import { Elevation } from '../services/elevation';
import { OperatorService } from '../services/operator-service';
import { ParkingFlow } from '../services/parking-flow';
import { PaymentLedger } from '../services/payment-ledger';
import { CardPayments } from '../services/card-payments';
import { QrPayments } from '../services/qr-payments';
import { CardReversals } from '../services/card-reversals';
import { DigitalReceipts, digitalReceiptKey } from '../services/digital-receipt';
import { NilPayments } from '../services/nil-payments';
import { PaymentReversals } from '../services/payment-reversals';
import { RedemptionSlips } from '../services/redemption-slip';
import { ReversalLedger } from '../services/reversal-ledger';
import { PaymentService } from '../services/payment-service';
import { PhotoStore } from '../services/photo-store';
import { PrintQueue } from '../services/print-queue';
import { PoleDisplayMessages } from '../services/pole-display-messages';
import { PulledPlateRules } from '../services/plate-rules';
import type { Transact } from '../services/ports';
import { SessionService } from '../services/session-service';
import { ShiftDrawer } from '../services/shift-sales';
import { ShiftService } from '../services/shift-service';
import { SignedInOperators } from '../services/signed-in-operators';
import { StatusStripSignInAlerts } from '../services/sign-in-alerts';
import { SiteCatalog } from '../services/site-catalog';
import { consoleLanguage, StationSettings } from '../services/station-settings';
import { StationStatusService } from '../services/station-status';
import { UnableToCollect } from '../services/unable-to-collect';
import type { StationConfig } from './config';
import { cameraUriFor, moveCameraCredentials } from './camera-credentials';
import { prepareDataDir } from './data-dir';
import { DeviceRegistry } from './device-registry';
import { connectDevices, type StationDevices } from './devices';
import { FileSecretStore } from './file-secret-store';
import { createHandlers } from './handlers';
import { createBookings } from './bookings';
import { createForecourt } from './forecourt';
import { createLoyalty } from './loyalty';
import { createCoupons } from './coupons';
import { createCharts } from './charts';
import { createExceptions } from './exceptions';
import { createLogger, type Logger } from '../platform/logger';
import { createPlateReader, type AnprChannelFactory } from './plate-reader-factory';
import type { SecretStore } from '../platform/secret-store';
import { stationId } from './station-id';
import { stripDeviceSecretFromFile } from './sync-enrolment';
import { createSync } from '../sync/create-sync';
import { loadCalibration } from '../anpr/calibration';
import { translate, translator } from '../../src-shared';

/** How often card sales with an unknown outcome are asked about at the terminal. */
const CARD_RECOVERY_MS = 5000;

/** How often the printer's real-time status is polled, and receipts waiting for it retried. */
const PRINTER_POLL_MS = 1000;

export interface Station {
  dispatcher: Dispatcher;
  events: EventHub;
  devices: StationDevices;
  config: StationConfig;
  stop(): Promise<void>;
}

export interface StationOptions {
  mode: 'electron' | 'headless';
  secrets: SecretStore;
  log?: Logger;
  /** Injected clock: tests move time forward to cross exit windows and tariff steps. */
  now?: Clock;
  /** The bundled ANPR worker script (Electron); dev and the host fork the .ts next to its module. */
  anprWorkerPath?: string;
  /** Starts the ANPR worker another way (Electron: utilityProcess); default child_process.fork. */
  anprChannel?: AnprChannelFactory;
}

/**
 * The composition root: data, devices, cameras and services, behind one dispatcher. Every
 * service gets exactly the repositories, clock, journal and publisher it uses, from here.
 */
export async function startStation(
  configured: StationConfig,
  opts: StationOptions,
): Promise<Station> {
  const log = opts.log ?? createLogger('station');
  const clock: Clock = opts.now ?? Date.now;
  const events = new EventHub(log);
  const registry = new DeviceRegistry(events);
  prepareDataDir(configured.dataDir);
  const dbFile = join(configured.dataDir, 'station.db');
  const db = openDatabase(dbFile);
  const repos = createRepositories(db, clock);
  const transact: Transact = (fn) => db.transaction(fn)();
  registry.update({
    id: 'database',
    kind: 'database',
    label: 'Database',
    health: 'ok',
    detail: dbFile,
  });

  // Secrets must outlive restarts: where the given store forgets (no OS keystore), they live
  // in a 0600 file in the data directory instead.
  const secrets = opts.secrets.persistent
    ? opts.secrets
    : new FileSecretStore(join(configured.dataDir, 'secrets.json'));
  const config = moveCameraCredentials(configured, secrets, log);
  const key = journalKey(secrets);
  const thisStation = stationId(db);
  const journal = new Journal(db, key, thisStation);
  importLegacyRecords(db, journal);
  const stopping = new AbortController();
  const verified = checkJournalAtStart(db, key, (s) => registry.update(s), stopping.signal);

  transact(() => {
    const at = clock();
    for (const t of config.tariffs) {
      if (repos.site.upsertTariff(t, at)) {
        journal.append(
          {
            type: 'tariff.changed',
            aggregateId: t.id,
            actor: 'configuration',
            payload: { rules: t },
          },
          at,
        );
      }
    }
    for (const z of config.zones) repos.site.upsertZone(z);
    for (const l of config.lanes) repos.site.upsertLane({ ...l, gateDevice: `gate-${l.id}` });
  });

  const devices = await connectDevices(config, log);
  devices.printer.onStatus((s) => registry.update(s));
  devices.poleDisplay?.onStatus((s) => registry.update(s));
  devices.cardTerminal?.onStatus((s) => registry.update(s));
  const customerDisplay =
    devices.poleDisplay &&
    new PoleDisplayMessages({
      display: devices.poleDisplay,
      locale: config.site.locale,
      language: config.site.receiptLanguage,
      idleLines: [translate(config.site.receiptLanguage, 'pole.welcome'), config.stationName],
      onError: (error) => log.warn('pole display', { error: String(error) }),
    });
  const lanes = new Map<string, LaneRuntime>();
  for (const l of config.lanes) {
    const gate = devices.gates.get(l.id)!;
    gate.onStatus((s) => registry.update(s));
    // A lane's messages are worded in the consoles' language (the station's setting).
    const words = () => translator(consoleLanguage(repos.settings, config.site.language));
    const lane = new LaneRuntime(l, gate, events, words);
    // The region of interest a manager drew for this lane (issue 12), if any.
    lane.setRoi(storedLaneRoi(repos.settings, l.id));
    lanes.set(l.id, lane);
  }

  const site = new SiteCatalog(
    config.stationName,
    config.tariffs,
    config.zones,
    lanes,
    config.site,
  );
  // Bookings before sync: pulled bookings join the schedule in the pull's transaction.
  const bookings = createBookings({
    repos,
    journal,
    transact,
    clock,
    events,
    config,
    stationId: thisStation,
    log,
  });
  // Loyalty before sync: pulled members join the lookups in the pull's transaction.
  const loyalty = createLoyalty({
    db,
    journal,
    transact,
    clock,
    connectivity: () => sync,
    words: () => translator(consoleLanguage(repos.settings, config.site.language)),
    rules: config.loyalty,
    catalogue: config.loyalty.catalogue,
    locale: config.site.locale,
    log,
    changed: (memberIds) => events.publish('loyalty:changed', { memberIds }),
  });
  // Each redemption's slip, printed once it committed.
  const slips = new RedemptionSlips({
    printer: devices.printer,
    stationName: config.stationName,
    paper: () => site.paper,
  });
  // Sync first: the lanes ask it whether the operator's server answers (the offline policy
  // applies while it does not), and it brings the tariffs last pulled. It starts further down.
  const sync = createSync({
    config: config.sync,
    stationId: thisStation,
    repos,
    journal,
    transact,
    clock,
    events,
    secrets,
    log,
    useTariff: (t) => site.useTariff(t),
    bookings: bookings.intake,
    members: loyalty.members,
  });
  stripDeviceSecretFromFile(config);
  const minConfidence = await gateThreshold(config, log);
  const alertViews = new AlertViews(site);
  const occupancy = new Occupancy(site, repos.sessions, events);
  const gates = new GateService({ journal, transact, clock });
  const flow = new ParkingFlow({
    sessions: repos.sessions,
    alerts: repos.alerts,
    journal,
    transact,
    site,
    gates,
    occupancy,
    alertViews,
    events,
    clock,
    minConfidence,
    appPayments: new AppPaymentSettlement({
      appPayments: repos.appPayments,
      sessions: repos.sessions,
      payments: repos.payments,
      journal,
      transact,
      site,
      paymentInProgress: (sessionId) =>
        repos.cardAttempts.openForSession(sessionId).length > 0 ||
        repos.qrAttempts.openForSession(sessionId).length > 0,
    }),
    connectivity: sync,
    plateRules: new PulledPlateRules(repos.referenceData),
    bookingArrivals: bookings.intake,
  });
  const photos = new PhotoStore(join(config.dataDir, 'photos'), repos.photos, clock);
  const printQueue = new PrintQueue({
    jobs: repos.printJobs,
    printer: devices.printer,
    journal,
    transact,
    events,
    clock,
    pollMs: PRINTER_POLL_MS,
    log,
  });
  const interrupted = printQueue.recoverInterrupted();
  if (interrupted > 0) {
    log.warn('receipts cut off by the last stop wait for the cashier', { interrupted });
  }
  const drawer = new ShiftDrawer(repos.shifts);
  const payments = new PaymentService({
    ledger: new PaymentLedger({
      ...repos,
      journal,
      transact,
      site,
      drawer,
      receiptPrefix: config.receipts.prefix,
    }),
    sessions: repos.sessions,
    payments: repos.payments,
    idempotency: repos.idempotency,
    site,
    printQueue,
    events,
    clock,
    display: customerDisplay ?? undefined,
  });
  const cardPayments = new CardPayments({
    payments,
    attempts: repos.cardAttempts,
    sessions: repos.sessions,
    drawer,
    terminal: devices.cardTerminal,
    journal,
    transact,
    clock,
    site,
    log,
  });
  const qrPayments = new QrPayments({
    payments,
    attempts: repos.qrAttempts,
    sessions: repos.sessions,
    drawer,
    gateway: sync.qr,
    printer: devices.printer,
    journal,
    transact,
    events,
    clock,
    site,
    log,
    validForMs: config.qrPayments.validSeconds * 1000,
  });
  // A manager's approval at a cashier's console: what the approved action journals is
  // followed, in its transaction, by an event naming the cashier (see services/elevation.ts).
  const elevation = new Elevation({ journal, transact, clock });
  const reversalLedger = new ReversalLedger({
    reversals: repos.reversals,
    cardRefunds: repos.cardRefunds,
    sessions: repos.sessions,
    drawer,
    journal: elevation.writer(journal),
    site,
  });
  const cardReversals = new CardReversals({
    refunds: repos.cardRefunds,
    ledger: reversalLedger,
    payment: (paymentId) => repos.reversals.payment(paymentId)!,
    drawer,
    terminal: devices.cardTerminal,
    journal: elevation.writer(journal),
    transact,
    clock,
    events,
    log,
  });
  const operators = new OperatorService({
    operators: repos.operators,
    journal: elevation.writer(journal),
    transact,
    clock,
    alerts: new StatusStripSignInAlerts((s) => registry.update(s)),
    lockout: {
      afterFailures: config.signIn.lockoutAfterFailures,
      firstLockMs: config.signIn.lockoutSeconds * 1000,
      maxLockMs: config.signIn.lockoutMaxMinutes * 60_000,
    },
  });
  operators.seedIfEmpty(config.demoOperators);
  const shifts = new ShiftService({
    shifts: repos.shifts,
    journal: elevation.writer(journal),
    transact,
    clock,
    events,
    printer: devices.printer,
    rules: {
      currency: site.currency,
      varianceThresholdMinor: config.shifts.varianceThresholdMinor,
      stationName: config.stationName,
      paper: site.paper,
    },
    redemptions: (fromAt, toAt) => loyalty.ledger.redeemedBetween(fromAt, toAt),
  });
  const signIns = new SignedInOperators({
    clock,
    idleLockMs: {
      cashier: config.signIn.idleLockMinutes.cashier * 60_000,
      manager: config.signIn.idleLockMinutes.manager * 60_000,
    },
    grantMs: config.signIn.approvalSeconds * 1000,
    ended: (operator, why) => operators.signedOut(operator, why),
  });
  const plateReader = await createPlateReader(
    config,
    registry,
    log,
    opts.anprWorkerPath,
    opts.anprChannel,
  );
  // The forecourt (fuel stations): pump lanes read plates by the gates' confidence rule.
  const forecourt = createForecourt({
    controller: devices.pumpController,
    db,
    journal,
    transact,
    clock,
    registry,
    reader: plateReader.reader,
    minConfidence,
    config,
    currency: site.currency,
    log,
    recorded: (outcome) => {
      if (outcome.kind === 'recorded') {
        events.publish('fuel:changed', { saleId: outcome.sale.id, change: 'recorded' });
      }
    },
    checkout: {
      payments: repos.payments,
      appPayments: repos.appPayments,
      attempts: repos.cardAttempts,
      cards: cardPayments,
      idempotency: repos.idempotency,
      drawer,
      loyalty: loyalty.forCheckout,
      site,
      printQueue,
      events,
      receiptPrefix: config.receipts.prefix,
    },
  });

  const pumps = config.lanes.map((l) => {
    const lane = lanes.get(l.id)!;
    const pump = new FramePump({
      laneId: l.id,
      source: createCameraSource(
        { ...l.camera, uri: cameraUriFor(l, secrets) },
        config.resourcesDir,
        { id: `camera-${l.id}` },
      ),
      fps: config.previewFps,
      onFrame: (f) => events.publish('lane:frame', f),
      onCameraFrame: (f) => lane.addFrame(f),
      onHealth: (h) =>
        registry.update({
          id: `camera-${l.id}`,
          kind: 'camera',
          label: `${l.name} camera`,
          health: h.status === 'ok' ? 'ok' : 'offline',
          detail: h.detail,
        }),
    });
    pump.start();
    return pump;
  });

  const refreshGates = () => Promise.all([...lanes.values()].map((l) => l.refreshGate()));
  await refreshGates();
  registry.update(await devices.printer.checkStatus());
  if (devices.poleDisplay) registry.update(await devices.poleDisplay.checkStatus());
  if (devices.cardTerminal) registry.update(await devices.cardTerminal.checkStatus());
  await forecourt?.start();
  // Card sales whose outcome the last run never heard: settled now, then every few seconds.
  // Card refunds likewise: one the terminal approved is booked once, one it never got is not.
  const recoverCards = () => void cardPayments.recover().then(() => cardReversals.recover());
  recoverCards();
  const cardRecovery = setInterval(recoverCards, CARD_RECOVERY_MS);
  // QR payments shown to a customer: the operator is asked until each is paid or over.
  void qrPayments.watch();
  const qrWatch = setInterval(() => void qrPayments.watch(), config.qrPayments.pollMilliseconds);
  customerDisplay?.idle();
  const gatePoll = setInterval(() => void refreshGates(), 1000);
  // Receipts left waiting by the last run print now, if the printer is ready.
  printQueue.start();

  sync.start();
  loyalty.start();
  bookings.start();
  // The managers' demand charts: rollups follow the journal by their own cursor.
  const charts = createCharts({
    db,
    journal,
    writer: elevation.writer(journal),
    transact,
    timeZone: site.timeZone,
    clock,
    log,
    settings: repos.settings,
    demoZoneId: config.demoCharts ? (config.zones[0]?.id ?? null) : null,
    calendar: config.forecast.calendar,
  });
  charts.start();
  // The managers' exceptions: the rules follow the journal by their own cursor too.
  const exceptions = createExceptions({
    db,
    journal,
    writer: elevation.writer(journal),
    transact,
    thresholds: config.exceptions,
    events,
    zones: config.zones.map((z) => ({
      id: z.id,
      entryLaneIds: config.lanes
        .filter((l) => l.direction === 'entry' && l.zoneId === z.id)
        .map((l) => l.id),
    })),
    // Only where a pump controller runs: a configured forecourt without one sells nothing.
    pumps: forecourt
      ? config.forecourt.lanes.flatMap((l) => l.pumps.map((p) => ({ pump: p.pump, laneId: l.id })))
      : [],
    charts,
    timeZone: site.timeZone,
    clock,
    log,
  });
  exceptions.start();

  // A manager's setting: through the elevation writer, so an approved cashier is named too.
  const settings = new StationSettings({
    settings: repos.settings,
    journal: elevation.writer(journal),
    transact,
    clock,
    events,
    defaultLanguage: config.site.language,
  });
  const handlers = createHandlers({
    status: new StationStatusService(
      opts.mode,
      site,
      repos.sessions,
      () => registry.list(),
      settings,
    ),
    settings,
    operators,
    signIns,
    laneRois: new LaneRois({
      settings: repos.settings,
      site,
      journal: elevation.writer(journal),
      transact,
      clock,
    }),
    lanes: new LaneControl({
      site,
      flow,
      gates,
      reader: plateReader.reader,
      photos,
      journal,
      transact,
      clock,
      log,
    }),
    sessions: new SessionService({
      sessions: repos.sessions,
      plateSearch: repos.plateSearch,
      site,
      clock,
      display: customerDisplay ?? undefined,
    }),
    payments,
    printQueue,
    shifts,
    cardPayments,
    qrPayments,
    digitalReceipts: config.receipts.digitalBaseUrl
      ? new DigitalReceipts({
          payments: repos.payments,
          key: digitalReceiptKey(secrets),
          baseUrl: config.receipts.digitalBaseUrl,
        })
      : null,
    nilPayments: new NilPayments({
      payments,
      paymentRows: repos.payments,
      sessions: repos.sessions,
      idempotency: repos.idempotency,
      drawer,
      journal: elevation.writer(journal),
      transact,
      site,
      printQueue,
      events,
      receiptPrefix: config.receipts.prefix,
    }),
    reversals: new PaymentReversals({
      reversals: repos.reversals,
      sessions: repos.sessions,
      ledger: reversalLedger,
      cards: cardReversals,
      drawer,
      transact,
      clock,
      site,
      events,
      language: () => settings.language(),
      fuelPlate: (saleId) => forecourt?.checkout.sale(saleId).plate ?? null,
    }),
    unableToCollect: new UnableToCollect({
      sessions: repos.sessions,
      site,
      flow,
      journal: elevation.writer(journal),
      connectivity: sync,
      clock,
    }),
    alerts: new AlertService({
      alerts: repos.alerts,
      sessions: repos.sessions,
      journal,
      transact,
      site,
      alertViews,
      flow,
      payments,
      clock,
      overrides: elevation.writer(journal),
    }),
    lot: new LotService({
      sessions: repos.sessions,
      journal: elevation.writer(journal),
      transact,
      site,
      occupancy,
      events,
      clock,
    }),
    photos,
    journal,
    sync,
    bookings: { service: bookings.service, tokens: bookings.tokens },
    loyalty,
    slips,
    coupons: createCoupons({ db, journal, transact, clock, sync }),
    fuel: forecourt?.checkout ?? null,
    charts,
    exceptions: exceptions.service,
  });
  const dispatcher = new Dispatcher(handlers, log, {
    signIns,
    runElevated: (call, action) => elevation.run(call, action),
    // Refusals reach the cashier in the console's language as it is at that moment.
    language: () => settings.language(),
  });

  return {
    dispatcher,
    events,
    devices,
    config,
    async stop() {
      stopping.abort();
      clearInterval(gatePoll);
      bookings.stop();
      loyalty.stop();
      charts.stop();
      exceptions.stop();
      clearInterval(cardRecovery);
      clearInterval(qrWatch);
      await cardPayments.stop();
      await qrPayments.stop();
      await cardReversals.stop();
      await printQueue.stop();
      await sync.stop();
      await Promise.allSettled(pumps.map((p) => p.stop()));
      await forecourt?.stop();
      await plateReader.close().catch(() => undefined);
      customerDisplay?.stop();
      await devices.dispose();
      await verified;
      db.close();
    },
  };
}

/** The raw pipeline score's gate, for a reader without a confidence calibration. */
const RAW_GATE = 0.8;

/**
 * The confidence a camera read needs to open a gate by itself: the site's setting, else the
 * gate the ONNX models' calibration recommends (its scores mean what they say), else RAW_GATE.
 */
async function gateThreshold(config: StationConfig, log: Logger): Promise<number> {
  if (config.minReadConfidence !== undefined) return config.minReadConfidence;
  if (config.plateReader.kind !== 'onnx') return RAW_GATE;
  const calibration = await loadCalibration(config.modelsDir, (line) => log.warn(line));
  return calibration.map?.gateThreshold ?? RAW_GATE;
}
