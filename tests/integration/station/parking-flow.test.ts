import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { computeFee } from '../../../src-shared/domain/tariff';
import { requestKey, startHarness, testTariff, type Harness } from '../../support/station-harness';

const MIN = 60_000;

describe('parking flow on a real station (SQLite file, simulated devices on socat ptys)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.signIn('cashier');
  });
  after(() => h.stop());

  it('enters, finds by a misread plate, pays cash with change, prints, and exits', async () => {
    const before = (await h.call('station:status', {})).zones[0]!;
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'b 128 abc' });
    assert.equal(entered.kind, 'entered');
    assert.equal(entered.kind === 'entered' && entered.gate, 'open');
    const during = (await h.call('station:status', {})).zones[0]!;
    assert.equal(during.occupied, before.occupied + 1);

    h.clock.advanceMinutes(75);
    // OCR read the 8 as a B: B12BABC must still find B128ABC.
    const found = await h.call('sessions:search', { query: 'B12BABC', scope: 'lot' });
    assert.equal(found[0]?.session.plate, 'B128ABC');
    assert.equal(found[0]?.matchKind, 'lookalike');
    const sessionId = found[0]!.session.id;

    const quote = await h.call('sessions:quote', { sessionId });
    const expected = computeFee(testTariff, found[0]!.session.entryAt, h.clock.now).totalMinor;
    assert.equal(quote.dueMinor, expected);
    assert.ok(quote.dueMinor > 0);

    const tendered = quote.dueMinor + 1234;
    const printed = h.nextReceipt();
    const paid = await h.call('payments:cash', {
      sessionId,
      tenderedMinor: tendered,
      expectedDueMinor: quote.dueMinor,
      idempotencyKey: requestKey(),
    });
    assert.equal(paid.payment.changeMinor, 1234);
    assert.equal(paid.receipt.printState, 'queued', 'answered at the commit; the queue prints it');
    const receipt = await printed;
    const job = await h.untilPrintState(paid.receipt.id, 'printed');
    assert.equal(job.attempts, 1, 'printed at the first try');
    const text = receipt.textLines.join('\n');
    assert.match(text, /TOTAL/);
    // Money as the demo site writes it (ro-RO): "7,00 lei".
    assert.ok(
      text.includes(`${(quote.dueMinor / 100).toFixed(2).replace('.', ',')} lei`),
      `receipt shows the amount:\n${text}`,
    );
    assert.deepEqual(
      [receipt.barcodes[0]?.kind, receipt.barcodes[0]?.data],
      ['code128', sessionId],
    );

    h.clock.advanceMinutes(5);
    const exited = await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'B128ABC' });
    assert.deepEqual(exited, { kind: 'exited', sessionId, gate: 'open' });
    const afterExit = (await h.call('station:status', {})).zones[0]!;
    assert.equal(afterExit.occupied, before.occupied);
  });

  it('refuses an unpaid exit and shows the amount on the lane', async () => {
    await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'CJ01XYZ' });
    h.clock.advanceMinutes(30);
    const out = await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'CJ01XYZ' });
    assert.equal(out.kind, 'unpaid');
    const lane = (await h.call('lanes:list', {})).find((l) => l.id === 'exit-1')!;
    assert.equal(lane.message?.text, 'Please pay at the booth');
    assert.equal(lane.message?.amountMinor, out.kind === 'unpaid' ? out.dueMinor : -1);
  });

  it('charges only the difference once the exit window has expired', async () => {
    await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'IS22WIN' });
    const entryAt = h.clock.now;
    h.clock.advanceMinutes(50);
    const [c] = await h.call('sessions:search', { query: 'IS22WIN', scope: 'lot' });
    const q = await h.call('sessions:quote', { sessionId: c!.session.id });
    await h.call('payments:cash', {
      sessionId: c!.session.id,
      tenderedMinor: q.dueMinor,
      expectedDueMinor: q.dueMinor,
      idempotencyKey: requestKey(),
    });
    const exitBy = h.clock.now + testTariff.exitGraceMinutes * MIN;
    h.clock.advanceMinutes(testTariff.exitGraceMinutes + 50);
    const out = await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'IS22WIN' });
    const difference =
      computeFee(testTariff, entryAt, h.clock.now).totalMinor -
      computeFee(testTariff, entryAt, exitBy).totalMinor;
    assert.ok(difference > 0);
    assert.deepEqual(out, { kind: 'unpaid', sessionId: c!.session.id, dueMinor: difference });
  });

  it('raises a no-entry-record alert and settles it with the lost-ticket fee', async () => {
    const out = await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'NOENTRY1' });
    assert.equal(out.kind, 'no-record');
    const lane = (await h.call('lanes:list', {})).find((l) => l.id === 'exit-1')!;
    assert.match(lane.message!.text, /No entry record/);
    const alerts = await h.call('alerts:list', {});
    const alert = alerts.find((a) => a.plate === 'NOENTRY1')!;
    assert.equal(
      alert.lostTicketFeeMinor,
      testTariff.lostTicketFeeMinor,
      'fee shown before charging',
    );
    const res = await h.call('alerts:resolve', {
      alertId: alert.id,
      action: 'lostTicket',
      tenderedMinor: testTariff.lostTicketFeeMinor,
      idempotencyKey: requestKey(),
    });
    assert.equal(res.payment?.payment.amountMinor, testTariff.lostTicketFeeMinor);
    assert.equal(res.outcome.kind, 'exited');
    assert.equal(
      (await h.call('alerts:list', {})).some((a) => a.id === alert.id),
      false,
    );
  });

  it('keeps the original entry time on re-entry within the window', async () => {
    await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'RE01ENT' });
    const first = (await h.call('sessions:search', { query: 'RE01ENT', scope: 'lot' }))[0]!.session;
    h.clock.advanceMinutes(20);
    const q = await h.call('sessions:quote', { sessionId: first.id });
    await h.call('payments:cash', {
      sessionId: first.id,
      tenderedMinor: q.dueMinor,
      expectedDueMinor: q.dueMinor,
      idempotencyKey: requestKey(),
    });
    await h.call('lanes:manualRead', { laneId: 'exit-1', plate: 'RE01ENT' });
    h.clock.advanceMinutes(testTariff.reentryMinutes - 1);
    await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'RE01ENT' });
    const second = (await h.call('sessions:search', { query: 'RE01ENT', scope: 'lot' }))[0]!
      .session;
    assert.notEqual(second.id, first.id);
    assert.equal(second.entryAt, first.entryAt);
    assert.equal(second.continuesSessionId, first.id);
  });
});

describe('parking full', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      zones: [{ id: 'main', name: 'Main lot', capacity: 1, tariffId: 'test' }],
    });
    await h.signIn('cashier');
  });
  after(() => h.stop());

  it('shows "Parking full" and keeps the gate shut when the zone is full', async () => {
    assert.equal(
      (await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'FULL001' })).kind,
      'entered',
    );
    // Let the simulated barrier fall again before the next car.
    await h.station.devices.gates.get('entry-1')!.closeBarrier();
    const out = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'FULL002' });
    assert.deepEqual(out, { kind: 'full', zoneId: 'main' });
    const lane = (await h.call('lanes:list', {})).find((l) => l.id === 'entry-1')!;
    assert.equal(lane.message?.text, 'Parking full');
    const gate = await h.station.devices.gates.get('entry-1')!.readState();
    assert.equal(gate.state, 'closed');
    const hits = await h.call('sessions:search', { query: 'FULL002', scope: 'all' });
    assert.equal(hits.filter((c) => c.session.plate === 'FULL002').length, 0);
  });
});
