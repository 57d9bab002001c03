/**
 * The card terminal: the ECR driver against the simulator on a socat pty pair and on loopback
 * TCP. Every outcome, the recovery of a lost reply by status query (one outcome, one charge),
 * the terminal's refusal to charge a reference twice, and line faults on a real line.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { openPtyPair } from '../../../src-main/devices/serial/pty-pair';
import { SerialLink } from '../../../src-main/devices/serial/serial-link';
import { plainLine } from '../../../src-main/devices/serial/line-settings';
import { startSimulatedDevices } from '../../../src-main/devices/simulated-devices';
import type { CardOutcome } from '../../../src-main/devices/terminal/card-terminal';
import { CardTerminalSimulator } from '../../../src-main/devices/terminal/card-terminal-simulator';
import {
  EcrCardTerminal,
  type EcrCardTerminalOptions,
  type TerminalTransport,
} from '../../../src-main/devices/terminal/ecr-card-terminal';
import { EcrLink } from '../../../src-main/devices/terminal/ecr-link';
import { freeLoopbackPort } from '../../support/ports';
import { Cleanup, tempDir, waitFor } from './device-test-helpers';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

/**
 * Short waits, so that recovery runs in seconds. The ACK wait stays a real terminal's 1 s: the
 * tests count frames, and a loaded machine must not turn a slow ACK into a resend.
 */
const FAST: Omit<EcrCardTerminalOptions, 'id' | 'transport'> = {
  replyTimeoutMs: 1500,
  queryTimeoutMs: 1000,
  recovery: { statusAttempts: 4, backoffMs: 100, maxBackoffMs: 400 },
  link: { ackTimeoutMs: 1000, maxResends: 3 },
};
/** For a terminal that is gone: give up on a frame within half a second. */
const GIVE_UP_SOON: Partial<EcrCardTerminalOptions> = {
  link: { ackTimeoutMs: 150, maxResends: 2 },
};

function driver(
  transport: TerminalTransport,
  options: Partial<EcrCardTerminalOptions> = {},
): EcrCardTerminal {
  const terminal = new EcrCardTerminal({ id: 'card-1', transport, ...FAST, ...options });
  return cleanup.add(() => terminal.dispose(), terminal);
}

async function overSerial(
  driverOptions: Partial<EcrCardTerminalOptions> = {},
  line = plainLine({ baudRate: 19200 }),
) {
  const dir = await tempDir(cleanup, 'terminal');
  const pair = await openPtyPair(dir, 'terminal');
  cleanup.add(() => pair.close());
  const simulator = await CardTerminalSimulator.start({
    transport: { kind: 'serial', path: pair.devicePath, line },
    link: FAST.link,
  });
  cleanup.add(() => simulator.stop());
  const terminal = driver({ kind: 'serial', path: pair.stationPath, line }, driverOptions);
  return { simulator, terminal, pair };
}

async function overTcp() {
  const simulator = await CardTerminalSimulator.start({
    transport: { kind: 'tcp' },
    link: FAST.link,
  });
  cleanup.add(() => simulator.stop());
  const port = simulator.port;
  assert.ok(port);
  return { simulator, terminal: driver({ kind: 'tcp', host: '127.0.0.1', port }) };
}

const sale = (reference: string, amount = 1250) => ({ reference, amount, currency: 'RON' });

function assertApproved(outcome: CardOutcome, reference: string, amount = 1250) {
  assert.equal(outcome.kind, 'approved', JSON.stringify(outcome));
  assert.equal(outcome.reference, reference);
  if (outcome.kind !== 'approved') return;
  assert.equal(outcome.amount, amount);
  assert.equal(outcome.currency, 'RON');
  assert.match(outcome.authCode, /^A\d{5}$/);
  assert.equal(outcome.cardBrand, 'VISA');
  assert.equal(outcome.maskedPan, '411111******1111');
}

