import type { Mat } from '@u4/opencv4nodejs';
import type { LaneOutcome, LaneView, OperatorView } from '../../src-shared';
import { normalizePlate, refused, refusedAs } from '../../src-shared';
import type { PlateRead, PlateReader, ReadOptions } from '../anpr/plate-reader';
import type { CameraFrame } from '../camera/camera-source';
import { encodeJpeg } from '../camera/frame-encoder';
import { releaseMats } from '../camera/opencv';
import type { Logger } from '../platform/logger';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { GateService } from './gate-service';
import type { LaneRuntime } from './lane-runtime';
import type { ParkingFlow } from './parking-flow';
import type { PhotoStore } from './photo-store';
import type { Transact } from './ports';
import type { SiteCatalog } from './site-catalog';

export interface LaneControlDeps {
  site: SiteCatalog;
  flow: ParkingFlow;
  gates: GateService;
  reader: PlateReader;
  photos: PhotoStore;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  log: Logger;
}

/** What the cashier (or a loop detector) does to a lane: trigger a read, type a plate, open the gate. */
export class LaneControl {
  private readonly flow: ParkingFlow;
  private readonly reader: PlateReader;
  private readonly photos: PhotoStore;

  constructor(private readonly d: LaneControlDeps) {
    this.flow = d.flow;
    this.reader = d.reader;
    this.photos = d.photos;
  }

  list(): LaneView[] {
    return this.d.site.lanes().map((l) => ({ ...l.view }));
  }

  /** Reads the frame the lane camera shows now; null when no plate is found in it. */
  async trigger(laneId: string): Promise<LaneOutcome | null> {
    const lane = this.d.site.lane(laneId);
    // The read outlasts the frames in the lane (the camera replaces and releases them), so it
    // works on copies of its own; the photo is of the frame that was read.
    const frames = lane.copyRecentFrames();
    if (frames.length === 0) {
      throw refused('DEVICE_FAULT', 'refusal.noFrame', { lane: lane.config.name });
    }
    try {
      const best = await this.bestRead(frames, { roi: lane.view.roi });
      if (!best) {
        lane.say((t) => t('laneMsg.noPlate'), 'info');
        return null;
      }
      const photoId = await this.snapshot(lane, frames.at(-1)!.mat);
      return await this.flow.handleRead(laneId, {
        plate: best.text,
        confidence: best.confidence,
        source: 'camera',
        photoId,
        cropPhotoId: best.cropJpeg ? this.photos.save(best.cropJpeg, lane.id) : null,
        alternates: best.alternates.map((a) => a.text),
        actor: 'station',
      });
    } finally {
      releaseMats(frames.map((f) => f.mat));
    }
  }

  async manualRead(laneId: string, plate: string, operator: OperatorView): Promise<LaneOutcome> {
    const lane = this.d.site.lane(laneId);
    // The same check handleRead makes, made before the photo: a rejected plate leaves no photo.
    const checked = normalizePlate(plate);
    if (!checked.ok) {
      throw refusedAs('INVALID_PAYLOAD', checked.text).at('plate');
    }
    return this.flow.handleRead(laneId, {
      plate: checked.plate,
      confidence: 1,
      source: 'manual',
      photoId: await this.snapshot(lane, lane.latestFrame?.mat),
      actor: operator.name,
    });
  }

  /** An override: the reason is journaled before the barrier moves. */
  async openGate(laneId: string, reason: string, operator: OperatorView): Promise<LaneView> {
    const lane = this.d.site.lane(laneId);
    const at = this.d.clock();
    this.d.transact(() =>
      this.d.journal.append(
        {
          type: 'gate.overridden',
          aggregateId: lane.id,
          actor: operator.name,
          payload: { reason },
        },
        at,
      ),
    );
    await this.d.gates.openOrThrow(lane, `override by ${operator.name}`, null, operator.name);
    lane.say((t) => t('laneMsg.gateOpenedBy', { operator: operator.name }), 'info');
    return { ...lane.view };
  }

  /**
   * A car waiting at a barrier stands still, so the lane's last few frames are read as one
   * burst and voted on; a reader without burst support reads the latest frame.
   */
  private async bestRead(
    frames: readonly CameraFrame[],
    options: ReadOptions,
  ): Promise<Omit<PlateRead, 'box'> | undefined> {
    if (this.reader.readBurst && frames.length > 1) {
      const vehicles = await this.reader.readBurst(frames, options);
      // The car at the barrier now is the one seen last.
      return [...vehicles].sort((a, b) => b.lastAt - a.lastAt || b.confidence - a.confidence)[0];
    }
    const reads = await this.reader.read(frames.at(-1)!, options);
    return [...reads].sort((a, b) => b.confidence - a.confidence)[0];
  }

  /**
   * A frame as the evidence photo for whatever happens next. encodeJpeg reads the Mat only before
   * its first await, so a lane frame released meanwhile is fine.
   */
  private async snapshot(lane: LaneRuntime, mat: Mat | undefined): Promise<string | null> {
    if (!mat) return null;
    try {
      const jpeg = await encodeJpeg(mat, { maxWidth: 960, quality: 80 });
      return this.photos.save(jpeg, lane.id);
    } catch (err) {
      this.d.log.warn('could not save lane photo', { lane: lane.id, err: String(err) });
      return null;
    }
  }
}
