import type { PlateReader } from '../anpr/plate-reader';
import type { CameraFrame } from '../camera/camera-source';
import { releaseMats } from '../camera/opencv';
import type { PumpLanePlates } from './pump-lane-plates';

/**
 * The pump lanes' cameras as the forecourt reads them: the latest frame of each lane (taken
 * over from its frame pump, the one before released at once), read when a nozzle is lifted at
 * one of the lane's pumps. The best read (or none) goes to PumpLanePlates for that pump.
 */
export class PumpLaneCameras {
  private readonly latest = new Map<string, CameraFrame>();

  constructor(
    private readonly reader: PlateReader,
    private readonly plates: Pick<PumpLanePlates, 'laneOf' | 'noteRead'>,
  ) {}

  /** A frame from a lane's camera: this takes ownership of it. */
  addFrame(laneId: string, frame: CameraFrame): void {
    const before = this.latest.get(laneId);
    this.latest.set(laneId, frame);
    if (before) releaseMats([before.mat]);
  }

  /** Reads the car at `pump` on its lane's latest frame; no frame yet reads as no plate. */
  async readAt(pump: number): Promise<void> {
    const lane = this.plates.laneOf(pump);
    if (!lane?.camera) return;
    const frame = this.latest.get(lane.id);
    if (!frame) {
      this.plates.noteRead(pump, null);
      return;
    }
    // The read outlasts the frame (the camera replaces and releases it): it reads a copy.
    const copy = { ...frame, mat: frame.mat.copy() };
    try {
      const reads = await this.reader.read(copy);
      const best = [...reads].sort((a, b) => b.confidence - a.confidence)[0];
      this.plates.noteRead(
        pump,
        best ? { plate: best.text, confidence: best.confidence, source: 'camera' } : null,
      );
    } finally {
      releaseMats([copy.mat]);
    }
  }

  /** Releases the frames held. */
  close(): void {
    releaseMats([...this.latest.values()].map((f) => f.mat));
    this.latest.clear();
  }
}