describe('card terminal over a serial line', { timeout: 60_000 }, () => {
  it('approved: the terminal charges once and the console is told so', async () => {
    const { simulator, terminal } = await overSerial();
    assert.equal(terminal.status.health, 'offline', 'not healthy before it ever answered');
    const outcome = await terminal.charge(sale('R-0001'));
    assertApproved(outcome, 'R-0001');
    assert.deepEqual(
      simulator.charges.map((c) => [c.reference, c.amount, c.currency]),
      [['R-0001', 1250, 'RON']],
    );
    assert.equal(simulator.counters.statusQueries, 0, 'no recovery needed');
    assert.equal(terminal.status.health, 'ok');
    assert.equal(terminal.status.kind, 'card-terminal');
    assert.deepEqual(await terminal.lastTransaction('R-0001'), outcome);
  });

  it('declined: the reason comes back and nothing is charged', async () => {
    const { simulator, terminal } = await overSerial();
    simulator.script({ kind: 'decline', code: '51', reason: 'insufficient funds' });
    assert.deepEqual(await terminal.charge(sale('R-0002')), {
      kind: 'declined',
      reference: 'R-0002',
      code: '51',
      reason: 'insufficient funds',
    });
    assert.equal(simulator.charges.length, 0);
    assert.equal(simulator.transactions.get('R-0002')?.result.state, 'declined');
  });

  it('cancelled on the terminal by the customer', async () => {
    const { simulator, terminal } = await overSerial();
    simulator.script({ kind: 'cancel', afterMs: 200 });
    assert.deepEqual(await terminal.charge(sale('R-0003')), {
      kind: 'cancelled',
      reference: 'R-0003',
    });
    assert.equal(simulator.charges.length, 0);
  });

  it('a terminal that hangs: unknown, not paid, and settled later by reference', async () => {
    const { simulator, terminal } = await overSerial(GIVE_UP_SOON);
    simulator.script({ kind: 'timeout' });
    const outcome = await terminal.charge(sale('R-0004'));
    assert.equal(outcome.kind, 'unknown', JSON.stringify(outcome));
    assert.match(
      outcome.kind === 'unknown' ? outcome.detail : '',
      /after 4 status queries: status not delivered/,
    );
    assert.equal(simulator.counters.sales, 1, 'the sale was sent once, never again');
    assert.ok(simulator.counters.ignoredWhileHung > 0, 'the status queries met a hung terminal');
    assert.equal(terminal.status.health, 'offline');
    assert.equal((await terminal.lastTransaction('R-0004')).kind, 'unknown', 'still hung');

    simulator.recover();
    assert.deepEqual(await terminal.lastTransaction('R-0004'), {
      kind: 'not-found',
      reference: 'R-0004',
    });
    assert.equal(simulator.charges.length, 0);
    assertApproved(await terminal.charge(sale('R-0005')), 'R-0005');
    assert.equal(terminal.status.health, 'ok', 'healthy again once it answers');
  });

  it('approved but the reply was lost: one approved outcome, one charge, by status query', async () => {
    const { simulator, terminal } = await overSerial();
    simulator.script({ kind: 'lose-reply' });
    const started = Date.now();
    const outcome = await terminal.charge(sale('R-0006'));
    assertApproved(outcome, 'R-0006');
    assert.ok(Date.now() - started >= FAST.replyTimeoutMs!, 'only after the reply was overdue');
    assert.equal(simulator.counters.sales, 1, 'the sale was not sent again');
    assert.ok(simulator.counters.statusQueries >= 1);
    assert.equal(simulator.charges.filter((c) => c.reference === 'R-0006').length, 1);
    assert.equal(simulator.transactions.size, 1);
    assert.equal(simulator.transactions.get('R-0006')?.result.state, 'approved');
  });

  it('a customer slower than the reply timeout: the status query waits it out', async () => {
    const { simulator, terminal } = await overSerial();
    simulator.script({ kind: 'approve', afterMs: 1700 });
    const outcome = await terminal.charge(sale('R-0007'));
    assertApproved(outcome, 'R-0007');
    assert.ok(simulator.counters.statusQueries >= 1, 'asked while it was still in progress');
    assert.equal(simulator.charges.length, 1);
  });

  it('never charges a reference twice: a repeat gets the recorded result', async () => {
    const { simulator, terminal } = await overSerial();
    const first = await terminal.charge(sale('R-0008'));
    const again = await terminal.charge(sale('R-0008'));
    assertApproved(first, 'R-0008');
    assert.deepEqual(again, first, 'the same sale, the same auth code');
    assert.equal(simulator.counters.sales, 2);
    assert.equal(simulator.counters.repeatedSales, 1);
    assert.equal(simulator.charges.length, 1);

    // Two charges with one reference at once share one sale on the wire.
    const [a, b] = await Promise.all([
      terminal.charge(sale('R-0009')),
      terminal.charge(sale('R-0009')),
    ]);
    assert.equal(a, b);
    assert.equal(simulator.counters.sales, 3);
    assert.equal(simulator.charges.length, 2);
  });

  it('sales with different references run one after the other', async () => {
    const { simulator, terminal } = await overSerial();
    simulator.script({ kind: 'approve', afterMs: 300 }, { kind: 'decline' });
    const [a, b] = await Promise.all([
      terminal.charge(sale('R-0010')),
      terminal.charge(sale('R-0011', 700)),
    ]);
    assertApproved(a, 'R-0010');
    assert.equal(b.kind, 'declined', 'not BUSY: the second waited for the first');
    assert.equal(simulator.charges.length, 1);
  });

  it('a reply with a bad LRC is NAKed and resent, and counts once', async () => {
    const { simulator, terminal } = await overSerial();
    simulator.injectFaults({ corruptFrames: 1 });
    assertApproved(await terminal.charge(sale('R-0012')), 'R-0012');
    assert.equal(terminal.counters.badFrames, 1);
    assert.equal(terminal.counters.naksSent, 1);
    assert.equal(simulator.linkCounters?.naksReceived, 1);
    assert.equal(simulator.linkCounters?.resends, 1);
    assert.equal(terminal.counters.unexpectedReplies, 0, 'the resent reply was the only one taken');
  });

  it('noise before STX is skipped', async () => {
    const { simulator, terminal } = await overSerial();
    simulator.injectFaults({ noisyFrames: 1 });
    assertApproved(await terminal.charge(sale('R-0013')), 'R-0013');
    assert.equal(terminal.counters.skippedBytes, 3);
    assert.equal(terminal.counters.naksSent, 0);
  });

  it('checks health with a ping, and sees the terminal go', async () => {
    const { simulator, terminal } = await overSerial(GIVE_UP_SOON);
    const seen: string[] = [];
    terminal.onStatus((s) => seen.push(s.health));
    assert.equal((await terminal.checkStatus()).health, 'ok');
    assert.equal(simulator.counters.pings, 1);
    await simulator.stop();
    const gone = await terminal.checkStatus();
    assert.equal(gone.health, 'offline');
    assert.match(gone.detail, /ping not delivered/);
    assert.deepEqual(seen, ['ok', 'offline']);
  });

  it('closing the driver mid-sale resolves that sale as unknown', async () => {
    const { simulator, terminal } = await overSerial();
    simulator.script({ kind: 'approve', afterMs: 5000 });
    const pending = terminal.charge(sale('R-0014'));
    await waitFor(() => simulator.counters.sales === 1, 'the sale at the terminal');
    await terminal.dispose();
    const outcome = await pending;
    assert.equal(outcome.kind, 'unknown');
    assert.match(outcome.kind === 'unknown' ? outcome.detail : '', /closed before the terminal/);
    const late = await terminal.charge(sale('R-0015'));
    assert.deepEqual(late, {
      kind: 'unknown',
      reference: 'R-0015',
      detail: 'the driver was closed before the sale was sent',
    });
    assert.equal(simulator.counters.sales, 1);
  });

  it('refuses requests the protocol cannot carry', async () => {
    const { simulator, terminal } = await overSerial();
    await assert.rejects(
      terminal.charge({ reference: 'R-1', amount: 12.5, currency: 'RON' }),
      RangeError,
    );
    await assert.rejects(
      terminal.charge({ reference: 'R 1', amount: 100, currency: 'RON' }),
      RangeError,
    );
    await assert.rejects(terminal.lastTransaction(''), RangeError);
    assert.equal(simulator.counters.sales, 0);
  });
});

