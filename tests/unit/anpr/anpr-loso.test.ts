/**
 * scripts/anpr-loso.ts: which per-source figures are leave-one-source-out figures, read from the
 * models' manifests (the shipped ones, and a manifest of a model trained without BR real crops).
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { losoStatus } from '../../../scripts/anpr-loso';
import type { PackSource } from '../../../scripts/anpr-pack';

const source = (name: string, kind: PackSource['kind']): PackSource => ({
  name,
  kind,
  rows: [],
  note: '',
});
const SOURCES = [
  source('br-heldout', 'crops'),
  source('eu-one-line', 'crops'),
  source('us-crops', 'crops'),
  source('world-crops', 'crops'),
  source('ro-valid', 'scenes'),
  source('kaggle', 'scenes'),
  source('openimages', 'scenes'),
];
const byName = (dir: string) =>
  Object.fromEntries(losoStatus(SOURCES, dir).map((l) => [l.source, l]));

describe('leave-one-source-out status', () => {
  it('reads the shipped manifests: every source trained on its other half, with the command for the true figure', () => {
    const s = byName('models');
    for (const name of ['br-heldout', 'eu-one-line', 'us-crops', 'world-crops'])
      assert.equal(s[name]!.ocrTrained, true, name);
    for (const name of ['ro-valid', 'kaggle', 'openimages'])
      assert.equal(s[name]!.detectorTrained, true, name);
    for (const status of Object.values(s)) assert.equal(status.loso, false, status.source);
    assert.match(s['us-crops']!.note, /ocr\/train\.py --exclude-source us /);
    assert.match(s['kaggle']!.note, /detector\/train\.py --exclude-source kaggle /);
  });

  it('calls BR a LOSO figure for an OCR trained without the BR real crops', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'loso-'));
    try {
      copyFileSync(
        'models/plate-detector.manifest.json',
        path.join(dir, 'plate-detector.manifest.json'),
      );
      const ocr = JSON.parse(readFileSync('models/plate-ocr.manifest.json', 'utf8')) as {
        trainedOn: { name: string }[];
      };
      ocr.trainedOn = ocr.trainedOn.filter((t) => !t.name.includes('br-crops/real'));
      writeFileSync(path.join(dir, 'plate-ocr.manifest.json'), JSON.stringify(ocr));
      assert.equal(byName(dir)['br-heldout']!.loso, true);
      assert.equal(byName(dir)['ro-valid']!.loso, false, 'the detector still trained on RO');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
