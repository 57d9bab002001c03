/**
 * The site's branding on a real station's receipts: the logo (read with OpenCV from the image
 * file in the settings, thresholded to one bit) prints as a GS v 0 raster above the site name,
 * the header lines under it and the footer lines at the very end, as the printer simulator on
 * the socat pty decodes them. A logo's transparent background prints no ink.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DecodedReceipt } from '../../../src-main/devices/printer/decoded-receipt';
import cv from '../../../src-main/camera/opencv';
import { readLogoRaster } from '../../../src-main/app/receipt-branding';
import { isDark } from '../../../src-main/devices/printer/raster-image';
import { requestKey, startHarness, until, type Harness } from '../../support/station-harness';

const darkDots = (r: { widthDots: number; height: number; bits: Uint8Array }) => {
  let n = 0;
  for (const byte of r.bits) for (let b = byte; b; b &= b - 1) n += 1;
  return n;
};

/** Pays for a car 45 minutes in, waits for its receipt to print, and returns it decoded. */
async function paidReceipt(h: Harness, printed: DecodedReceipt[], plate: string) {
  const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate });
  const sessionId = entered.kind === 'entered' ? entered.sessionId : '';
  h.clock.advanceMinutes(45);
  const quote = await h.call('sessions:quote', { sessionId });
  const paid = await h.call('payments:cash', {
    sessionId,
    tenderedMinor: quote.dueMinor,
    expectedDueMinor: quote.dueMinor,
    idempotencyKey: requestKey(),
  });
  await h.untilPrintState(paid.receipt.id, 'printed');
  return until(
    () => printed.find((r) => r.textLines.some((l) => l.includes(plate))),
    'the receipt decoded',
  );
}

describe('receipt branding from the settings', { timeout: 90_000 }, () => {
  let h: Harness;
  const printed: DecodedReceipt[] = [];

  before(async () => {
    h = await startHarness({
      receipts: {
        logoPath: 'receipt-logo.png',
        header: ['Str. Testului 7, Cluj', 'CIF RO99999999'],
        footer: ['Returns within 30 days'],
      },
    });
    h.station.devices.simulated!.printerSimulator.onReceipt((r) => printed.push(r));
    await h.signIn('cashier');
  });
  after(() => h.stop());

  it('prints the logo above the site name, the header under it, the footer last', async () => {
    const receipt = await paidReceipt(h, printed, 'LOGO01');
    const [logo, ...others] = receipt.rasters;
    assert.ok(logo, 'a logo raster');
    assert.equal(logo.atLine, 0, 'before the first line');
    assert.equal(logo.height, 96, 'the 360x96 logo fits the paper unscaled');
    assert.ok(darkDots(logo) > 2000, 'ink where the logo is drawn');
    assert.equal(others.length, 0, 'the barcode prints natively here');
    const lines = receipt.textLines.map((l) => l.trim());
    const name = lines.indexOf('Station Console demo');
    assert.ok(name >= 0, 'the site name');
    assert.deepEqual(lines.slice(name + 1, name + 3), ['Str. Testului 7, Cluj', 'CIF RO99999999']);
    assert.equal(lines.filter((l) => l.length > 0).at(-1), 'Returns within 30 days');
  });

  it("reads a transparent logo's background as paper, and scales a wide one to the line", () => {
    const dir = mkdtempSync(join(tmpdir(), 'logo-'));
    try {
      // 1200 x 100, transparent black everywhere except an opaque black bar on the left half.
      const image = new cv.Mat(100, 1200, cv.CV_8UC4, [0, 0, 0, 0]);
      const bar = new cv.Mat(100, 600, cv.CV_8UC4, [0, 0, 0, 255]);
      bar.copyTo(image.getRegion(new cv.Rect(0, 0, 600, 100)));
      const file = join(dir, 'wide.png');
      cv.imwrite(file, image);
      const raster = readLogoRaster(file, 576);
      assert.equal(raster.widthDots, 576);
      assert.equal(raster.height, 48, 'scaled by 576/1200');
      assert.ok(isDark(raster, 10, 24), 'the opaque bar prints');
      assert.ok(!isDark(raster, 500, 24), 'the transparent half does not');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a logo that is not an image', () => {
    assert.throws(() => readLogoRaster(resolve('README.md'), 576), /not an image OpenCV can read/);
  });
});

describe('a logo the station cannot read', { timeout: 60_000 }, () => {
  it('is left off with a warning: the station starts and prints its receipts', async () => {
    const h = await startHarness({ receipts: { logoPath: 'no-such-logo.png', header: ['HDR'] } });
    try {
      const printed: DecodedReceipt[] = [];
      h.station.devices.simulated!.printerSimulator.onReceipt((r) => printed.push(r));
      await h.signIn('cashier');
      const receipt = await paidReceipt(h, printed, 'NOLOGO1');
      assert.deepEqual(receipt.rasters, []);
      assert.ok(receipt.textLines.some((l) => l.trim() === 'HDR'));
    } finally {
      await h.stop();
    }
  });
});
