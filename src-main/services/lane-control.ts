import type { LaneOutcome, LaneView, OperatorView } from '../../src-shared';
import { StationError } from '../../src-shared';
import type { PlateRead, PlateReader } from '../anpr/plate-reader';
import { encodeJpeg } from '../camera/frame-encoder';
import type { GateService } from './gate-service';
import type { LaneRuntime } from './lane-runtime';
import type { ParkingFlow } from './parking-flow';
import type { PhotoStore } from './photo-store';
import type { StationContext } from './station-context';

/** What the cashier (or a loop detector) does to a lane: trigger a read, type a plate, open the gate. */
export class LaneControl {
  constructor(
    private readonly ctx: StationContext,
    private readonly flow: ParkingFlow,
    private readonly gates: GateService,
    private readonly reader: PlateReader,
    private readonly photos: PhotoStore,
  ) {}

  list(): LaneView[] {
    return [...this.ctx.lanes.values()].map((l) => ({ ...l.view }));
  }

  /** Reads the frame the lane camera shows now; null when no plate is found in it. */
  async trigger(laneId: string): Promise<LaneOutcome | null> {
    const lane = this.ctx.lane(laneId);
    const frame = lane.latestFrame;
    if (!frame) throw new StationError('DEVICE_FAULT', `${lane.config.name}: no camera frame yet.`);
    const best = await this.bestRead(lane);
    if (!best) {
      lane.say('No plate found: type it in if a car is waiting', 'info');
      return null;
    }
    const photoId = await this.snapshot(lane);
    return this.flow.handleRead(laneId, {
      plate: best.text,
      confidence: best.confidence,
      source: 'camera',
      photoId,
      cropPhotoId: best.cropJpeg ? this.photos.save(best.cropJpeg, lane.id) : null,
      alternates: best.alternates.map((a) => a.text),
    });
  }

  async manualRead(laneId: string, plate: string): Promise<LaneOutcome> {
    const lane = this.ctx.lane(laneId);
    return this.flow.handleRead(laneId, {
      plate,
      confidence: 1,
      source: 'manual',
      photoId: await this.snapshot(lane),
    });
  }

  /** An override: the reason is audited before the barrier moves. */
  async openGate(laneId: string, reason: string, operator: OperatorView): Promise<LaneView> {
    const lane = this.ctx.lane(laneId);
    this.ctx.repos.audit.append({
      actor: operator.name,
      action: 'gate-open-override',
      subject: laneId,
      reason,
    });
    await this.gates.openOrThrow(lane, `override by ${operator.name}`, null);
    lane.say(`Gate opened by ${operator.name}`, 'info');
    return { ...lane.view };
  }

  /**
   * A car waiting at a barrier stands still, so the lane's last few frames are read as one
   * burst and voted on; a reader without burst support reads the latest frame.
   */
  private async bestRead(lane: LaneRuntime): Promise<Omit<PlateRead, 'box'> | undefined> {
    const frames = lane.recentFrames;
    if (this.reader.readBurst && frames.length > 1) {
      const vehicles = await this.reader.readBurst(frames);
      // The car at the barrier now is the one seen last.
      return [...vehicles].sort((a, b) => b.lastAt - a.lastAt || b.confidence - a.confidence)[0];
    }
    const reads = await this.reader.read(frames.at(-1)!);
    return [...reads].sort((a, b) => b.confidence - a.confidence)[0];
  }

  /** The lane's current frame as the evidence photo for whatever happens next. */
  private async snapshot(lane: LaneRuntime): Promise<string | null> {
    if (!lane.latestFrame) return null;
    try {
      const jpeg = await encodeJpeg(lane.latestFrame.mat, { maxWidth: 960, quality: 80 });
      return this.photos.save(jpeg, lane.id);
    } catch (err) {
      this.ctx.log.warn('could not save lane photo', { lane: lane.id, err: String(err) });
      return null;
    }
  }
}
