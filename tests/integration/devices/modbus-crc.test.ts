import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildRequest,
  crc16,
  hasValidCrc,
  packBits,
  unpackBits,
  withCrc,
} from '../../../src-main/devices/gate/modbus-frame';

const bytes = (hex: string) => Uint8Array.from(hex.split(' '), (b) => parseInt(b, 16));

describe('Modbus CRC16', () => {
  it('matches the CRC-16/MODBUS check value', () => {
    assert.equal(crc16(new TextEncoder().encode('123456789')), 0x4b37);
  });

  it('matches published request frames (CRC low byte first)', () => {
    // Read 1 holding register at 0 from unit 1, and read 10 from unit 1 (spec examples).
    assert.deepEqual(buildRequest(1, 0x03, 0, 1), bytes('01 03 00 00 00 01 84 0a'));
    assert.deepEqual(buildRequest(1, 0x03, 0, 10), bytes('01 03 00 00 00 0a c5 cd'));
    assert.deepEqual(buildRequest(1, 0x05, 0, 0xff00), bytes('01 05 00 00 ff 00 8c 3a'));
  });

  it('accepts its own frames and rejects every single-bit corruption', () => {
    const frame = withCrc([0x11, 0x03, 0x00, 0x6b, 0x00, 0x03]);
    assert.equal(hasValidCrc(frame), true);
    for (let bit = 0; bit < frame.length * 8; bit++) {
      const corrupted = frame.slice();
      corrupted[bit >> 3]! ^= 1 << (bit & 7);
      assert.equal(hasValidCrc(corrupted), false, `bit ${bit} flip went unnoticed`);
    }
    assert.equal(hasValidCrc(frame.subarray(0, 3)), false);
  });

  it('packs coil bits LSB first', () => {
    const bits = [true, false, true, true, false, false, true, true, true, false];
    assert.deepEqual(packBits(bits), Uint8Array.of(0xcd, 0x01));
    assert.deepEqual(unpackBits(Uint8Array.of(0xcd, 0x01), bits.length), bits);
  });
});