describe('ECR link on a pty pair', { timeout: 30_000 }, () => {
  it('a frame with a bad LRC is NAKed, resent, and delivered once', async () => {
    const dir = await tempDir(cleanup, 'ecr-link');
    const pair = await openPtyPair(dir, 'link');
    cleanup.add(() => pair.close());
    const ends = [pair.stationPath, pair.devicePath].map(
      (path) => new SerialLink({ path, ...plainLine() }),
    );
    for (const end of ends) {
      await end.open();
      cleanup.add(() => end.close());
    }
    const sender = new EcrLink(ends[0]!, {
      ackTimeoutMs: 300,
      tamper: (frame, attempt) => {
        if (attempt > 0) return frame;
        const bad = Uint8Array.from(frame);
        bad[bad.length - 1] = frame[frame.length - 1]! ^ 0xff;
        return bad;
      },
    });
    const receiver = new EcrLink(ends[1]!, { ackTimeoutMs: 300 });
    cleanup.add(() => [sender.dispose(), receiver.dispose()]);
    const got: string[] = [];
    receiver.onFrame((payload) => got.push(String.fromCharCode(...payload)));
    await sender.send(Uint8Array.from('PING', (c) => c.charCodeAt(0)));
    await waitFor(() => got.length === 1, 'the frame');
    assert.deepEqual(got, ['PING']);
    assert.equal(receiver.counters.naksSent, 1);
    assert.equal(receiver.counters.acksSent, 1);
    assert.equal(sender.counters.resends, 1);
    assert.equal(sender.counters.naksReceived, 1);

    // A peer that never answers: bounded resends, then an error, not a hang.
    receiver.dispose();
    await ends[1]!.close();
    const silent = new EcrLink(ends[0]!, { ackTimeoutMs: 100, maxResends: 2 });
    await assert.rejects(silent.send(Uint8Array.of(0x41)), /not acknowledged after 3 tries/);
    assert.equal(silent.counters.framesSent, 3);
    silent.dispose();
  });
});

