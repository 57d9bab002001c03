/**
 * Opens and closes a serial link on a pty pair a few times, reading all along, then exits:
 * the child of serial-close.test.ts (a crash at close takes the whole process, so the test
 * looks at how this one ends).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPtyPair } from '../../../src-main/devices/serial/pty-pair';
import { SerialLink } from '../../../src-main/devices/serial/serial-link';

const dir = mkdtempSync(join(tmpdir(), 'link-close-'));
const pair = await openPtyPair(dir, 'link');
for (let i = 0; i < 5; i++) {
  const link = new SerialLink({ path: pair.stationPath, baudRate: 9600 });
  link.onData(() => undefined); // reading while it closes: the case that crashed
  await link.open();
  await link.close();
}
await pair.close();
rmSync(dir, { recursive: true, force: true });
process.stdout.write('closed cleanly\n');
