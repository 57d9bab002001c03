/**
 * Messages between the station (parent) and the ANPR worker process. Frames travel as raw Mat bytes
 * with their dimensions (no encode/decode cost; ~2.7 MB per 720p frame over a local pipe) or as
 * JPEG bytes (smaller, costs an encode + decode). The channel uses Node's "advanced" (structured
 * clone) serialisation so byte arrays are not JSON-expanded.
 */
import cv from '../camera/opencv';
import type { Mat } from '@u4/opencv4nodejs';
import type { CameraFrame } from '../camera/camera-source';
import type { OnnxPlateReaderOptions } from './onnx-plate-reader';
import type { PlateRead, ReadOptions } from './plate-reader';
import type { VehicleRead } from './track-vote';

export type FrameTransport = 'raw' | 'jpeg';

export interface WireFrame {
  kind: FrameTransport;
  /** raw: Mat bytes, row-major; jpeg: the file bytes. */
  data: Uint8Array;
  rows: number;
  cols: number;
  /** OpenCV type (raw only). */
  type: number;
  at: number;
  sourceName: string;
  index: number;
}

export type WorkerRequest =
  | { type: 'read'; id: number; frame: WireFrame; options?: ReadOptions }
  | { type: 'readBurst'; id: number; frames: WireFrame[]; options?: ReadOptions }
  | { type: 'ping'; id: number }
  | { type: 'shutdown' };

export type WorkerResponse =
  | { type: 'ready'; loadMs: number; pid: number }
  | { type: 'fatal'; error: string }
  | { type: 'reads'; id: number; reads: PlateRead[] }
  | { type: 'vehicles'; id: number; vehicles: VehicleRead[] }
  | { type: 'pong'; id: number }
  | { type: 'error'; id: number; error: string };

/** Options the worker is started with (passed as JSON in argv). */
export type AnprWorkerOptions = OnnxPlateReaderOptions;

export async function frameToWire(
  frame: CameraFrame,
  transport: FrameTransport,
): Promise<WireFrame> {
  const { mat } = frame;
  const base = {
    rows: mat.rows,
    cols: mat.cols,
    type: mat.type,
    at: frame.at,
    sourceName: frame.sourceName,
    index: frame.index,
  };
  if (transport === 'jpeg') {
    const jpeg = await cv.imencodeAsync('.jpg', mat, [cv.IMWRITE_JPEG_QUALITY, 95]);
    return { ...base, kind: 'jpeg', data: jpeg };
  }
  return { ...base, kind: 'raw', data: mat.getData() };
}

export function wireToMat(w: WireFrame): Mat {
  const bytes = Buffer.from(w.data.buffer, w.data.byteOffset, w.data.byteLength);
  if (w.kind === 'jpeg') return cv.imdecode(bytes);
  return new cv.Mat(bytes, w.rows, w.cols, w.type);
}

/** Structured clone turns Buffers into Uint8Arrays; give callers real Buffers back. */
export function reviveBuffer(b: Uint8Array | Buffer | null | undefined): Buffer | null {
  if (!b) return null;
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}
