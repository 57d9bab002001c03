import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import cv from '../../../src-main/camera/opencv';
import { ImageFolderSource } from '../../../src-main/camera/opencv-sources';
import {
  SampleLabelPlateReader,
  parseSampleLabels,
} from '../../../src-main/anpr/sample-label-reader';
import { LABELS_CSV, SAMPLE_LANES, isJpeg, makeTempDir } from './camera-test-helpers';

describe('sample lanes bundle', () => {
  it('has labelled 1280x720 frames, a shared plate across lanes, and stays small', () => {
    const labels = parseSampleLabels(readFileSync(LABELS_CSV, 'utf8'));
    let bytes = 0;
    for (const l of labels) {
      const file = path.join(SAMPLE_LANES, l.file);
      bytes += statSync(file).size;
      const mat = cv.imread(file);
      assert.equal(`${mat.cols}x${mat.rows}`, '1280x720', l.file);
      assert.ok(l.box.x + l.box.w <= 1280 && l.box.y + l.box.h <= 720, l.file);
      assert.match(l.plate, /^[A-Z]{1,2}\d{2,3}[A-Z]{3}$/, 'Romanian plate format');
    }
    assert.ok(bytes <= 3 * 1024 * 1024);
    const entry = labels.filter((l) => l.file.startsWith('entry/'));
    const exit = labels.filter((l) => l.file.startsWith('exit/'));
    assert.ok(entry.length >= 3 && exit.length >= 3);
    assert.ok(
      exit.some((l) => l.plate === entry[0]?.plate),
      'exit sees the first entry car',
    );
    const noEntry = exit.filter((l) => l.file.includes('no-entry'));
    assert.equal(noEntry.length, 1);
    assert.ok(!entry.some((l) => l.plate === noEntry[0]?.plate));
  });
});

describe('SampleLabelPlateReader', () => {
  it('returns the transcribed label and a crop for a sample frame', async () => {
    const reader = new SampleLabelPlateReader(LABELS_CSV);
    const source = new ImageFolderSource(path.join(SAMPLE_LANES, 'exit'));
    await source.open();
    const frame = await source.grab();
    await source.close();
    const expected = reader.labels.find((l) => l.file === `exit/${frame.sourceName}`);
    assert.ok(expected);

    const reads = await reader.read(frame);
    assert.equal(reads.length, 1);
    const [read] = reads;
    assert.equal(read?.text, expected.plate);
    assert.equal(read?.confidence, 0.99);
    assert.deepEqual(read?.box, expected.box);
    assert.deepEqual(read?.alternates, []);
    assert.ok(read?.cropJpeg && isJpeg(read.cropJpeg));
    const crop = cv.imdecode(read.cropJpeg);
    assert.equal(crop.cols, expected.box.w);
    assert.equal(crop.rows, expected.box.h);
  });

  it('finds a frame by its relative name when it has no file path', async () => {
    const reader = new SampleLabelPlateReader(LABELS_CSV);
    const mat = cv.imread(path.join(SAMPLE_LANES, 'entry', 'entry-001.jpg'));
    const reads = await reader.read({ mat, at: 0, sourceName: 'entry-001.jpg', index: 0 });
    assert.equal(reads[0]?.text, reader.labels[0]?.plate);
  });

  it('returns no reads for frames it has no label for', async () => {
    const reader = new SampleLabelPlateReader(LABELS_CSV);
    const mat = new cv.Mat(720, 1280, cv.CV_8UC3, [0, 0, 0]);
    assert.deepEqual(await reader.read({ mat, at: 0, sourceName: 'rtsp://cam/1', index: 7 }), []);
    const elsewhere = {
      mat,
      at: 0,
      sourceName: 'entry-001.jpg',
      index: 0,
      filePath: '/tmp/entry-001.jpg',
    };
    assert.deepEqual(
      await reader.read(elsewhere),
      [],
      'same name in another folder is not a match',
    );
  });

  it('parses CRLF, BOM, quotes and reordered columns', async () => {
    const csv =
      '\uFEFFplate,file,x,y,w,h\r\n"b 12 abc",a/1.jpg,1,2,3,4\r\n\r\nCJ12XYZ,b/2.jpg,0,0,10,10\r\n';
    assert.deepEqual(parseSampleLabels(csv), [
      { file: 'a/1.jpg', plate: 'B12ABC', box: { x: 1, y: 2, w: 3, h: 4 } },
      { file: 'b/2.jpg', plate: 'CJ12XYZ', box: { x: 0, y: 0, w: 10, h: 10 } },
    ]);
    assert.throws(() => parseSampleLabels('file,plate,x,y,w\n'), /missing column/);
    assert.throws(() => parseSampleLabels('file,plate,x,y,w,h\na.jpg,B1,1,2,-3,4\n'), /bad w/);
    const tmp = await makeTempDir('labels');
    try {
      const file = path.join(tmp.dir, 'labels.csv');
      await writeFile(file, csv);
      assert.equal(new SampleLabelPlateReader(file).labels.length, 2);
    } finally {
      await tmp.remove();
    }
  });
});
