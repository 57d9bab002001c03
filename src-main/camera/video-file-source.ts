import { stat } from 'node:fs/promises';
import path from 'node:path';
import cv from './opencv';
import type { Mat, VideoCapture } from '@u4/opencv4nodejs';
import {
  CameraError,
  SerialQueue,
  toCameraError,
  type CameraFrame,
  type CameraSource,
} from './camera-source';

export interface VideoFileOptions {
  /** Rewind to the first frame at the end of the file (default true). */
  loop?: boolean;
  id?: string;
}

/** Plays a video file (anything the system OpenCV/FFmpeg can decode) frame by frame. */
export class VideoFileSource implements CameraSource {
  readonly id: string;
  readonly description: string;
  private readonly file: string;
  private readonly loop: boolean;
  private readonly queue = new SerialQueue();
  private capture: VideoCapture | null = null;
  private nextIndex = 0;

  constructor(file: string, options: VideoFileOptions = {}) {
    this.file = path.resolve(file);
    this.loop = options.loop ?? true;
    this.id = options.id ?? `video:${this.file}`;
    this.description = `Video file ${this.file}`;
  }

  open(): Promise<void> {
    return this.queue.run(async () => {
      this.release();
      const info = await stat(this.file).catch((err: unknown) => {
        throw new CameraError('not-found', `Video file not found: ${this.file}`, { cause: err });
      });
      if (!info.isFile()) throw new CameraError('cannot-open', `Not a file: ${this.file}`);
      try {
        this.capture = new cv.VideoCapture(this.file);
      } catch (err) {
        throw toCameraError(err, 'cannot-open', `Cannot open ${this.file}`);
      }
      this.nextIndex = 0;
    });
  }

  grab(): Promise<CameraFrame> {
    return this.queue.run(async () => {
      const capture = this.capture;
      if (!capture) throw new CameraError('cannot-open', `${this.description} is not open`);
      let mat = await this.read(capture);
      if (mat.empty && this.loop && this.nextIndex > 0) {
        // End of file: reopen rather than seek, as CAP_PROP_POS_FRAMES is unreliable for some
        // containers/codecs; reopening a local file is cheap.
        this.rewind(capture);
        this.nextIndex = 0;
        mat = await this.read(capture);
      }
      if (mat.empty) {
        throw new CameraError('read-failed', `No frame at ${this.nextIndex} in ${this.file}`);
      }
      return {
        mat,
        at: Date.now(),
        sourceName: path.basename(this.file),
        index: this.nextIndex++,
      };
    });
  }

  close(): Promise<void> {
    return this.queue.run(async () => this.release());
  }

  private async read(capture: VideoCapture): Promise<Mat> {
    try {
      return await capture.readAsync();
    } catch (err) {
      throw toCameraError(err, 'read-failed', `Cannot read ${this.file}`);
    }
  }

  private rewind(capture: VideoCapture): void {
    try {
      capture.reset();
    } catch (err) {
      throw toCameraError(err, 'read-failed', `Cannot rewind ${this.file}`);
    }
  }

  private release(): void {
    this.capture?.release();
    this.capture = null;
  }
}
