import type { Mat } from '@u4/opencv4nodejs';

/** One decoded frame (BGR) from a lane camera. */
export interface CameraFrame {
  mat: Mat;
  /** Epoch milliseconds when the frame was grabbed. */
  at: number;
  /** File name for folders/videos, the URL (or device index) for devices. */
  sourceName: string;
  /** Position in the source: file index for folders, frame number for videos, grab count for devices. */
  index: number;
  /**
   * Absolute path of the image file the frame was read from (folder sources only). Lets label
   * lookups tell `entry/x.jpg` from `exit/x.jpg`, which `sourceName` alone cannot.
   */
  filePath?: string;
}

export type CameraErrorCode = 'not-found' | 'cannot-open' | 'read-failed';

/** Every failure a camera source reports is one of these, so callers can show it instead of crashing. */
export class CameraError extends Error {
  override readonly name = 'CameraError';

  constructor(
    readonly code: CameraErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isCameraError(err: unknown): err is CameraError {
  return err instanceof CameraError;
}

export interface CameraSource {
  readonly id: string;
  readonly description: string;
  /** Throws CameraError ('not-found' | 'cannot-open'). Calling it again after close() reopens. */
  open(): Promise<void>;
  /** Throws CameraError ('read-failed', or 'cannot-open' when not open / still reconnecting). */
  grab(): Promise<CameraFrame>;
  /** Idempotent; waits for an in-flight grab before releasing native resources. */
  close(): Promise<void>;
}

export type CameraSourceKind = 'folder' | 'video' | 'device';

export interface CameraSourceSpec {
  kind: CameraSourceKind;
  /** Folder or video path (relative to the caller's base dir), or a device index / RTSP / HTTP URL. */
  uri: string;
  /** Folder sources only: how long each image stays in view, like a car waiting at the barrier. */
  holdSeconds?: number;
}

/** Wraps anything thrown by native code so only CameraError escapes a source. */
export function toCameraError(err: unknown, code: CameraErrorCode, context: string): CameraError {
  if (err instanceof CameraError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new CameraError(code, `${context}: ${detail}`, { cause: err });
}

/**
 * Runs async jobs one at a time. OpenCV captures are not safe to read from two worker threads at
 * once, and close() must not release a capture while a readAsync is still running.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job, job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
