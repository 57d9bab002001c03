/**
 * The customer's pole display: the CD5220 driver on a socat pty pair, the simulator decoding
 * the command stream into the two visible lines, its health, and the texts the booth shows.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import {
  clearScreen,
  initialise,
  moveCursor,
  writeLine,
} from '../../../src-main/devices/display/cd5220-commands';
import { Cd5220Decoder } from '../../../src-main/devices/display/cd5220-decoder';
import { Cd5220Display } from '../../../src-main/devices/display/pole-display';
import { PoleDisplaySimulator } from '../../../src-main/devices/display/pole-display-simulator';
import { plainLine, type LineSettings } from '../../../src-main/devices/serial/line-settings';
import { openPtyPair } from '../../../src-main/devices/serial/pty-pair';
import { SerialLink } from '../../../src-main/devices/serial/serial-link';
import {
  PoleDisplayMessages,
  formatClock,
  formatMinor,
} from '../../../src-main/services/pole-display-messages';
import { Cleanup, tempDir, waitFor } from './device-test-helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function displayPair(line: LineSettings = plainLine()) {
  const dir = await tempDir(cleanup, 'pole');
  const pair = await openPtyPair(dir, 'pole');
  cleanup.add(() => pair.close());
  const simulator = await PoleDisplaySimulator.start({ path: pair.devicePath, line });
  cleanup.add(() => simulator.stop());
  return { pair, simulator };
}

const bytes = (...parts: Array<Uint8Array | string | number[]>): Uint8Array =>
  Uint8Array.from(
    parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : [...p])),
  );

describe('CD5220 decoding', () => {
  it('line commands, clear, init, cursor moves and plain text, split anywhere', () => {
    const stream = bytes(
      initialise(),
      writeLine(1, 'Amount due'),
      writeLine(2, '           RON 12.50'),
      moveCursor(15, 1),
      'PAID!',
      [0x1b, 0x2a, 0x04], // brightness: taken, not shown
      [0x0b], // home
      'X',
    );
    // Every split of the stream into two chunks decodes the same.
    for (let cut = 0; cut <= stream.length; cut++) {
      const decoder = new Cd5220Decoder();
      decoder.push(stream.subarray(0, cut));
      decoder.push(stream.subarray(cut));
      assert.deepEqual(
        decoder.lines,
        ['Xmount due    PAID! ', '           RON 12.50'],
        `split at ${cut}`,
      );
      assert.deepEqual(decoder.cursor, { column: 2, row: 1 });
      assert.equal(decoder.counters.initialised, 1);
      assert.equal(decoder.counters.linesWritten, 2);
      assert.equal(decoder.counters.unknown, 0);
    }
    const decoder = new Cd5220Decoder();
    decoder.push(bytes(writeLine(2, 'x'), clearScreen(), 'ab', moveCursor(20, 2), 'yz'));
    // Writing past the last column of the lower line wraps to the top left.
    assert.deepEqual(decoder.lines, ['zb'.padEnd(20), ' '.repeat(19) + 'y']);
  });

  it('cuts or pads every line to 20 printable ASCII characters', () => {
    const decoder = new Cd5220Decoder();
    decoder.push(writeLine(1, 'Mulțumim, drum bun! €5 and much more text'));
    assert.equal(decoder.lines[0], 'Multumim, drum bun! ');
    assert.throws(() => moveCursor(21, 1), RangeError);
    assert.throws(() => moveCursor(1, 3), RangeError);
  });
});

describe('pole display on a pty pair', { timeout: 30_000 }, () => {
  it('the driver initialises the display and shows both lines', async () => {
    const line = plainLine({ baudRate: 19200 });
    const { pair, simulator } = await displayPair(line);
    assert.deepEqual(simulator.line, line);
    const display = new Cd5220Display({ id: 'pole', path: pair.stationPath, line });
    cleanup.add(() => display.dispose());
    const statuses: string[] = [];
    display.onStatus((s) => statuses.push(s.health));

    await display.show('Amount due', 'RON 12.50');
    await waitFor(() => simulator.text[1] === 'RON 12.50', 'the lower line');
    assert.deepEqual(simulator.text, ['Amount due', 'RON 12.50']);
    assert.equal(simulator.counters.initialised, 1);
    assert.equal(display.status.health, 'ok');
    assert.equal(display.status.kind, 'display');

    await display.show('Thank you!', 'Exit by 14:35');
    await waitFor(() => simulator.text[0] === 'Thank you!', 'the next text');
    assert.deepEqual(simulator.text, ['Thank you!', 'Exit by 14:35']);
    assert.equal(simulator.counters.initialised, 1, 'initialised once per open');
    assert.deepEqual(statuses, ['ok']);
  });

  it('only the latest text counts when several come at once', async () => {
    const { pair, simulator } = await displayPair();
    const display = new Cd5220Display({ id: 'pole', path: pair.stationPath });
    cleanup.add(() => display.dispose());
    await Promise.all(Array.from({ length: 20 }, (_, i) => display.show(`Text ${i}`, 'x')));
    await waitFor(() => simulator.text[0] === 'Text 19', 'the last text');
    assert.ok(simulator.counters.linesWritten < 40, 'texts waiting were replaced, not queued');
  });

  it('reads the stream a real CD5220 would get from another program', async () => {
    const { pair, simulator } = await displayPair();
    const link = new SerialLink({ path: pair.stationPath, ...plainLine() });
    await link.open();
    cleanup.add(() => link.close());
    await link.write(bytes(initialise(), 'Hello', moveCursor(1, 2), 'World', [0x0d], 'w'));
    await waitFor(() => simulator.text[1] === 'world', 'the text');
    assert.deepEqual(simulator.text, ['Hello', 'world']);
  });

  it('is offline on the status strip when its line cannot be opened, and never throws', async () => {
    const dir = await tempDir(cleanup, 'pole-missing');
    const display = new Cd5220Display({ id: 'pole', path: `${dir}/no-such-tty` });
    cleanup.add(() => display.dispose());
    await display.show('Amount due', 'RON 1.00'); // resolves, does not reject
    assert.equal(display.status.health, 'offline');
    assert.match(display.status.detail, /cannot open serial port/);
    assert.equal((await display.checkStatus()).health, 'offline');
  });
});

describe('what the booth shows the customer', { timeout: 30_000 }, () => {
  it('formats money from minor units with Intl in the currency, and the exit time in the zone', () => {
    assert.equal(formatMinor(1250, 'RON'), 'RON 12.50');
    assert.equal(formatMinor(5, 'EUR'), 'EUR 0.05');
    assert.equal(formatMinor(123456, 'RON', 'ro-RO'), '1.234,56 RON');
    assert.equal(formatMinor(1500, 'JPY'), 'JPY 1,500'); // no minor digits
    assert.equal(formatMinor(1234, 'KWD'), 'KWD 1.234'); // three
    const at = Date.parse('2026-11-20T12:35:00Z');
    assert.equal(formatClock(at, 'Europe/Bucharest'), '14:35');
    assert.equal(formatClock(at, 'America/New_York'), '07:35');
  });

  it('amount due, then change and exit by, then thank you, then the idle text', async () => {
    const { pair, simulator } = await displayPair();
    const display = new Cd5220Display({ id: 'pole', path: pair.stationPath });
    cleanup.add(() => display.dispose());
    const messages = new PoleDisplayMessages({
      display,
      idleLines: ['Welcome', 'Station Console'],
      thankYouAfterMs: 50,
      idleAfterMs: 300,
    });
    cleanup.add(() => messages.stop());
    const seen: string[] = [];
    simulator.onChange(() => seen.push(simulator.text.join(' | ')));

    messages.idle();
    await waitFor(() => simulator.text[0] === 'Welcome', 'the idle text');
    messages.amountDue({ dueMinor: 1250, currency: 'RON' });
    await waitFor(() => simulator.text[0] === 'Amount due', 'the amount due');
    assert.equal(simulator.lines[1], '           RON 12.50');
    messages.paid({
      changeMinor: 750,
      currency: 'RON',
      exitBy: Date.parse('2026-11-20T12:35:00Z'),
      timeZone: 'Europe/Bucharest',
    });
    const expected = [
      'Welcome | Station Console',
      'Amount due |            RON 12.50',
      'Change      RON 7.50 | Exit by 14:35',
      'Thank you! | Exit by 14:35',
      'Welcome | Station Console',
    ];
    // The simulator reports every chunk it decodes; a half-written pair of lines is not a text.
    const texts = () => seen.filter((t, i) => expected.includes(t) && t !== seen[i - 1]);
    await waitFor(() => texts().length >= 5, 'the idle text after the payment');
    assert.deepEqual(texts(), expected);
  });

  it('an exact payment goes straight to the thank-you', async () => {
    const { pair, simulator } = await displayPair();
    const display = new Cd5220Display({ id: 'pole', path: pair.stationPath });
    cleanup.add(() => display.dispose());
    const messages = new PoleDisplayMessages({ display });
    cleanup.add(() => messages.stop());
    messages.paid({ changeMinor: 0, currency: 'EUR', exitBy: 0, timeZone: 'UTC' });
    await waitFor(() => simulator.text[0] === 'Thank you!', 'the thank-you');
    assert.deepEqual(simulator.text, ['Thank you!', 'Exit by 00:00']);
  });

  it('a display that throws or rejects never reaches the caller', () => {
    const errors: unknown[] = [];
    const broken = new PoleDisplayMessages({
      display: {
        show: () => {
          throw new Error('unplugged');
        },
      },
      onError: (e) => errors.push(e),
    });
    broken.amountDue({ dueMinor: 100, currency: 'EUR' });
    broken.paid({ changeMinor: 1, currency: 'EUR', exitBy: 0, timeZone: 'UTC' });
    broken.stop();
    assert.equal(errors.length, 2);
  });
});
