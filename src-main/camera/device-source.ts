import cv from './opencv';
import type { Mat, VideoCapture } from '@u4/opencv4nodejs';
import {
  CameraError,
  SerialQueue,
  toCameraError,
  type CameraFrame,
  type CameraSource,
} from './camera-source';

export interface DeviceSourceOptions {
  id?: string;
  /** First reconnect delay after a failure (default 500 ms); doubles per failure. */
  initialBackoffMs?: number;
  /** Upper bound for the reconnect delay (default 15 s). */
  maxBackoffMs?: number;
  /** Injectable clock for tests. */
  now?: () => number;
}

/**
 * A live camera: a local device index ("0") or a network stream (rtsp://, http:// MJPEG).
 * Never sleeps: while disconnected, grab() fails fast with 'cannot-open' until the backoff delay
 * has passed, then tries to reconnect once. So a poller (FramePump) keeps running and can report
 * the camera offline, and the camera comes back on its own when the network does.
 *
 * Caveat: opencv4nodejs only has a synchronous VideoCapture constructor, so each reconnect attempt
 * blocks the event loop until OpenCV/FFmpeg gives up on an unreachable URL. The backoff keeps such
 * attempts rare.
 */
export class DeviceSource implements CameraSource {
  readonly id: string;
  readonly description: string;
  private readonly target: string | number;
  private readonly name: string;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => number;
  private readonly queue = new SerialQueue();
  private capture: VideoCapture | null = null;
  private wanted = false;
  private failures = 0;
  private retryAt = 0;
  private grabs = 0;

  constructor(urlOrIndex: string | number, options: DeviceSourceOptions = {}) {
    const text = String(urlOrIndex).trim();
    this.target = /^\d+$/.test(text) ? Number(text) : text;
    this.initialBackoffMs = options.initialBackoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 15_000;
    this.now = options.now ?? Date.now;
    this.id = options.id ?? `device:${text}`;
    this.name = typeof this.target === 'number' ? text : redact(text);
    this.description =
      typeof this.target === 'number' ? `Camera device ${text}` : `Camera stream ${this.name}`;
  }

  /** True while a capture is connected. */
  get connected(): boolean {
    return this.capture !== null;
  }

  open(): Promise<void> {
    return this.queue.run(async () => {
      this.wanted = true;
      this.connect();
    });
  }

  grab(): Promise<CameraFrame> {
    return this.queue.run(async () => {
      if (!this.wanted) throw new CameraError('cannot-open', `${this.description} is not open`);
      const capture = this.capture ?? this.connect();
      let mat: Mat;
      try {
        mat = await capture.readAsync();
      } catch (err) {
        throw this.disconnect(toCameraError(err, 'read-failed', `Read failed`));
      }
      if (mat.empty)
        throw this.disconnect(new CameraError('read-failed', 'Stream returned no frame'));
      return { mat, at: this.now(), sourceName: this.name, index: this.grabs++ };
    });
  }

  close(): Promise<void> {
    return this.queue.run(async () => {
      this.wanted = false;
      this.release();
      this.failures = 0;
      this.retryAt = 0;
    });
  }

  /** Opens the capture, honouring the backoff; throws 'cannot-open' when not (yet) possible. */
  private connect(): VideoCapture {
    if (this.capture) return this.capture;
    const wait = this.retryAt - this.now();
    if (wait > 0) {
      throw new CameraError(
        'cannot-open',
        `${this.description} offline, retrying in ${Math.ceil(wait / 1000)} s`,
      );
    }
    try {
      this.capture = new cv.VideoCapture(this.target);
      this.failures = 0;
      this.retryAt = 0;
      return this.capture;
    } catch (err) {
      this.scheduleRetry();
      throw toCameraError(err, 'cannot-open', `Cannot open ${this.description}`);
    }
  }

  private disconnect(err: CameraError): CameraError {
    this.release();
    this.scheduleRetry();
    return err;
  }

  private scheduleRetry(): void {
    const delay = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 30);
    this.retryAt = this.now() + delay;
  }

  private release(): void {
    try {
      this.capture?.release();
    } catch {
      // Releasing a broken capture must not take the lane down.
    }
    this.capture = null;
  }
}

/** Hides credentials in rtsp://user:pass@host URLs before they reach logs or the UI. */
function redact(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}
