/** Shared fixtures for the camera integration tests (real OpenCV, committed sample lanes). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cv from '../../../src-main/camera/opencv';
import type { Mat } from '@u4/opencv4nodejs';

export const SAMPLE_LANES = fileURLToPath(
  new URL('../../../resources/sample-lanes', import.meta.url),
);
export const LABELS_CSV = path.join(SAMPLE_LANES, 'labels.csv');

export async function makeTempDir(
  prefix: string,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), `station-${prefix}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Writes a short MJPG .avi whose frame i is filled with a grey level of 40 * (i + 1), so a reader
 * can tell frames apart after lossy compression.
 */
export function writeTestVideo(file: string, frames: number, width = 320, height = 240): void {
  const writer = new cv.VideoWriter(
    file,
    cv.VideoWriter.fourcc('MJPG'),
    10,
    new cv.Size(width, height),
    true,
  );
  try {
    for (let i = 0; i < frames; i++) {
      const level = Math.min(255, 40 * (i + 1));
      writer.write(new cv.Mat(height, width, cv.CV_8UC3, [level, level, level]));
    }
  } finally {
    writer.release();
  }
}

/** Mean level over all channels. (The binding's Vec4 field order for mean() is not x,y,z per channel.) */
export function meanLevel(mat: Mat): number {
  const m = mat.mean();
  return (m.w + m.x + m.y + m.z) / mat.channels;
}

/** Resolves when `predicate` holds; rejects after `ms` as a failure guard only. */
export async function waitFor(
  predicate: () => boolean,
  ms = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function isJpeg(buf: Buffer): boolean {
  return (
    buf.length > 4 &&
    buf[0] === 0xff &&
    buf[1] === 0xd8 &&
    buf[buf.length - 2] === 0xff &&
    buf[buf.length - 1] === 0xd9
  );
}
