/**
 * ECR framing: STX payload ETX LRC, ACK/NAK outside frames; decoding any split of a stream the
 * same, resynchronising past noise, and never throwing or growing on hostile input.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACK,
  ETX,
  FrameDecoder,
  MAX_PAYLOAD,
  NAK,
  STX,
  encodeFrame,
  isPayloadByte,
  type FrameEvent,
} from '../../../src-main/devices/terminal/ecr-frame';
import { prng } from '../../support/random';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);
const concat = (...parts: Array<Uint8Array | number[]>) =>
  Uint8Array.from(parts.flatMap((p) => [...p]));

function describeEvents(events: FrameEvent[]): string[] {
  return events.map((e) =>
    e.kind === 'frame'
      ? `frame ${text(e.payload)}`
      : e.kind === 'bad-frame'
        ? `bad ${e.reason}`
        : e.kind,
  );
}

describe('ECR frame encoding', () => {
  it('puts STX, the payload, ETX and the XOR of payload and ETX on the wire', () => {
    // P^I^N^G^ETX = 0x50^0x49^0x4e^0x47^0x03 = 0x13, worked by hand.
    assert.deepEqual([...encodeFrame(ascii('PING'))], [STX, 0x50, 0x49, 0x4e, 0x47, ETX, 0x13]);
  });

  it('refuses payloads the protocol cannot carry', () => {
    assert.throws(() => encodeFrame(new Uint8Array(0)), RangeError);
    assert.throws(() => encodeFrame(new Uint8Array(MAX_PAYLOAD + 1).fill(0x41)), RangeError);
    for (const control of [STX, ETX, ACK, NAK, 0x00, 0x7f, 0xff]) {
      assert.throws(
        () => encodeFrame(Uint8Array.of(0x41, control)),
        RangeError,
        `0x${control.toString(16)}`,
      );
    }
    assert.equal(encodeFrame(new Uint8Array(MAX_PAYLOAD).fill(0x41)).length, MAX_PAYLOAD + 3);
  });
});

describe('ECR frame decoding', () => {
  const stream = concat(
    [0xff, 0x41], // noise before the first STX
    encodeFrame(ascii('SALE\x1cR-1\x1c1250\x1cRON')),
    [ACK],
    encodeFrame(ascii('PING')),
    [NAK],
  );
  const expected = ['frame SALE\x1cR-1\x1c1250\x1cRON', 'ack', 'frame PING', 'nak'];

  it('decodes every split of a stream the same, skipping the bytes before STX', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const decoder = new FrameDecoder();
      const events = [
        ...decoder.push(stream.subarray(0, cut)),
        ...decoder.push(stream.subarray(cut)),
      ];
      assert.deepEqual(describeEvents(events), expected, `split at ${cut}`);
      assert.equal(decoder.counters.skippedBytes, 2);
      assert.equal(decoder.counters.frames, 2);
    }
    // Byte by byte too.
    const decoder = new FrameDecoder();
    assert.deepEqual(
      describeEvents([...stream].flatMap((b) => decoder.push(Uint8Array.of(b)))),
      expected,
    );
  });

  it('reports a wrong LRC, a forbidden byte and an empty payload as bad frames', () => {
    const good = encodeFrame(ascii('PING'));
    const badLrc = Uint8Array.from(good);
    badLrc[badLrc.length - 1] = badLrc[badLrc.length - 1]! ^ 0x01;
    const withControl = concat([STX, 0x50, 0x00, 0x47, ETX], [0x50 ^ 0x00 ^ 0x47 ^ ETX]);
    const empty = Uint8Array.of(STX, ETX, ETX);
    const decoder = new FrameDecoder();
    const events = decoder.push(concat(badLrc, withControl, empty, good));
    assert.deepEqual(describeEvents(events), ['bad lrc', 'bad byte', 'bad byte', 'frame PING']);
    assert.equal(decoder.counters.badFrames, 3);
  });

  it('takes an STX inside a frame as the start of a new one', () => {
    const decoder = new FrameDecoder();
    const cutShort = ascii('SALE\x1cR-');
    const events = decoder.push(concat([STX], cutShort, encodeFrame(ascii('PING'))));
    assert.deepEqual(describeEvents(events), ['frame PING']);
    assert.equal(decoder.counters.skippedBytes, cutShort.length + 1);
  });

  it('NAKs an overlong frame once and keeps nothing of it, however long it goes on', () => {
    const decoder = new FrameDecoder();
    const events: FrameEvent[] = [];
    events.push(...decoder.push(Uint8Array.of(STX)));
    const filler = new Uint8Array(64 * 1024).fill(0x41);
    for (let i = 0; i < 16; i++) events.push(...decoder.push(filler)); // a megabyte with no ETX
    events.push(...decoder.push(Uint8Array.of(ETX, 0x00)));
    events.push(...decoder.push(encodeFrame(ascii('PING'))));
    assert.deepEqual(describeEvents(events), ['bad too-long', 'frame PING']);
    // The payload that fits exactly is still a frame.
    const full = new Uint8Array(MAX_PAYLOAD).fill(0x42);
    const [event] = new FrameDecoder().push(encodeFrame(full));
    assert.equal(event?.kind, 'frame');
  });

  it('never throws on random garbage, only yields valid payloads, and resynchronises', () => {
    const random = prng(0x5eed);
    const good = encodeFrame(ascii('STAT\x1cR-7'));
    for (let round = 0; round < 300; round++) {
      const decoder = new FrameDecoder();
      // Garbage rich in the framing's own bytes, in random chunk sizes.
      const garbage = Uint8Array.from({ length: 1 + Math.floor(random() * 3000) }, () => {
        const r = random();
        if (r < 0.05) return STX;
        if (r < 0.1) return ETX;
        if (r < 0.12) return ACK;
        if (r < 0.14) return NAK;
        return Math.floor(random() * 256);
      });
      let at = 0;
      while (at < garbage.length) {
        const size = 1 + Math.floor(random() * 200);
        for (const event of decoder.push(garbage.subarray(at, at + size))) {
          if (event.kind !== 'frame') continue;
          assert.ok(event.payload.length >= 1 && event.payload.length <= MAX_PAYLOAD);
          assert.ok(
            event.payload.every(isPayloadByte),
            'a decoded payload holds only payload bytes',
          );
        }
        at += size;
      }
      // A sender resends an unacknowledged frame; by the second copy the decoder is in step.
      const after = [...decoder.push(good), ...decoder.push(good)].filter(
        (e) => e.kind === 'frame',
      );
      assert.ok(after.length >= 1, `round ${round}: resynchronised`);
      assert.equal(text((after.at(-1) as { payload: Uint8Array }).payload), 'STAT\x1cR-7');
    }
  });
});
