import type { DeliveryEnd, PumpController, PumpEvent } from '../devices/pump/pump-controller';
import type { Logger } from '../platform/logger';
import type { Clock } from '../platform/clock';
import type { CatchUpReport, FuelSaleOutcome, FuelSaleService } from './fuel-sale-service';
import { newId } from './ids';
import type { PumpLanePlates } from './pump-lane-plates';

export interface ForecourtAttendantDeps {
  controller: PumpController;
  sales: Pick<FuelSaleService, 'intake' | 'catchUp'>;
  plates: Pick<PumpLanePlates, 'forget' | 'plateFor'>;
  /** Reads the plate of the car at a pump (its lane's camera) when a nozzle is lifted. */
  readPlateAt?(pump: number): Promise<void>;
  clock: Clock;
  log: Pick<Logger, 'warn' | 'info'>;
  /** Told of each sale recorded, after it committed (the console's due list, loyalty…). */
  recorded?(outcome: FuelSaleOutcome): void;
}

/**
 * The station's side of the forecourt, run by itself: a pump called by a lifted nozzle is
 * authorised (post-pay: the customer pays at the booth or in the operator's app afterwards; a
 * prepay authorisation comes from the cashier instead), the lane reads the car's plate, and each
 * delivery that ends becomes a sale exactly once (FuelSaleService: recorded, then cleared).
 * Deliveries the station did not hear end (the line was down, the station was off) are caught
 * up whenever the controller is heard again after being away, and at the first contact.
 * Work runs one piece at a time, so a catch-up and a live delivery end never interleave.
 */
export class ForecourtAttendant {
  private queue: Promise<void> = Promise.resolve();
  /** pump → the plate read running for the car there: its sale waits for it. */
  private readonly reading = new Map<number, Promise<void>>();
  private reachable = false;
  private readonly unsubscribe: Array<() => void> = [];
  private stopped = false;

  constructor(private readonly d: ForecourtAttendantDeps) {}

  start(): void {
    this.unsubscribe.push(
      this.d.controller.onEvent((event) => this.onEvent(event)),
      this.d.controller.onStatus((status) => {
        const back = status.health === 'ok' && !this.reachable;
        this.reachable = status.health === 'ok';
        if (back) this.enqueue(() => this.catchUp());
      }),
    );
  }

  /** Stops listening and waits for the work in hand (a sale being recorded) to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.unsubscribe.splice(0)) off();
    await Promise.allSettled([this.queue, ...this.reading.values()]);
  }

  /** Waits for the work queued so far (tests, and the station's stop). */
  idle(): Promise<void> {
    return this.queue;
  }

  private onEvent(event: PumpEvent): void {
    if (event.kind === 'nozzle' && event.up) {
      this.d.plates.forget(event.pump);
      // The camera read runs beside the delivery: it is in long before the nozzle hangs up.
      const read = this.d.readPlateAt?.(event.pump).catch((error: unknown) =>
        this.d.log.warn('pump lane plate read failed', {
          pump: event.pump,
          error: String(error),
        }),
      );
      if (read) this.reading.set(event.pump, read);
    } else if (event.kind === 'pump' && event.status.state === 'calling') {
      const pump = event.status.pump;
      this.enqueue(() => this.authorise(pump));
    } else if (event.kind === 'delivery-end') {
      const delivery = event.delivery;
      this.enqueue(() => this.intake(delivery));
    }
  }

  private async authorise(pump: number): Promise<void> {
    const result = await this.d.controller.authorise({ pump, authId: newId('A', this.d.clock()) });
    if (!result.ok) this.d.log.warn('pump not authorised', { pump, detail: result.detail });
  }

  private async intake(delivery: DeliveryEnd): Promise<void> {
    await this.reading.get(delivery.pump);
    try {
      const outcome = await this.d.sales.intake(
        this.d.controller,
        delivery,
        this.d.plates.plateFor(delivery),
      );
      this.d.recorded?.(outcome);
    } catch (error) {
      // Refused (the forecourt can't account for it): left on the controller, to be looked at.
      this.d.log.warn('delivery not recorded', {
        deliveryId: delivery.deliveryId,
        pump: delivery.pump,
        error: String(error),
      });
    }
  }

  private async catchUp(): Promise<void> {
    const report: CatchUpReport | { failed: string } = await this.d.sales.catchUp(
      this.d.controller,
      (delivery) => this.d.plates.plateFor(delivery),
    );
    if ('failed' in report) {
      this.d.log.warn('forecourt catch-up failed', { detail: report.failed });
      return;
    }
    for (const sale of report.recorded) this.d.recorded?.({ kind: 'recorded', sale });
    if (report.recorded.length > 0 || report.refused.length > 0) {
      this.d.log.info('forecourt caught up', {
        recorded: report.recorded.length,
        repeats: report.repeats,
        refused: report.refused.map((r) => `${r.deliveryId}: ${r.detail}`),
      });
    }
  }

  private enqueue(work: () => Promise<void>): void {
    if (this.stopped) return;
    this.queue = this.queue.then(work).catch((error: unknown) => {
      this.d.log.warn('forecourt work failed', { error: String(error) });
    });
  }
}
