/**
 * The pump controller: the FCL/1 driver against the simulated forecourt controller on a socat
 * pty pair. A postpaid delivery from authorisation to its end (litres and amount by the fuel
 * domain's one rule), a nozzle lifted before the authorisation, a preset and its underrun, a
 * stop mid-delivery, refusals, garbled and malformed lines both ways, and an unplugged
 * controller going offline and coming back.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { fuelAmount } from '../../../src-shared/domain/fuel';
import type { DeviceStatus } from '../../../src-shared/domain/types';
import { encodeLine } from '../../../src-main/devices/pump/fcl-line';
import {
  FclPumpController,
  type FclPumpControllerOptions,
} from '../../../src-main/devices/pump/fcl-pump-controller';
import type {
  DeliveryEnd,
  PumpEvent,
  PumpState,
} from '../../../src-main/devices/pump/pump-controller';
import { PumpControllerSimulator } from '../../../src-main/devices/pump/pump-controller-simulator';
import { plainLine } from '../../../src-main/devices/serial/line-settings';
import { openPtyPair } from '../../../src-main/devices/serial/pty-pair';
import { Cleanup, tempDir, waitFor } from './device-test-helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const E95 = 678_900; // 6.789 RON/l
const DIESEL = 712_900; // 7.129 RON/l
const LINE = plainLine({ baudRate: 19200 });

async function forecourt(driverOptions: Partial<FclPumpControllerOptions> = {}) {
  const dir = await tempDir(cleanup, 'pump');
  const pair = await openPtyPair(dir, 'pump');
  cleanup.add(() => pair.close());
  const startSimulator = async () => {
    const simulator = await PumpControllerSimulator.start({
      path: pair.devicePath,
      line: LINE,
      pumps: [
        {
          pump: 1,
          nozzles: [
            { nozzle: 1, grade: 'e95' },
            { nozzle: 2, grade: 'diesel' },
          ],
        },
        { pump: 2, nozzles: [{ nozzle: 1, grade: 'diesel' }] },
      ],
      grades: [
        { id: 'e95', unitPrice: E95 },
        { id: 'diesel', unitPrice: DIESEL },
      ],
      flow: { mlPerTick: 100, tickMs: 10 },
    });
    cleanup.add(() => simulator.stop());
    return simulator;
  };
  const simulator = await startSimulator();
  const controller = new FclPumpController({
    id: 'pumps',
    path: pair.stationPath,
    line: LINE,
    keepAliveMs: 0, // no background traffic: the tests count lines and resends
    ...driverOptions,
  });
  cleanup.add(() => controller.dispose());
  const events: PumpEvent[] = [];
  controller.onEvent((e) => events.push(e));
  return { dir, pair, simulator, controller, events, startSimulator };
}

type Events = PumpEvent[];
const ends = (events: Events): DeliveryEnd[] =>
  events.flatMap((e) => (e.kind === 'delivery-end' ? [e.delivery] : []));
const states = (events: Events, pump: number): PumpState[] =>
  events.flatMap((e) => (e.kind === 'pump' && e.status.pump === pump ? [e.status.state] : []));
const lineErrors = (events: Events): string[] =>
  events.flatMap((e) => (e.kind === 'line-error' ? [e.detail] : []));

function waitForEnd(events: Events, count = 1): Promise<DeliveryEnd> {
  return waitFor(() => ends(events)[count - 1], `delivery end #${count}`);
}

function waitForState(events: Events, pump: number, state: PumpState, label: string = state) {
  return waitFor(() => states(events, pump).at(-1) === state, `pump ${pump} ${label}`);
}

describe('pump controller over a serial line', { timeout: 60_000 }, () => {
  it('authorise, nozzle up, progress, end: litres and amount by the one rule', async () => {
    const { simulator, controller, events } = await forecourt();
    assert.equal(controller.status.health, 'offline', 'not healthy before it ever answered');
    const status = await controller.pumps();
    assert.ok(status.ok);
    assert.deepEqual(
      status.pumps.map((p) => [p.pump, p.state]),
      [
        [1, 'idle'],
        [2, 'idle'],
      ],
    );
    assert.equal(controller.status.health, 'ok');
    assert.equal(controller.status.kind, 'pump-controller');

    assert.deepEqual(await controller.authorise({ pump: 1, authId: 'A-1' }), { ok: true });
    await waitForState(events, 1, 'authorised');
    simulator.liftNozzle(1, 1, { hangUpAtMl: 12_345 });
    const end = await waitForEnd(events);
    assert.deepEqual(end, {
      pump: 1,
      deliveryId: end.deliveryId,
      authId: 'A-1',
      nozzle: 1,
      grade: 'e95',
      millilitres: 12_345,
      unitPrice: E95,
      amountMinor: fuelAmount(12_345, E95),
      presetMinor: null,
      reason: 'hung-up',
    });
    assert.equal(end.amountMinor, 8381); // 12.345 l × 6.789 = 83.810205 → 83.81 RON

    const progress = events.flatMap((e) => (e.kind === 'progress' ? [e] : []));
    assert.ok(progress.length >= 10, `progress as it ran (${progress.length})`);
    for (let i = 1; i < progress.length; i++) {
      assert.ok(progress[i]!.millilitres >= progress[i - 1]!.millilitres, 'volume only grows');
    }
    for (const p of progress) assert.equal(p.amountMinor, fuelAmount(p.millilitres, E95));
    assert.equal(progress.at(-1)!.millilitres, 12_345, 'the last progress is the end');

    await waitForState(events, 1, 'idle', 'idle after the hang-up');
    assert.deepEqual(states(events, 1), ['idle', 'authorised', 'fuelling', 'stopped', 'idle']);
    assert.deepEqual(
      events.flatMap((e) => (e.kind === 'nozzle' ? [[e.pump, e.nozzle, e.up, e.grade]] : [])),
      [
        [1, 1, true, 'e95'],
        [1, 1, false, 'e95'],
      ],
    );

    // The controller keeps the delivery until the console clears it.
    const pending = await controller.deliveries();
    assert.ok(pending.ok);
    assert.deepEqual(pending.deliveries, [end]);
    assert.deepEqual(await controller.clear(1, end.deliveryId), { ok: true });
    assert.deepEqual(await controller.deliveries(), { ok: true, deliveries: [] });
    assert.deepEqual(await controller.clear(1, end.deliveryId), { ok: true }, 'a repeat is fine');
    const unknown = await controller.clear(1, 'NOPE-1');
    assert.equal(unknown.ok, false);
    assert.equal(!unknown.ok && unknown.code, 404);

    // A late repeat of a finished authorisation must not let the pump deliver again.
    const again = await controller.authorise({ pump: 1, authId: 'A-1' });
    assert.equal(!again.ok && again.code, 409);
    assert.match(!again.ok ? again.detail : '', /already used/);
    assert.equal(simulator.deliveriesMade.length, 1);
    assert.deepEqual(lineErrors(events), []);
  });

  it('a nozzle lifted first: the pump calls, and delivers once authorised', async () => {
    const { simulator, controller, events } = await forecourt();
    await controller.checkStatus(); // the line is open: the console hears the forecourt
    simulator.liftNozzle(1, 2, { hangUpAtMl: 2000 });
    await waitForState(events, 1, 'calling');
    assert.equal(ends(events).length, 0);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(events.filter((e) => e.kind === 'progress').length, 0, 'no fuel unauthorised');
    assert.ok((await controller.authorise({ pump: 1, authId: 'A-2' })).ok);
    const end = await waitForEnd(events);
    assert.equal(end.grade, 'diesel');
    assert.equal(end.millilitres, 2000);
    assert.equal(end.amountMinor, fuelAmount(2000, DIESEL)); // 14.258 → 14.26 RON
    assert.equal(end.amountMinor, 1426);
  });

  it('a preset stops at the prepaid amount; an early hang-up is an underrun', async () => {
    const { simulator, controller, events } = await forecourt();
    assert.ok((await controller.authorise({ pump: 1, authId: 'P-1', presetMinor: 10_000 })).ok);
    await waitForState(events, 1, 'authorised');
    simulator.liftNozzle(1, 1); // the customer would go on: the pump stops them
    const full = await waitForEnd(events);
    assert.equal(full.reason, 'preset');
    assert.equal(full.amountMinor, 10_000, 'exactly the prepaid 100.00');
    assert.equal(full.millilitres, 14_730, 'the most fuel 100.00 buys at 6.789');
    assert.equal(full.presetMinor, 10_000);
    await waitForState(events, 1, 'stopped');
    await new Promise((r) => setTimeout(r, 100));
    const last = events.filter((e) => e.kind === 'progress').at(-1);
    assert.equal(last?.kind === 'progress' && last.millilitres, 14_730, 'no fuel past the preset');
    simulator.hangUp(1);
    await waitForState(events, 1, 'idle');

    assert.ok((await controller.authorise({ pump: 1, authId: 'P-2', presetMinor: 10_000 })).ok);
    await waitForState(events, 1, 'authorised');
    simulator.liftNozzle(1, 1, { hangUpAtMl: 5000 });
    const early = await waitForEnd(events, 2);
    assert.equal(early.reason, 'hung-up');
    assert.equal(early.millilitres, 5000);
    assert.equal(early.amountMinor, 3395, '33.945 is a half: up, to 33.95');
    assert.equal(early.presetMinor! - early.amountMinor, 6605, 'the underrun to give back');
  });

  it('stop mid-delivery ends it where it was', async () => {
    const { simulator, controller, events } = await forecourt();
    assert.ok((await controller.authorise({ pump: 2, authId: 'S-1' })).ok);
    await waitForState(events, 2, 'authorised');
    simulator.liftNozzle(2, 1);
    await waitFor(
      () => events.some((e) => e.kind === 'progress' && e.millilitres >= 1000),
      'a litre in',
    );
    assert.deepEqual(await controller.stop(2), { ok: true });
    const end = await waitForEnd(events);
    assert.equal(end.reason, 'stopped');
    assert.ok(end.millilitres >= 1000);
    assert.equal(end.amountMinor, fuelAmount(end.millilitres, DIESEL));
    await new Promise((r) => setTimeout(r, 100));
    const progress = events.flatMap((e) => (e.kind === 'progress' ? [e.millilitres] : []));
    assert.equal(progress.at(-1), end.millilitres, 'no fuel after the stop');
    const status = await controller.pumps(2);
    assert.ok(status.ok);
    assert.equal(status.pumps[0]?.state, 'stopped');
    simulator.hangUp(2);
    await waitForState(events, 2, 'idle');

    // Stopping an authorised pump before any fuel cancels the authorisation.
    assert.ok((await controller.authorise({ pump: 2, authId: 'S-2' })).ok);
    assert.ok((await controller.stop(2)).ok);
    await waitForState(events, 2, 'idle', 'idle after the cancel');
    simulator.liftNozzle(2, 1);
    await waitForState(events, 2, 'calling', 'calling, not fuelling');
    assert.equal(ends(events).length, 1);
  });

  it('refuses what the pump cannot do, with the controller’s reason', async () => {
    const { simulator, controller, events } = await forecourt();
    const unknown = await controller.authorise({ pump: 9, authId: 'X-1' });
    assert.deepEqual(unknown, { ok: false, code: 404, detail: 'no pump 9' });
    assert.ok((await controller.authorise({ pump: 1, authId: 'X-2' })).ok);
    assert.deepEqual(await controller.authorise({ pump: 1, authId: 'X-2' }), { ok: true });
    assert.equal(simulator.counters.repeatedAuths, 1, 'a repeat changes nothing');
    simulator.liftNozzle(1, 1);
    await waitForState(events, 1, 'fuelling');
    const busy = await controller.authorise({ pump: 1, authId: 'X-3' });
    assert.deepEqual(busy, { ok: false, code: 409, detail: 'pump 1 is fuelling' });
    await assert.rejects(controller.authorise({ pump: 1, authId: 'bad id' }), RangeError);
    await assert.rejects(
      controller.authorise({ pump: 1, authId: 'X-4', presetMinor: 0 }),
      RangeError,
    );
    await assert.rejects(controller.stop(100), RangeError);
    assert.ok((await controller.stop(1)).ok);
  });

  it('garbled and malformed lines from the controller are reported clearly, never thrown', async () => {
    const { simulator, controller, events } = await forecourt();
    assert.ok((await controller.pumps()).ok);
    await simulator.sendRaw(Uint8Array.of(0x00, 0xff, 0x41, 0x13)); // noise: skipped
    await simulator.sendRaw('$* PUMP 1 idle - - - -\r\n'); // no CRC
    await simulator.sendRaw(`$* PUMP 1 id\x07le - - - -*0000\r\n`); // a control byte
    await simulator.sendRaw(`$${'A'.repeat(300)}\r\n`); // never ends in time
    await simulator.sendRaw(
      encodeLine('* PUMP 1 idle - - - -').map((b, i) => (i === 5 ? 0x58 : b)),
    );
    await simulator.sendBody('* HELLO 1'); // a good line, no message we know
    await simulator.sendBody('* DEND 1 x'); // a delivery end without its values
    await simulator.sendBody('* PROGRESS 1 A-1 e95 -5 10'); // a negative volume
    await simulator.sendBody('C1 MAYBE'); // neither OK nor ERR
    await waitFor(() => lineErrors(events).length >= 8, 'every bad line reported');
    const errors = lineErrors(events);
    const expected = [
      /garbled line from the controller \(no-checksum\): no \*CRC at the end of "\* PUMP 1 idle - - - -"/,
      /garbled line from the controller \(byte\): byte 0x07 at 12/,
      /garbled line from the controller \(too-long\)/,
      /garbled line from the controller \(checksum\): CRC [0-9A-F]{4} but the body .* gives/,
      /unreadable line from the controller: unknown notification "HELLO": "\* HELLO 1"/,
      /unreadable line from the controller: DEND takes 10 values/,
      /unreadable line from the controller: bad volume or amount/,
      /unreadable line from the controller: not an OK or ERR reply: "C1 MAYBE"/,
    ];
    assert.equal(errors.length, expected.length, errors.join('\n'));
    expected.forEach((pattern, i) => assert.match(errors[i]!, pattern));
    assert.equal(controller.counters.badLines, 4);
    assert.equal(controller.counters.unreadableLines, 4);
    assert.ok(controller.counters.skippedBytes >= 4);
    assert.equal(ends(events).length, 0, 'nothing half-read became a delivery');

    // A reply damaged on the wire: the request goes again and gets through.
    simulator.injectFaults({ corruptLines: 1 });
    assert.deepEqual(await controller.stop(1), { ok: true });
    assert.equal(controller.counters.resends, 1);
    // And the driver still runs a whole delivery.
    assert.ok((await controller.authorise({ pump: 1, authId: 'G-1' })).ok);
    simulator.liftNozzle(1, 1, { hangUpAtMl: 1500 });
    assert.equal((await waitForEnd(events)).amountMinor, fuelAmount(1500, E95));
    assert.equal(controller.status.health, 'ok');
  });

  it('a line of ours garbled on the way: the controller says so, and the resend gets through', async () => {
    const { simulator, controller, events } = await forecourt({
      // The first try of every request loses its CRC's last digit on the wire.
      tamper: (line, attempt) =>
        attempt > 0 ? line : line.map((b, i) => (i === line.length - 3 ? b ^ 0x01 : b)),
    });
    assert.deepEqual(await controller.authorise({ pump: 1, authId: 'T-1' }), { ok: true });
    assert.equal(simulator.counters.badLines, 1);
    assert.equal(controller.counters.resends, 1);
    const said = events.flatMap((e) => (e.kind === 'controller-error' ? [e] : []));
    assert.deepEqual(said, [
      { kind: 'controller-error', code: 400, detail: 'garbled line (checksum)' },
    ]);
    assert.equal(simulator.statuses[0]?.state, 'authorised', 'authorised once');
  });

  it('unplugged: health goes offline, commands fail with the reason, and it comes back', async () => {
    const { dir, pair, controller, events, startSimulator } = await forecourt({
      replyTimeoutMs: 200,
      maxResends: 1,
      keepAliveMs: 300,
    });
    const seen: DeviceStatus[] = [];
    controller.onStatus((s) => seen.push(s));
    assert.equal((await controller.checkStatus()).health, 'ok');

    await pair.close(); // the USB adapter is pulled: both ends of the line are gone
    const offline = await waitFor(
      () => seen.find((s) => s.health === 'offline'),
      'the controller reported offline',
    );
    assert.match(offline.detail, /serial port closed/);
    const failed = await controller.authorise({ pump: 1, authId: 'U-1' });
    assert.equal(failed.ok, false);
    assert.equal(!failed.ok && failed.code, null, 'no answer: no controller code');
    assert.match(!failed.ok ? failed.detail : '', /cannot open serial port/);
    assert.equal(controller.status.health, 'offline');

    // Plugged in again (the same device path): the heartbeat reopens the line by itself, and
    // the console hears the forecourt again without being asked.
    const back = await openPtyPair(dir, 'pump');
    cleanup.add(() => back.close());
    const simulator = await startSimulator();
    await waitFor(() => controller.status.health === 'ok', 'the controller back by itself');
    simulator.liftNozzle(2, 1);
    await waitForState(events, 2, 'calling', 'a nozzle lifted after the replug');
    assert.ok((await controller.authorise({ pump: 1, authId: 'U-2' })).ok);
    assert.equal(simulator.statuses[0]?.state, 'authorised');
  });

  it('a controller that stops answering is reported offline after its resends', async () => {
    const { simulator, controller } = await forecourt({ replyTimeoutMs: 150, maxResends: 2 });
    assert.equal((await controller.checkStatus()).health, 'ok');
    await simulator.stop(); // the line stays, nobody answers
    const status = await controller.checkStatus();
    assert.equal(status.health, 'offline');
    assert.match(status.detail, /no reply to STATUS in 3 tries of 150 ms/);
    const result = await controller.stop(1);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.code, null);
  });
});
