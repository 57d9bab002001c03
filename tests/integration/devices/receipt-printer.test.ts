/** SerialEscPosPrinter against the printer simulator on real socat ptys. */
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { PrinterSimulator } from '../../../src-main/devices/printer/printer-simulator';
import { SerialEscPosPrinter } from '../../../src-main/devices/printer/receipt-printer';
import { openPtyPair } from '../../../src-main/devices/serial/pty-pair';
import { Cleanup, tempDir, waitFor } from './device-test-helpers';
import { sampleReceipt } from './sample-receipt';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function setup() {
  const dir = await tempDir(cleanup, 'printer');
  const pair = await openPtyPair(dir, 'printer');
  cleanup.add(() => pair.close());
  const outDir = join(dir, 'receipts');
  const simulator = await PrinterSimulator.start({ path: pair.devicePath, outDir });
  cleanup.add(() => simulator.stop());
  const errors: Error[] = [];
  simulator.onError((error) => errors.push(error));
  const printer = new SerialEscPosPrinter({
    id: 'printer-1',
    path: pair.stationPath,
    statusTimeoutMs: 2000, // only a failure guard: the offline test waits this long once
  });
  cleanup.add(() => printer.dispose());
  return { printer, simulator, outDir, errors };
}

describe('SerialEscPosPrinter', { timeout: 30_000 }, () => {
  it('prints a receipt that decodes with its total and barcode, and renders a PNG', async () => {
    const { printer, simulator, outDir, errors } = await setup();
    const result = await printer.print(sampleReceipt);
    assert.equal(result.ok, true, result.detail);

    await waitFor(() => simulator.receipts.length === 1, 'the simulator to save the receipt');
    const receipt = simulator.receipts[0]!;
    assert.ok(receipt.textLines.some((line) => /^TOTAL +EUR 21\.00$/.test(line)));
    assert.deepEqual(
      receipt.barcodes.map((b) => b.data),
      ['SES-{42}-0001'],
    );

    const text = await readFile(join(outDir, 'receipt-1.txt'), 'utf8');
    assert.match(text, /EUR 21\.00/);
    assert.match(text, /^\[CODE128\] SES-\{42\}-0001$/m);
    const png = await readFile(join(outDir, 'receipt-1.png'));
    assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
    assert.ok((await stat(join(outDir, 'receipt-1.png'))).size > 1000);
    assert.deepEqual(errors, []);
    assert.equal((await printer.checkStatus()).health, 'ok');
  });

  it('refuses to print when the paper is out, and nothing comes out', async () => {
    const { printer, simulator } = await setup();
    const statuses: string[] = [];
    printer.onStatus((status) => statuses.push(status.health));
    simulator.setPaperOut(true);

    const result = await printer.print(sampleReceipt);
    assert.equal(result.ok, false);
    assert.match(result.detail, /paper out/);
    assert.equal(statuses.at(-1), 'fault');
    assert.equal(simulator.receipts.length, 0);
    assert.equal(simulator.discarded, 0, 'the job must not even be sent');

    simulator.setPaperOut(false); // paper reloaded: printing works again
    const reprinted = await printer.print(sampleReceipt);
    assert.equal(reprinted.ok, true, reprinted.detail);
    await waitFor(() => simulator.receipts.length === 1, 'the receipt after reloading paper');
  });

  it('reports a printer that does not answer as offline', async () => {
    const { printer, simulator } = await setup();
    simulator.setUnresponsive(true);
    const result = await printer.print(sampleReceipt);
    assert.equal(result.ok, false);
    assert.match(result.detail, /not answering/);
    assert.equal(printer.status.health, 'offline');
    assert.equal(simulator.receipts.length, 0);
  });

  it('reports a printer that says it is offline (cover open)', async () => {
    const { printer, simulator } = await setup();
    simulator.setOffline(true);
    const result = await printer.print(sampleReceipt);
    assert.equal(result.ok, false);
    assert.match(result.detail, /offline/);
    assert.equal(printer.status.health, 'offline');
  });

  it('still prints with low paper, as a warning', async () => {
    const { printer, simulator } = await setup();
    simulator.setPaperLow(true);
    const result = await printer.print(sampleReceipt);
    assert.equal(result.ok, true, result.detail);
    assert.match(result.detail, /paper low/);
    assert.equal(printer.status.health, 'warning');
  });
});
