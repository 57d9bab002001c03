import { normalizePlate, readIsConfident } from '../../src-shared';
import type { DeliveryEnd } from '../devices/pump/pump-controller';
import type { PumpLaneConfig } from '../platform/forecourt-config';
import type { PlateAtPump } from './fuel-sale-service';

/** A plate read at a pump lane: by its camera, or typed by the cashier. */
export interface PumpPlateRead {
  plate: string;
  confidence: number;
  source: 'camera' | 'manual';
}

/**
 * The plate of the car at each pump, as its lane read it when the nozzle was lifted, and what
 * a delivery's sale gets from it. The gates' confidence rule decides (readIsConfident, the same
 * threshold): a sure read attaches the sale to the plate; a doubtful read, or none where the
 * lane has a camera, leaves the sale waiting for the cashier's plate. A lane without a camera
 * has no plate to give (the cashier can still name the member at the booth).
 */
export class PumpLanePlates {
  private readonly laneOfPump = new Map<number, PumpLaneConfig>();
  /** pump → the read taken when its nozzle was last lifted (null: nothing was found). */
  private readonly reads = new Map<number, PumpPlateRead | null>();

  constructor(
    lanes: readonly PumpLaneConfig[],
    private readonly minConfidence: number,
  ) {
    for (const lane of lanes) for (const p of lane.pumps) this.laneOfPump.set(p.pump, lane);
  }

  /** The lane a pump stands on, if any. */
  laneOf(pump: number): PumpLaneConfig | null {
    return this.laneOfPump.get(pump) ?? null;
  }

  /** A new car at the pump: what was read for the last one no longer counts. */
  forget(pump: number): void {
    this.reads.delete(pump);
  }

  /** What the lane read for the car at `pump` (null: it looked and found no plate). */
  noteRead(pump: number, read: PumpPlateRead | null): void {
    this.reads.set(pump, read);
  }

  /** The plate a delivery's sale is recorded with. */
  plateFor(delivery: Pick<DeliveryEnd, 'pump'>): PlateAtPump {
    const lane = this.laneOf(delivery.pump);
    if (!lane?.camera) return null;
    const read = this.reads.get(delivery.pump) ?? null;
    if (!read) return { toConfirm: true, readPlate: null, confidence: null };
    const checked = normalizePlate(read.plate);
    const sure = readIsConfident(
      { wellFormed: checked.ok, source: read.source, confidence: read.confidence },
      this.minConfidence,
    );
    if (sure && checked.ok) return checked.plate;
    return { toConfirm: true, readPlate: read.plate, confidence: read.confidence };
  }
}
