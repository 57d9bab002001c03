import cv from './opencv';
import type { Mat } from '@u4/opencv4nodejs';
import {
  isCameraError,
  type CameraErrorCode,
  type CameraFrame,
  type CameraSource,
} from './camera-source';

export interface JpegOptions {
  /** Downscale (keeping aspect) when wider than this; default: no limit. */
  maxWidth?: number;
  /** 1..100, default 80. */
  quality?: number;
}

/**
 * Encodes a BGR Mat to JPEG on the libuv thread pool, so the event loop keeps serving the UI.
 *
 * `mat` is only read before this returns its promise: the resize or encode it starts holds its own
 * reference to the pixels (the binding copies OpenCV's ref-counted Mat header when called), so the
 * caller may release `mat` at once, e.g. a lane dropping an old frame while its photo is encoded.
 */
export async function encodeJpeg(mat: Mat, options: JpegOptions = {}): Promise<Buffer> {
  const quality = Math.min(100, Math.max(1, Math.round(options.quality ?? 80)));
  const maxWidth = options.maxWidth ?? Number.POSITIVE_INFINITY;
  if (mat.cols <= maxWidth) {
    return cv.imencodeAsync('.jpg', mat, [cv.IMWRITE_JPEG_QUALITY, quality]);
  }
  const width = Math.max(1, Math.floor(maxWidth));
  const height = Math.max(1, Math.round((mat.rows * width) / mat.cols));
  // INTER_AREA avoids the aliasing the default bilinear filter gives when shrinking.
  const small = await mat.resizeAsync(new cv.Size(width, height), 0, 0, cv.INTER_AREA);
  try {
    return await cv.imencodeAsync('.jpg', small, [cv.IMWRITE_JPEG_QUALITY, quality]);
  } finally {
    small.release(); // a per-frame temporary: freed now, not whenever a GC finds it
  }
}

/** Payload of the `lane:frame` event. */
export interface LaneFrame {
  laneId: string;
  at: number;
  jpegBase64: string;
}

export interface SourceHealth {
  status: 'ok' | 'offline';
  /** Source description when ok; the error message when offline. */
  detail: string;
  code?: CameraErrorCode;
}

export interface FramePumpOptions {
  laneId: string;
  source: CameraSource;
  /** Polls per second (default 2, clamped to 0.1..30). */
  fps?: number;
  /** Preview size limits (defaults 640 px wide, quality 75). */
  maxWidth?: number;
  quality?: number;
  onFrame: (frame: LaneFrame) => void;
  /** Called on the first outcome and then whenever the status flips between ok and offline. */
  onHealth?: (health: SourceHealth) => void;
  /**
   * Receives each raw frame, e.g. to feed a PlateReader, and with it the frame: the listener
   * releases its Mat when done with it. Without a listener the pump releases each frame itself.
   */
  onCameraFrame?: (frame: CameraFrame) => void;
}

/**
 * Polls one lane camera at a bounded rate and publishes JPEG previews. The pump owns the source:
 * it opens it on start() (retrying on later ticks while that fails) and closes it on stop().
 * A tick that comes while the previous grab+encode is still running is skipped, so a slow camera
 * or encoder never builds a backlog. Listener exceptions are swallowed so they cannot stop the pump.
 */
export class FramePump {
  private readonly opts: FramePumpOptions;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private opened = false;
  private stopping = false;
  private stopPromise: Promise<void> | null = null;
  private lastHealth: SourceHealth | null = null;
  private skippedTicks = 0;

  constructor(options: FramePumpOptions) {
    this.opts = options;
    const fps = Math.min(30, Math.max(0.1, options.fps ?? 2));
    this.intervalMs = Math.round(1000 / fps);
  }

  get running(): boolean {
    return this.timer !== null;
  }

  get health(): SourceHealth | null {
    return this.lastHealth;
  }

  /** Ticks skipped because the previous frame was still being grabbed or encoded. */
  get skipped(): number {
    return this.skippedTicks;
  }

  start(): void {
    if (this.timer || this.stopping) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.tick();
  }

  /** Stops polling, waits for the frame in flight (its result is dropped), closes the source. */
  stop(): Promise<void> {
    if (this.stopPromise) return this.stopPromise;
    if (!this.timer) return Promise.resolve();
    this.stopping = true;
    clearInterval(this.timer);
    this.timer = null;
    this.stopPromise = (async () => {
      try {
        await this.inFlight;
        await this.opts.source.close().catch(() => undefined);
        this.opened = false;
      } finally {
        this.stopping = false;
        this.stopPromise = null;
      }
    })();
    return this.stopPromise;
  }

  private tick(): void {
    if (this.inFlight) {
      this.skippedTicks++;
      return;
    }
    this.inFlight = this.pumpOnce().finally(() => {
      this.inFlight = null;
    });
  }

  private async pumpOnce(): Promise<void> {
    const { source, laneId } = this.opts;
    try {
      if (!this.opened) {
        await source.open();
        this.opened = true;
      }
      const frame = await source.grab();
      if (this.stopping) {
        frame.mat.release();
        return;
      }
      // The encode takes its own reference to the pixels when it starts (see encodeJpeg), so the
      // frame can change hands before it finishes.
      const encoding = encodeJpeg(frame.mat, {
        maxWidth: this.opts.maxWidth ?? 640,
        quality: this.opts.quality ?? 75,
      });
      const { onCameraFrame } = this.opts;
      if (onCameraFrame) this.safely(() => onCameraFrame(frame));
      else frame.mat.release();
      const jpeg = await encoding;
      if (this.stopping) return;
      this.report({ status: 'ok', detail: source.description });
      const payload = { laneId, at: frame.at, jpegBase64: jpeg.toString('base64') };
      this.safely(() => this.opts.onFrame(payload));
    } catch (err) {
      if (this.stopping) return;
      const code = isCameraError(err) ? err.code : undefined;
      // A source that says it is not open (or vanished) gets open() again on the next tick.
      if (code !== 'read-failed') this.opened = false;
      const detail = err instanceof Error ? err.message : String(err);
      this.report({ status: 'offline', detail, ...(code ? { code } : {}) });
    }
  }

  private report(health: SourceHealth): void {
    const changed = this.lastHealth?.status !== health.status;
    this.lastHealth = health;
    if (changed) this.safely(() => this.opts.onHealth?.(health));
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch {
      // A broken listener must not stop the camera pump.
    }
  }
}