describe('card terminal over loopback TCP', { timeout: 60_000 }, () => {
  it('approved', async () => {
    const { simulator, terminal } = await overTcp();
    assertApproved(await terminal.charge(sale('T-0001')), 'T-0001');
    assert.equal(simulator.charges.length, 1);
    assert.match(terminal.status.detail, /tcp 127\.0\.0\.1:\d+/);
  });

  it('approved but the reply was lost: one approved outcome, one charge', async () => {
    const { simulator, terminal } = await overTcp();
    simulator.script({ kind: 'lose-reply' });
    assertApproved(await terminal.charge(sale('T-0002')), 'T-0002');
    assert.equal(simulator.counters.sales, 1);
    assert.ok(simulator.counters.statusQueries >= 1);
    assert.equal(simulator.charges.filter((c) => c.reference === 'T-0002').length, 1);
    assert.equal(simulator.transactions.size, 1);
  });

  it('declined, and a repeated reference is not charged again', async () => {
    const { simulator, terminal } = await overTcp();
    simulator.script({ kind: 'decline', code: '05', reason: 'do not honour' });
    const first = await terminal.charge(sale('T-0003'));
    assert.equal(first.kind, 'declined');
    assert.deepEqual(
      await terminal.charge(sale('T-0003')),
      first,
      'the recorded decline, not a new sale',
    );
    assertApproved(await terminal.charge(sale('T-0004')), 'T-0004');
    assert.equal(simulator.counters.repeatedSales, 1);
    assert.equal(simulator.charges.length, 1);
  });

  it('nothing listening: unknown, reported offline, and the driver reconnects later', async () => {
    const port = await freeLoopbackPort();
    const terminal = driver({ kind: 'tcp', host: '127.0.0.1', port });
    const outcome = await terminal.charge(sale('T-0005'));
    assert.equal(outcome.kind, 'unknown');
    assert.match(outcome.kind === 'unknown' ? outcome.detail : '', /ECONNREFUSED/);
    assert.equal(terminal.status.health, 'offline');

    const simulator = await CardTerminalSimulator.start({
      transport: { kind: 'tcp', port },
      link: FAST.link,
    });
    cleanup.add(() => simulator.stop());
    assert.deepEqual(await terminal.lastTransaction('T-0005'), {
      kind: 'not-found',
      reference: 'T-0005',
    });
    assertApproved(await terminal.charge(sale('T-0006')), 'T-0006');
  });
});

