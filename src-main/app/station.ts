import { join } from 'node:path';
import { FramePump } from '../camera/frame-encoder';
import { createCameraSource } from '../camera/opencv-sources';
import { openDatabase } from '../db/database';
import { createRepositories } from '../db/repositories';
import { Dispatcher } from '../ipc/dispatcher';
import { EventHub } from '../ipc/event-hub';
import { AlertService } from '../services/alert-service';
import { GateService } from '../services/gate-service';
import { LaneControl } from '../services/lane-control';
import { LaneRuntime } from '../services/lane-runtime';
import { LotService } from '../services/lot-service';
import { OperatorService } from '../services/operator-service';
import { ParkingFlow } from '../services/parking-flow';
import { PaymentService } from '../services/payment-service';
import { PhotoStore } from '../services/photo-store';
import { StationContext } from '../services/station-context';
import type { StationConfig } from './config';
import { DeviceRegistry } from './device-registry';
import { connectDevices, type StationDevices } from './devices';
import { createHandlers } from './handlers';
import { createLogger, type Logger } from './logger';
import { createPlateReader } from './plate-reader-factory';
import type { SecretStore } from './secret-store';

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
  now?: () => number;
  /** The bundled ANPR worker script (Electron); dev and the host fork the .ts next to its module. */
  anprWorkerPath?: string;
}

/** The composition root: data, devices, cameras and services, behind one dispatcher. */
export async function startStation(config: StationConfig, opts: StationOptions): Promise<Station> {
  const log = opts.log ?? createLogger('station');
  const events = new EventHub(log);
  const registry = new DeviceRegistry(events);
  const dbFile = join(config.dataDir, 'station.db');
  const repos = createRepositories(openDatabase(dbFile));
  registry.update({
    id: 'database',
    kind: 'database',
    label: 'Database',
    health: 'ok',
    detail: dbFile,
  });

  repos.db.transaction(() => {
    for (const t of config.tariffs) repos.site.upsertTariff(t);
    for (const z of config.zones) repos.site.upsertZone(z);
    for (const l of config.lanes) {
      repos.site.upsertLane({ ...l, gateDevice: `gate-${l.id}` });
    }
  })();

  const devices = await connectDevices(config);
  devices.printer.onStatus((s) => registry.update(s));
  const lanes = new Map<string, LaneRuntime>();
  for (const l of config.lanes) {
    const gate = devices.gates.get(l.id)!;
    gate.onStatus((s) => registry.update(s));
    lanes.set(l.id, new LaneRuntime(l, gate, events));
  }

  const ctx = new StationContext(
    repos,
    events,
    log,
    new Map(config.tariffs.map((t) => [t.id, t])),
    new Map(config.zones.map((z) => [z.id, z])),
    lanes,
    config.stationName,
    opts.now,
  );
  const gates = new GateService(repos.gateEvents);
  const flow = new ParkingFlow(ctx, gates, config.minReadConfidence);
  const photos = new PhotoStore(join(config.dataDir, 'photos'), repos.photos);
  const payments = new PaymentService(ctx, devices.printer);
  const interrupted = payments.recoverInterruptedPrints();
  if (interrupted > 0) {
    log.warn('receipts cut off by the last stop wait for the cashier', { interrupted });
  }
  const operators = new OperatorService(repos.operators, repos.audit);
  operators.seedIfEmpty(config.operators);
  const plateReader = await createPlateReader(config, registry, log, opts.anprWorkerPath);

  const pumps = config.lanes.map((l) => {
    const lane = lanes.get(l.id)!;
    const pump = new FramePump({
      laneId: l.id,
      source: createCameraSource(l.camera, config.resourcesDir, { id: `camera-${l.id}` }),
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
  const gatePoll = setInterval(() => void refreshGates(), 1000);

  const handlers = createHandlers({
    ctx,
    mode: opts.mode,
    operators,
    lanes: new LaneControl(ctx, flow, gates, plateReader.reader, photos),
    payments,
    alerts: new AlertService(ctx, flow, payments),
    lot: new LotService(ctx),
    photos,
    deviceStatuses: () => registry.list(),
  });
  const dispatcher = new Dispatcher(handlers, log);

  return {
    dispatcher,
    events,
    devices,
    config,
    async stop() {
      clearInterval(gatePoll);
      await Promise.allSettled(pumps.map((p) => p.stop()));
      await plateReader.close().catch(() => undefined);
      await devices.dispose();
      repos.db.close();
    },
  };
}
