import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import cv from './opencv';
import {
  CameraError,
  SerialQueue,
  toCameraError,
  type CameraFrame,
  type CameraSource,
} from './camera-source';

export interface ImageFolderOptions {
  /** Start again at the first image after the last one (default true). */
  loop?: boolean;
  id?: string;
  /**
   * Each image stays the current frame for this long before the next one (default 0: a new image
   * every grab). A demo lane then shows one car for a while instead of flicking through them.
   */
  holdMs?: number;
  now?: () => number;
}

const IMAGE_EXT = /\.(jpe?g|png)$/i;

/** Replays the jpg/png files of a folder in name order, like a camera pointed at a slideshow. */
export class ImageFolderSource implements CameraSource {
  readonly id: string;
  readonly description: string;
  private readonly dir: string;
  private readonly loop: boolean;
  private readonly holdMs: number;
  private readonly now: () => number;
  private readonly queue = new SerialQueue();
  private files: string[] | null = null;
  private next = 0;
  /** The image in view while it is held, and since when. */
  private held: { index: number; since: number } | null = null;

  constructor(dir: string, options: ImageFolderOptions = {}) {
    this.dir = path.resolve(dir);
    this.loop = options.loop ?? true;
    this.holdMs = Math.max(0, options.holdMs ?? 0);
    this.now = options.now ?? Date.now;
    this.id = options.id ?? `folder:${this.dir}`;
    this.description = `Image folder ${this.dir}`;
  }

  /** The image file names, sorted; empty until open(). */
  get fileNames(): readonly string[] {
    return this.files ?? [];
  }

  open(): Promise<void> {
    return this.queue.run(async () => {
      const info = await stat(this.dir).catch((err: unknown) => {
        throw new CameraError('not-found', `Image folder not found: ${this.dir}`, { cause: err });
      });
      if (!info.isDirectory()) {
        throw new CameraError('cannot-open', `Not a folder: ${this.dir}`);
      }
      const names = await readdir(this.dir).catch((err: unknown) => {
        throw toCameraError(err, 'cannot-open', `Cannot list ${this.dir}`);
      });
      // Plain code-point order so the sequence is the same on every machine and locale.
      const images = names.filter((n) => IMAGE_EXT.test(n)).sort();
      if (images.length === 0) {
        throw new CameraError('not-found', `No .jpg/.png images in ${this.dir}`);
      }
      this.files = images;
      this.next = 0;
      this.held = null;
    });
  }

  grab(): Promise<CameraFrame> {
    return this.queue.run(async () => {
      const files = this.files;
      if (!files) throw new CameraError('cannot-open', `${this.description} is not open`);
      const index = this.pick(files.length);
      const name = files[index] as string;
      const filePath = path.join(this.dir, name);
      const mat = await cv.imreadAsync(filePath, cv.IMREAD_COLOR).catch((err: unknown) => {
        throw toCameraError(err, 'read-failed', `Cannot read ${filePath}`);
      });
      if (mat.empty) throw new CameraError('read-failed', `Cannot decode ${filePath}`);
      return { mat, at: Date.now(), sourceName: name, index, filePath };
    });
  }

  close(): Promise<void> {
    return this.queue.run(async () => {
      this.files = null;
      this.next = 0;
      this.held = null;
    });
  }

  /** The index of the image to show now: the held one while its time lasts, else the next. */
  private pick(count: number): number {
    const now = this.now();
    if (this.held && now - this.held.since < this.holdMs) return this.held.index;
    if (this.next >= count) {
      if (!this.loop) throw new CameraError('read-failed', `End of ${this.description}`);
      this.next = 0;
    }
    const index = this.next++;
    this.held = this.holdMs > 0 ? { index, since: now } : null;
    return index;
  }
}
