import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import cv from '../../../src-main/camera/opencv';
import { ContinuousLaneReader } from '../../../src-main/anpr/continuous-reader';
import type { PlateRead, PlateReader } from '../../../src-main/anpr/plate-reader';
import type { VehicleRead } from '../../../src-main/anpr/track-vote';

describe('ContinuousLaneReader', () => {
  it('emits one event per vehicle when its track ends; failed reads count as no plate', async () => {
    const script: (PlateRead[] | Error)[] = [
      [
        {
          text: 'B58DTK',
          confidence: 0.9,
          box: { x: 100, y: 100, w: 200, h: 50 },
          alternates: [],
          cropJpeg: null,
        },
      ],
      new Error('worker restarting'),
      [
        {
          text: 'B58DTK',
          confidence: 0.7,
          box: { x: 104, y: 100, w: 200, h: 50 },
          alternates: [],
          cropJpeg: null,
        },
      ],
      [],
      [],
      [],
    ];
    let i = 0;
    const fake: PlateReader = {
      name: 'fake',
      read: async () => {
        const next = script[i++]!;
        if (next instanceof Error) throw next;
        return next;
      },
    };
    const events: VehicleRead[] = [];
    const lane = new ContinuousLaneReader(fake, (e) => events.push(e), { maxMissed: 2 });
    const mat = new cv.Mat(10, 10, cv.CV_8UC3);
    for (let k = 0; k < script.length; k++)
      await lane.push({ mat, at: k, sourceName: 'cam', index: k });
    assert.equal(events.length, 1);
    assert.equal(events[0]!.text, 'B58DTK');
    assert.deepEqual(events[0]!.framesUsed, [0, 2]);
    lane.flush();
    assert.equal(events.length, 1);
  });
});