describe('card refunds (RFND) through the terminal', { timeout: 60_000 }, () => {
  const refund = (reference: string, saleReference: string, amount: number) => ({
    reference,
    saleReference,
    amount,
    currency: 'RON',
  });

  it('over TCP: part, then the rest, to the sale’s card; more, or an unknown sale, is declined', async () => {
    const { simulator, terminal } = await overTcp();
    simulator.script({
      kind: 'approve',
      card: { cardBrand: 'MASTERCARD', maskedPan: '555555******4444' },
    });
    assert.equal((await terminal.charge(sale('S-0001', 5000))).kind, 'approved');
    const part = await terminal.refund(refund('F-0001', 'S-0001', 1200));
    assert.equal(part.kind, 'approved', JSON.stringify(part));
    if (part.kind === 'approved') {
      assert.equal(part.amount, 1200);
      assert.equal(part.maskedPan, '555555******4444', 'back to the card that paid');
    }
    const over = await terminal.refund(refund('F-0002', 'S-0001', 3801));
    assert.equal(over.kind, 'declined');
    assert.equal(over.kind === 'declined' ? over.code : '', 'EXCEEDS_SALE');
    assert.equal((await terminal.refund(refund('F-0003', 'S-0001', 3800))).kind, 'approved');
    const more = await terminal.refund(refund('F-0004', 'S-0001', 1));
    assert.equal(more.kind === 'declined' ? more.code : more.kind, 'EXCEEDS_SALE');
    const unknown = await terminal.refund(refund('F-0005', 'S-9999', 100));
    assert.equal(unknown.kind === 'declined' ? unknown.code : unknown.kind, 'NO_SALE');
    const ofRefund = await terminal.refund(refund('F-0006', 'F-0001', 100));
    assert.equal(ofRefund.kind === 'declined' ? ofRefund.code : ofRefund.kind, 'NO_SALE');
    assert.deepEqual(
      simulator.refunds.map((r) => [r.reference, r.saleReference, r.amount]),
      [
        ['F-0001', 'S-0001', 1200],
        ['F-0003', 'S-0001', 3800],
      ],
    );
    assert.equal(simulator.charges.length, 1, 'a refund takes nothing');
    // The status query knows refunds, their declines too.
    assert.equal((await terminal.lastTransaction('F-0003')).kind, 'approved');
    assert.equal((await terminal.lastTransaction('F-0002')).kind, 'declined');
    // A repeated RFND gets its recorded result: never credited twice.
    assert.equal((await terminal.refund(refund('F-0001', 'S-0001', 1200))).kind, 'approved');
    assert.equal(simulator.refunds.length, 2);
  });

  it('over a pty: a lost reply is recovered by status query, one credit; a decline and a cancel credit nothing', async () => {
    const { simulator, terminal } = await overSerial(GIVE_UP_SOON);
    assert.equal((await terminal.charge(sale('S-0002', 3000))).kind, 'approved');
    simulator.script({ kind: 'lose-reply' });
    const lost = await terminal.refund(refund('F-0010', 'S-0002', 1000));
    assert.equal(lost.kind, 'approved', JSON.stringify(lost));
    assert.equal(simulator.counters.refunds, 1, 'the RFND was not sent again');
    assert.ok(simulator.counters.statusQueries >= 1);
    simulator.script({ kind: 'decline', code: '05', reason: 'do not honour' }, { kind: 'cancel' });
    assert.equal((await terminal.refund(refund('F-0011', 'S-0002', 500))).kind, 'declined');
    assert.equal((await terminal.refund(refund('F-0012', 'S-0002', 500))).kind, 'cancelled');
    assert.deepEqual(
      simulator.refunds.map((r) => r.reference),
      ['F-0010'],
    );
    // A hung terminal leaves a refund unknown; after its reboot, STAT says it never got it.
    simulator.script({ kind: 'timeout' });
    const hung = await terminal.refund(refund('F-0013', 'S-0002', 500));
    assert.equal(hung.kind, 'unknown');
    simulator.recover();
    assert.equal((await terminal.lastTransaction('F-0013')).kind, 'not-found');
  });

  it('refuses a refund the protocol cannot carry', async () => {
    const { terminal } = await overTcp();
    await assert.rejects(terminal.refund(refund('F-1', 'F-1', 100)), RangeError);
    await assert.rejects(terminal.refund(refund('F-2', 'bad ref', 100)), RangeError);
    await assert.rejects(terminal.refund(refund('F-3', 'S-1', 0)), RangeError);
  });
});

describe('card terminal in the simulated devices', { timeout: 30_000 }, () => {
  it('is on a pty pair of its own when asked for, and absent otherwise', async () => {
    const dir = await tempDir(cleanup, 'sim-devices');
    const devices = await startSimulatedDevices({
      dir,
      gates: [],
      printerOutDir: dir,
      cardTerminal: { line: plainLine({ baudRate: 38400 }) },
    });
    cleanup.add(() => devices.stop());
    assert.ok(devices.cardTerminalPath && devices.cardTerminalSimulator);
    const terminal = driver({
      kind: 'serial',
      path: devices.cardTerminalPath,
      line: plainLine({ baudRate: 38400 }),
    });
    assertApproved(await terminal.charge(sale('S-0001')), 'S-0001');
    assert.equal(devices.cardTerminalSimulator.charges.length, 1);

    const without = await startSimulatedDevices({
      dir: `${dir}/plain`,
      gates: [],
      printerOutDir: dir,
    });
    cleanup.add(() => without.stop());
    assert.equal(without.cardTerminalPath, null);
    assert.equal(without.cardTerminalSimulator, null);
  });
});
