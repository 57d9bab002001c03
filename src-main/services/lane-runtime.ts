import type { CameraFrame } from '../camera/camera-source';
import type { GateMoveResult, GateController } from '../devices/gate/gate-controller';
import type { LaneConfig } from '../platform/station-config';
import type { EventHub } from '../ipc/event-hub';
import type {
  LaneMessageTone,
  LaneRoi,
  LaneView,
  PlateReadView,
  Translate,
} from '../../src-shared';
import { translator } from '../../src-shared';

/** A lane's text, or how to word it in the console's language. */
export type LaneText = string | ((t: Translate) => string);

/**
 * One lane's live state: what the booth screen shows for it, its gate, and the latest camera
 * frame (a trigger reads the frame the cashier is looking at).
 */
const BURST_FRAMES = 3;

export class LaneRuntime {
  readonly view: LaneView;
  /** The last few camera frames, oldest first: a trigger reads them as one burst. */
  private readonly frames: CameraFrame[] = [];

  constructor(
    readonly config: LaneConfig,
    readonly gate: GateController,
    private readonly events: EventHub,
    /** The words of the console's language now (a manager may change it at any time). */
    private readonly words: () => Translate = () => translator('en'),
  ) {
    this.view = {
      id: config.id,
      name: config.name,
      direction: config.direction,
      zoneId: config.zoneId,
      gateState: 'unknown',
      gatePosition: null,
      lastRead: null,
      roi: null,
      message: null,
    };
  }

  get id(): string {
    return this.config.id;
  }

  get latestFrame(): CameraFrame | null {
    return this.frames.at(-1) ?? null;
  }

  /**
   * Takes ownership of the frame; the one that drops out is released at once, so pixels never
   * wait for a GC. Work that reads a frame across an await uses its own copy (LaneControl), and
   * an encode started on it holds its own reference (see encodeJpeg).
   */
  addFrame(frame: CameraFrame): void {
    this.frames.push(frame);
    if (this.frames.length > BURST_FRAMES) this.frames.shift()!.mat.release();
  }

  /** Copies of the recent frames, oldest first, for async work; the caller releases them. */
  copyRecentFrames(): CameraFrame[] {
    return this.frames.map((f) => ({ ...f, mat: f.mat.copy() }));
  }

  /** The region of interest the reader searches (issue 12); null = the whole frame. */
  setRoi(roi: LaneRoi | null): void {
    this.view.roi = roi;
    this.publish();
  }

  setRead(read: PlateReadView): void {
    this.view.lastRead = read;
    this.publish();
  }

  /** The lane's message on the consoles, worded in their language as it is now. */
  say(message: LaneText, tone: LaneMessageTone, amountMinor?: number): void {
    const text = typeof message === 'string' ? message : message(this.words());
    this.view.message = amountMinor === undefined ? { text, tone } : { text, tone, amountMinor };
    this.publish();
  }

  setGate(result: Pick<GateMoveResult, 'state' | 'position'>): void {
    if (this.view.gateState === result.state && this.view.gatePosition === result.position) return;
    this.view.gateState = result.state;
    this.view.gatePosition = result.position;
    this.publish();
  }

  /** Polls the barrier so the screen shows it closing again after the car has passed. */
  async refreshGate(): Promise<void> {
    try {
      this.setGate(await this.gate.readState());
    } catch {
      this.setGate({ state: 'unknown', position: null });
    }
  }

  private publish(): void {
    this.events.publish('lane:updated', { ...this.view });
  }
}
