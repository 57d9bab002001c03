/**
 * STAND-IN, NOT RECOGNITION. This reader does no image analysis: it looks the frame up in the
 * hand-transcribed `labels.csv` of the bundled sample lanes (resources/sample-lanes) and returns
 * that label. It exists only so the camera → plate read → lane flow can be demonstrated end to end
 * until the ONNX ANPR pipeline lands, which replaces it behind the same PlateReader interface.
 * Frames that are not listed (live cameras, other files) yield no reads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Mat } from '@u4/opencv4nodejs';
import cv from '../camera/opencv';
import type { CameraFrame } from '../camera/camera-source';
import { encodeJpeg } from '../camera/frame-encoder';
import {
  normalizePlateText,
  type PlateBox,
  type PlateRead,
  type PlateReader,
} from './plate-reader';

export interface SampleLabel {
  /** Path relative to the labels file's folder, with forward slashes (e.g. "entry/entry-001.jpg"). */
  file: string;
  plate: string;
  box: PlateBox;
}

const REQUIRED_COLUMNS = ['file', 'plate', 'x', 'y', 'w', 'h'] as const;

/** Parses `file,plate,x,y,w,h` (header required, any column order, CRLF/BOM/blank lines tolerated). */
export function parseSampleLabels(csv: string): SampleLabel[] {
  const lines = csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const header = (lines.shift() ?? '').split(',').map((c) => unquote(c).toLowerCase());
  const col = Object.fromEntries(REQUIRED_COLUMNS.map((name) => [name, header.indexOf(name)]));
  const missing = REQUIRED_COLUMNS.filter((name) => col[name] === -1);
  if (missing.length > 0) throw new Error(`labels.csv: missing column(s) ${missing.join(', ')}`);

  return lines.map((line, i) => {
    const cells = line.split(',').map(unquote);
    const cell = (name: (typeof REQUIRED_COLUMNS)[number]): string => cells[col[name] ?? -1] ?? '';
    const num = (name: 'x' | 'y' | 'w' | 'h'): number => {
      const value = Number(cell(name));
      if (!Number.isInteger(value) || value < 0) {
        throw new Error(`labels.csv line ${i + 2}: bad ${name} "${cell(name)}"`);
      }
      return value;
    };
    const plate = normalizePlateText(cell('plate'));
    const file = cell('file').replace(/\\/g, '/');
    if (!plate || !file) throw new Error(`labels.csv line ${i + 2}: empty file or plate`);
    return { file, plate, box: { x: num('x'), y: num('y'), w: num('w'), h: num('h') } };
  });
}

function unquote(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}

export class SampleLabelPlateReader implements PlateReader {
  readonly name = 'sample-labels (stand-in, not recognition)';
  readonly labels: readonly SampleLabel[];
  private readonly root: string;
  private readonly byFile = new Map<string, SampleLabel[]>();
  private readonly byBaseName = new Map<string, SampleLabel[]>();

  /** Reads the labels synchronously (a few lines); throws if the file is missing or malformed. */
  constructor(labelsCsvPath: string) {
    this.root = path.dirname(path.resolve(labelsCsvPath));
    this.labels = parseSampleLabels(readFileSync(labelsCsvPath, 'utf8'));
    for (const label of this.labels) {
      push(this.byFile, label.file, label);
      push(this.byBaseName, path.posix.basename(label.file), label);
    }
  }

  /** Reads the frame only before its first await, so the caller may release it meanwhile. */
  async read(frame: CameraFrame): Promise<PlateRead[]> {
    return Promise.all(
      this.lookup(frame).map(async (label) => {
        const box = clip(label.box, frame.mat.cols, frame.mat.rows);
        const cropJpeg = box ? await encodeRegion(frame.mat, box) : null;
        return { text: label.plate, confidence: 0.99, box, alternates: [], cropJpeg };
      }),
    );
  }

  /** Exact relative path when the frame knows its file, else a unique base name match. */
  private lookup(frame: CameraFrame): SampleLabel[] {
    if (frame.filePath) {
      const rel = path.relative(this.root, path.resolve(frame.filePath)).split(path.sep).join('/');
      return this.byFile.get(rel) ?? [];
    }
    const name = frame.sourceName.replace(/\\/g, '/');
    const exact = this.byFile.get(name);
    if (exact) return exact;
    const byBase = this.byBaseName.get(name) ?? [];
    // Same base name in two lanes would be a guess; refuse rather than return the wrong plate.
    return new Set(byBase.map((l) => l.file)).size === 1 ? byBase : [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The region as JPEG. The encode holds the pixels itself, so the view is let go at once. */
function encodeRegion(mat: Mat, box: PlateBox): Promise<Buffer> {
  const region = mat.getRegion(new cv.Rect(box.x, box.y, box.w, box.h));
  const jpeg = encodeJpeg(region, { quality: 90 });
  region.release();
  return jpeg;
}

/** Clips a labelled box to the frame (labels may come from a differently sized source). */
function clip(box: PlateBox, cols: number, rows: number): PlateBox | null {
  const x = Math.min(box.x, cols);
  const y = Math.min(box.y, rows);
  const w = Math.min(box.w, cols - x);
  const h = Math.min(box.h, rows - y);
  return w > 0 && h > 0 ? { x, y, w, h } : null;
}
