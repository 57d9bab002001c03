import type { PlateReader } from '../anpr/plate-reader';
import { FramePump } from '../camera/frame-encoder';
import { createCameraSource } from '../camera/opencv-sources';
import type { Db } from '../db/database';
import { FuelPlateCheckRepository } from '../db/repositories/fuel-plate-check-repository';
import { FuelSaleRepository } from '../db/repositories/fuel-sale-repository';
import type { PumpController } from '../devices/pump/pump-controller';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { StationConfig } from '../platform/station-config';
import { ForecourtAttendant } from '../services/forecourt-attendant';
import type { CardPayments } from '../services/card-payments';
import { FuelAppSettlement, type FuelAppSettlementDeps } from '../services/fuel-app-settlement';
import { FuelCheckout, type FuelCheckoutDeps } from '../services/fuel-checkout';
import { FuelPlateChecks } from '../services/fuel-plate-checks';
import { FuelSaleService, type FuelSaleOutcome } from '../services/fuel-sale-service';
import type { Transact } from '../services/ports';
import { PumpLaneCameras } from '../services/pump-lane-cameras';
import { PumpLanePlates } from '../services/pump-lane-plates';
import type { DeviceRegistry } from './device-registry';

/** How often due fuel sales are checked against the payments made in the operator's app. */
const APP_SETTLE_MS = 1000;

export interface Forecourt {
  sales: FuelSaleService;
  /** Paying the sales at the booth, and the cashier's plate for a doubtful read. */
  checkout: FuelCheckout;
  plates: PumpLanePlates;
  attendant: ForecourtAttendant;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The forecourt wired from the station's parts (issue 10): the pump controller's health on the
 * status strip, the pump lanes' cameras, and the attendant that turns deliveries into sales
 * (FuelSaleService) with the plate read at the lane. Null when the site has no pump controller.
 *
 * The pump lanes' camera URIs are used as configured: unlike the gate lanes', credentials in
 * them are not moved to the secret store yet.
 */
export function createForecourt(d: {
  controller: PumpController | null;
  db: Db;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  registry: DeviceRegistry;
  reader: PlateReader;
  /** The gates' confidence threshold: a pump lane's read is sure by the same rule. */
  minConfidence: number;
  config: Pick<StationConfig, 'forecourt' | 'tariffs' | 'resourcesDir' | 'previewFps'>;
  currency: string;
  log: Logger;
  recorded?(outcome: FuelSaleOutcome): void;
  /** What paying a sale at the booth uses beside the sales: the payments side's parts. */
  checkout: Omit<
    FuelCheckoutDeps,
    'sales' | 'plateChecks' | 'plates' | 'app' | 'attempts' | 'journal' | 'transact' | 'clock'
  > & {
    attempts: FuelCheckoutDeps['attempts'];
    /** Payments made in the operator's app (pulled by sync), and which of them settled what. */
    appPayments: FuelAppSettlementDeps['appPayments'];
    payments: FuelCheckoutDeps['payments'] & FuelAppSettlementDeps['payments'];
    /** Fuel sales' approved cards are booked by the checkout, recovery included. */
    cards: FuelCheckoutDeps['cards'] & Pick<CardPayments, 'serveFuel'>;
  };
}): Forecourt | null {
  const { controller } = d;
  if (!controller) return null;
  const lanes = d.config.forecourt.lanes;
  const saleRows = new FuelSaleRepository(d.db);
  const plateChecks = new FuelPlateCheckRepository(d.db);
  const sales = new FuelSaleService({
    sales: saleRows,
    plateChecks,
    journal: d.journal,
    transact: d.transact,
    clock: d.clock,
    forecourt: d.config.forecourt,
    currency: d.currency,
  });
  const plates = new PumpLanePlates(lanes, d.minConfidence);
  const cameras = new PumpLaneCameras(d.reader, plates);
  const attendant = new ForecourtAttendant({
    controller,
    sales,
    plates,
    readPlateAt: (pump) => cameras.readAt(pump),
    clock: d.clock,
    log: d.log,
    recorded: (outcome) => {
      d.recorded?.(outcome);
      // A sale paid in the operator's app before the nozzle hung up settles at once.
      if (outcome.kind === 'recorded') settleFromApp();
    },
  });
  const framePumps = lanes.flatMap((lane) => {
    if (!lane.camera) return [];
    const id = `camera-${lane.id}`;
    return [
      new FramePump({
        laneId: lane.id,
        source: createCameraSource(lane.camera, d.config.resourcesDir, { id }),
        fps: d.config.previewFps,
        // No preview: the console's lane cards are the gates'; the read is what matters here.
        onFrame: () => undefined,
        onCameraFrame: (frame) => cameras.addFrame(lane.id, frame),
        onHealth: (h) =>
          d.registry.update({
            id,
            kind: 'camera',
            label: `${lane.name} camera`,
            health: h.status === 'ok' ? 'ok' : 'offline',
            detail: h.detail,
          }),
      }),
    ];
  });
  const offStatus = controller.onStatus((s) => d.registry.update(s));
  const plateRules = new FuelPlateChecks({
    checks: plateChecks,
    journal: d.journal,
    transact: d.transact,
    clock: d.clock,
  });
  const app = new FuelAppSettlement({
    sales: saleRows,
    plateOf: (sale) => plateRules.plateOf(sale),
    cardOpen: (saleId) => d.checkout.attempts.openForFuelSale(saleId).length > 0,
    payments: d.checkout.payments,
    appPayments: d.checkout.appPayments,
    journal: d.journal,
    transact: d.transact,
    clock: d.clock,
    events: d.checkout.events,
  });
  // Payments made in the app arrive with sync's pull: due sales are checked against them often.
  let appTimer: NodeJS.Timeout | null = null;
  const settleFromApp = () => {
    try {
      app.settle();
    } catch (error) {
      d.log.warn('settling fuel sales paid in the app failed; tried again shortly', {
        error: String(error),
      });
    }
  };
  const checkout = new FuelCheckout({
    ...d.checkout,
    sales: saleRows,
    plateChecks,
    plates: plateRules,
    app,
    journal: d.journal,
    transact: d.transact,
    clock: d.clock,
  });
  d.checkout.cards.serveFuel(checkout.cardBooker);
  return {
    sales,
    checkout,
    plates,
    attendant,
    async start() {
      attendant.start();
      appTimer = setInterval(settleFromApp, APP_SETTLE_MS);
      appTimer.unref();
      for (const p of framePumps) p.start();
      // The first contact catches up what the controller kept while the station was off.
      d.registry.update(await controller.checkStatus());
    },
    async stop() {
      if (appTimer) clearInterval(appTimer);
      offStatus();
      await attendant.stop();
      await Promise.allSettled(framePumps.map((p) => p.stop()));
      cameras.close();
    },
  };
}
