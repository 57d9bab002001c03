/** socat pty pairs: bytes flow both ways, close removes the links, clear error without socat. */
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { afterEach, describe, it } from 'node:test';
import { SocatMissingError, openPtyPair } from '../../../src-main/devices/serial/pty-pair';
import { SerialLink } from '../../../src-main/devices/serial/serial-link';
import { Cleanup, tempDir, waitFor } from './device-test-helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function openLink(path: string) {
  const link = new SerialLink({ path, baudRate: 9600 });
  await link.open();
  cleanup.add(() => link.close());
  const received: number[] = [];
  link.onData((chunk) => received.push(...chunk));
  return { link, received };
}

describe('openPtyPair', { timeout: 20_000 }, () => {
  it('carries bytes both ways and removes its links on close', async () => {
    const dir = await tempDir(cleanup, 'pty');
    const pair = await openPtyPair(dir, 'loop');
    cleanup.add(() => pair.close());
    const station = await openLink(pair.stationPath);
    const device = await openLink(pair.devicePath);

    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i); // raw: no byte is translated
    await station.link.write(bytes);
    await waitFor(() => device.received.length >= 256, 'bytes at the device end');
    assert.deepEqual(device.received, [...bytes]);
    await device.link.write(Uint8Array.of(0x10, 0x04, 0x01));
    await waitFor(() => station.received.length >= 3, 'bytes at the station end');
    assert.deepEqual(station.received, [0x10, 0x04, 0x01]);

    await pair.close();
    await assert.rejects(access(pair.stationPath));
    await assert.rejects(access(pair.devicePath));
    await waitFor(() => !station.link.isOpen, 'the station port to notice the hang-up');
  });

  it('says clearly when socat is not installed', async () => {
    const dir = await tempDir(cleanup, 'pty-nosocat');
    const path = process.env.PATH;
    process.env.PATH = dir; // an empty folder: no socat on PATH
    try {
      await assert.rejects(openPtyPair(dir, 'x'), SocatMissingError);
    } finally {
      process.env.PATH = path;
    }
  });

  it('rejects names that socat would parse as options', async () => {
    await assert.rejects(openPtyPair('/tmp', 'a,b'), /invalid pty pair name/);
  });
});
