/** SerialEscPosPrinter against the printer simulator on real socat ptys. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import {
  PrinterSimulator,
  type SimulatedPrinterState,
} from '../../../src-main/devices/printer/printer-simulator';
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
    assert.equal(result.sent, true);

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
    assert.equal(result.sent, false, 'nothing was sent: the job may be tried again');
    assert.equal(printer.status.health, 'offline');
    assert.equal(simulator.receipts.length, 0);
  });

  it('reports a printer whose cover is open as offline, and sends it nothing', async () => {
    const { printer, simulator } = await setup();
    simulator.setCoverOpen(true);
    const result = await printer.print(sampleReceipt);
    assert.deepEqual([result.ok, result.sent, result.printerStatus], [false, false, 'cover open']);
    assert.deepEqual([printer.status.health, printer.status.detail], ['offline', 'cover open']);
    assert.equal(simulator.discarded, 0, 'the job must not even be sent');
  });

  it('reads every DLE EOT state the simulator can be put in', async () => {
    const { printer, simulator } = await setup();
    const cases: [Partial<SimulatedPrinterState>, string, string][] = [
      [{}, 'ok', 'ready'],
      [{ paperLow: true }, 'warning', 'paper low'],
      [{ paperOut: true }, 'fault', 'paper out'],
      [{ coverOpen: true }, 'offline', 'cover open'],
      [{ error: 'recoverable' }, 'offline', 'error that clears by itself (head too hot?)'],
      [{ error: 'autocutter' }, 'fault', 'auto-cutter error'],
      [{ error: 'unrecoverable' }, 'fault', 'unrecoverable error (needs service)'],
      [
        { paperOut: true, coverOpen: true, paperLow: true },
        'fault',
        'paper out, cover open, paper low',
      ],
      [{ unplugged: true }, 'offline', 'printer not answering status requests (off or unplugged)'],
    ];
    const clear = {
      paperLow: false,
      paperOut: false,
      coverOpen: false,
      error: null,
      unplugged: false,
    };
    for (const [state, health, detail] of cases) {
      simulator.setState({ ...clear, ...state });
      const status = await printer.checkStatus();
      assert.deepEqual([status.health, status.detail], [health, detail], JSON.stringify(state));
    }
    simulator.setState(clear); // plugged back in: answers again, without reopening anything
    assert.equal((await printer.checkStatus()).health, 'ok');
  });

  for (const fault of ['coverOpen', 'paperOut', 'unplug'] as const) {
    it(`a job cut off part-way (${fault}) is reported as sent and maybe incomplete`, async () => {
      const { printer, simulator } = await setup();
      let sendingSaid = 0;
      simulator.failDuringNextJob(fault);
      const result = await printer.print(sampleReceipt, { beforeSend: () => sendingSaid++ });
      assert.deepEqual([result.ok, result.sent], [false, true], result.detail);
      assert.match(result.detail, /may be incomplete/);
      assert.equal(sendingSaid, 1, 'told just before the first byte went out');
      assert.equal(simulator.receipts.length, 0, 'no whole receipt came out');
    });
  }

  it('sends nothing when told not to just before the job would go out', async () => {
    const { printer, simulator } = await setup();
    const result = await printer.print(sampleReceipt, {
      beforeSend: () => {
        throw new Error('voided meanwhile');
      },
    });
    assert.deepEqual([result.ok, result.sent], [false, false]);
    assert.equal((await printer.checkStatus()).health, 'ok');
    assert.equal(simulator.receipts.length + simulator.discarded, 0);
  });

  it("takes the demo's state file while it runs, and reports a bad one", async () => {
    const dir = await tempDir(cleanup, 'printer-state');
    const pair = await openPtyPair(dir, 'printer');
    cleanup.add(() => pair.close());
    const stateFile = join(dir, 'printer-state.json');
    const simulator = await PrinterSimulator.start({
      path: pair.devicePath,
      outDir: join(dir, 'receipts'),
      stateFile,
    });
    cleanup.add(() => simulator.stop());
    const errors: Error[] = [];
    simulator.onError((error) => errors.push(error));
    const printer = new SerialEscPosPrinter({ id: 'printer-1', path: pair.stationPath });
    cleanup.add(() => printer.dispose());
    assert.equal((await printer.checkStatus()).health, 'ok', 'no file: as started');

    writeFileSync(stateFile, JSON.stringify({ paperOut: true, coverOpen: true }));
    await waitFor(
      async () => (await printer.checkStatus()).detail === 'paper out, cover open',
      'the file taken',
    );
    writeFileSync(stateFile, '{"paperOut": false, "jammed": true}');
    await waitFor(() => errors.length === 1, 'the bad file reported');
    assert.match(errors[0]!.message, /not a printer state/);
    assert.equal(simulator.state.paperOut, true, 'a bad file changes nothing');
    writeFileSync(stateFile, '{"paperOut": false}');
    await waitFor(
      async () => (await printer.checkStatus()).detail === 'cover open',
      'paper reloaded',
    );
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
