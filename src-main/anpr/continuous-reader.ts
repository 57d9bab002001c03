/**
 * Continuous mode: feed every frame of a lane (e.g. from FramePump.onCameraFrame) and get one
 * event per vehicle when its track ends — for lanes without a trigger. Works with any PlateReader
 * (in-process OnnxPlateReader or the SupervisedPlateReader worker). Frames arriving while a read is
 * running are dropped, not queued, so a slow CPU never builds a backlog.
 */
import type { CameraFrame } from '../camera/camera-source';
import type { PlateReader } from './plate-reader';
import { PlateTracker, type TrackerOptions, type VehicleRead } from './track-vote';

export class ContinuousLaneReader {
  private readonly tracker: PlateTracker;
  private busy = false;
  private dropped = 0;

  constructor(
    private readonly reader: PlateReader,
    private readonly onVehicle: (event: VehicleRead) => void,
    options: TrackerOptions = {},
  ) {
    this.tracker = new PlateTracker(options);
  }

  /** Frames skipped because the previous one was still being read. */
  get droppedFrames(): number {
    return this.dropped;
  }

  /** Reads one frame; resolves when done (or at once if busy). Read failures count as "no plate". */
  async push(frame: CameraFrame): Promise<void> {
    if (this.busy) {
      this.dropped++;
      return;
    }
    this.busy = true;
    try {
      let reads: Awaited<ReturnType<PlateReader['read']>> = [];
      try {
        reads = await this.reader.read(frame);
      } catch {
        // Contract: a failed read is "no read" for this frame (e.g. worker restarting).
      }
      const withBox = reads.filter((r) => r.box).map((r) => ({ ...r, box: r.box! }));
      for (const e of this.tracker.push(frame.index, frame.at, withBox)) this.onVehicle(e);
    } finally {
      this.busy = false;
    }
  }

  /** Ends all open tracks (lane closed, camera stopped). */
  flush(): void {
    for (const e of this.tracker.flush()) this.onVehicle(e);
  }
}
