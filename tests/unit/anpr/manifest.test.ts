import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  DetectorManifestSchema,
  ManifestError,
  OcrManifestSchema,
  channelValues,
  charsetOf,
  loadManifest,
  ocrNormalisation,
} from '../../../src-main/anpr/manifest';
import { assertModelFiles, ModelMissingError } from '../../../src-main/anpr/onnx-models';

const detector = {
  input: {
    name: 'image',
    width: 384,
    height: 224,
    channels: 3,
    colorOrder: 'RGB',
    resize: 'stretch',
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
  },
  output: {
    heatmap: 'heatmap',
    boxes: 'boxes',
    corners: 'corners',
    stride: 4,
    scoreThreshold: 0.3,
    nmsIou: 0.3,
  },
};
const ocr = {
  input: {
    name: 'image',
    width: 128,
    height: 32,
    channels: 1,
    normalize: { scale: 1 / 255, mean: 0.5, std: 0.5 },
    resize: 'stretch',
    twoLineAspectBelow: 2,
  },
  output: { name: 'probs', blank: 0, charset: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ' },
};

function write(obj: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'anpr-manifest-'));
  const file = path.join(dir, 'm.json');
  writeFileSync(file, typeof obj === 'string' ? obj : JSON.stringify(obj));
  return file;
}

describe('model manifests', () => {
  it('accepts the contract manifests', async () => {
    const d = await loadManifest(write(detector), DetectorManifestSchema);
    assert.equal(d.output.stride, 4);
    assert.deepEqual(channelValues(d.input.mean, 3, 'mean'), [0.485, 0.456, 0.406]);
    const o = await loadManifest(write(ocr), OcrManifestSchema);
    assert.equal(charsetOf(o).length, 36);
    assert.equal(o.input.twoLineAspectBelow, 2);
    const n = ocrNormalisation(o);
    assert.ok(Math.abs(n.alpha - 2 / 255) < 1e-12 && n.beta === -1);
  });

  it('fails clearly on missing, non-JSON and malformed manifests', async () => {
    await assert.rejects(
      loadManifest('/nonexistent/x.json', DetectorManifestSchema),
      (e: Error) => e instanceof ManifestError && /not found/.test(e.message),
    );
    await assert.rejects(loadManifest(write('{nope'), DetectorManifestSchema), /not valid JSON/);
    const bad = { ...detector, output: { ...detector.output, stride: -4 } };
    await assert.rejects(
      loadManifest(write(bad), DetectorManifestSchema),
      /malformed: output\.stride/,
    );
    const noCharset = { ...ocr, output: { name: 'probs' } };
    await assert.rejects(loadManifest(write(noCharset), OcrManifestSchema), /output\.charset/);
    assert.throws(() => channelValues([1, 2], 3, 'std'), /3 values/);
  });

  it('names every missing model file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'anpr-models-'));
    await assert.rejects(
      assertModelFiles(dir),
      (e: Error) =>
        e instanceof ModelMissingError &&
        /plate-detector\.onnx/.test(e.message) &&
        /plate-ocr\.manifest\.json/.test(e.message),
    );
  });
});
