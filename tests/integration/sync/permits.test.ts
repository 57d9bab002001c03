/**
 * Permits and plate lists at the lanes, end to end: the real reference server on 127.0.0.1
 * holds the operator's permits and plate list entries, the station pulls them (sync:now), and
 * the lanes apply them from the last pulled version, online and with the server gone:
 * - a permit for the lane's zone (or a whitelist entry) in force at the exit read: the car owes
 *   nothing, the barrier opens, and session.coveredByPermit commits with the close;
 * - a permit for another zone, or one that lapsed before the exit, covers nothing;
 * - a blacklisted plate waits at the entry for the cashier, and only a manager (or a cashier
 *   with a manager's approval) lets it in.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { JournalEntryView, LaneOutcome } from '../../../src-shared';
import {
  startHarness as startServer,
  type Harness as Server,
} from '../reference-server/support/harness';
import { demoPin, type Harness } from '../../support/station-harness';
import { startSyncedStation } from './support/synced-station';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('permits and plate lists at the lanes', { timeout: 120_000 }, () => {
  let server: Server;
  let h: Harness;
  let stationId = '';
  let serverUp = true;
  const manager = 'manager-console';

  before(async () => {
    server = await startServer('sqlite');
    ({ h, stationId } = await startSyncedStation(server, {
      zones: [{ id: 'main', name: 'Main lot', capacity: 50, tariffId: 'test' }],
    }));
    await h.signIn('cashier');
    await h.signIn('manager', manager);
    assert.equal((await h.call('sync:now', {})).state, 'online');
  });
  after(async () => {
    await h?.stop();
    if (serverUp) await server?.close();
  });

  /** The operator adds reference data for this station; the station pulls it. */
  async function operatorSends(changes: { kind: string; data: unknown }[]) {
    const res = await server.admin.post('/admin/changes', {
      stations: [stationId],
      changes: changes.map((c) => ({ ...c, op: 'put' })),
    });
    assert.equal(res.status, 200, JSON.stringify(res.data));
    assert.equal((await h.call('sync:now', {})).state, 'online');
  }

  function permit(id: string, plate: string, extra: Record<string, unknown> = {}) {
    return {
      kind: 'permit',
      data: {
        id,
        plate,
        kind: 'season',
        zoneIds: ['main'],
        validFrom: h.clock.now - DAY,
        validTo: null,
        ...extra,
      },
    };
  }

  function listed(
    plate: string,
    list: 'whitelist' | 'blacklist',
    reason: string,
    validTo = null as number | null,
  ) {
    return { kind: 'plateListEntry', data: { plate, list, reason, validTo } };
  }

  function query<T>(sql: string, ...args: unknown[]): T[] {
    const db = new Database(join(h.dataDir, 'station.db'), { readonly: true });
    try {
      return db.prepare(sql).all(...args) as T[];
    } finally {
      db.close();
    }
  }

  const laneMessage = async (laneId: string) =>
    (await h.call('lanes:list', {})).find((l) => l.id === laneId)!.message?.text ?? '';
  const sessionEvents = (sessionId: string): Promise<JournalEntryView[]> =>
    h.call('journal:list', { aggregateId: sessionId, limit: 10 }, manager);

  async function enter(plate: string): Promise<string> {
    const entered = await h.call('lanes:manualRead', { laneId: 'entry-1', plate });
    assert.equal(entered.kind, 'entered', JSON.stringify(entered));
    return entered.kind === 'entered' ? entered.sessionId : '';
  }

  /** The stay owes money by the tariff (the quote knows nothing of permits). */
  async function owed(sessionId: string) {
    const quote = await h.call('sessions:quote', { sessionId });
    assert.ok(quote.dueMinor > 0, 'the tariff charges this stay');
    return quote;
  }

  /** A covered exit: out free, gate open, the cover journaled in the close's transaction. */
  async function assertExitsCovered(
    plate: string,
    sessionId: string,
    cover: { source: 'permit' | 'whitelist'; id: string; kind: string },
    message: string,
  ) {
    const quote = await owed(sessionId);
    const out = await h.call('lanes:manualRead', { laneId: 'exit-1', plate });
    assert.deepEqual(out, { kind: 'exited', sessionId, gate: 'open' });
    assert.equal(await laneMessage('exit-1'), message);
    const session = await h.call('sessions:get', { sessionId });
    assert.equal(session.state, 'closed');
    assert.equal(session.paidMinor, 0);
    assert.deepEqual(query('SELECT 1 FROM payments WHERE session_id = ?', sessionId), []);
    const [covered, closed] = await sessionEvents(sessionId);
    assert.equal(closed?.type, 'session.closed');
    assert.equal(covered?.type, 'session.coveredByPermit');
    assert.deepEqual(covered?.payload, {
      ...cover,
      plate,
      waivedMinor: quote.dueMinor,
      currency: quote.currency,
    });
    assert.equal(covered!.seq, closed!.seq + 1, 'journaled with the close');
    assert.equal(covered!.at, closed!.at);
    return covered!;
  }

  async function assertOwes(plate: string, sessionId: string) {
    const quote = await owed(sessionId);
    const out: LaneOutcome = await h.call('lanes:manualRead', { laneId: 'exit-1', plate });
    assert.deepEqual(out, { kind: 'unpaid', sessionId, dueMinor: quote.dueMinor });
    assert.equal(
      (await sessionEvents(sessionId)).some((e) => e.type === 'session.coveredByPermit'),
      false,
    );
  }

  it('a season permit for the zone: in as usual (noted), out free with the gate open', async () => {
    await operatorSends([permit('p-season-1', 'B123ABC')]);
    const sessionId = await enter('B123ABC');
    assert.equal(await laneMessage('entry-1'), 'Season permit: welcome B123ABC');
    const [opened] = await sessionEvents(sessionId);
    assert.equal(opened?.type, 'session.opened');
    assert.equal(opened?.version, 2);
    assert.deepEqual((opened?.payload as { coveredBy: unknown }).coveredBy, {
      source: 'permit',
      id: 'p-season-1',
      kind: 'season',
    });
    h.clock.advanceMinutes(5 * 60);
    await assertExitsCovered(
      'B123ABC',
      sessionId,
      { source: 'permit', id: 'p-season-1', kind: 'season' },
      'Season permit: goodbye B123ABC',
    );
    // The server takes the new events (and session.opened v2) with the rest of the journal.
    await h.call('sync:now', {});
    const held = await server.held(stationId);
    assert.ok(held.some((e) => e.event.type === 'session.coveredByPermit'));
    assert.deepEqual((await h.call('sync:status', {})).held, []);
  });

  it('a permit for another zone, or not yet valid, covers nothing', async () => {
    await operatorSends([
      permit('p-other-zone', 'B200ZON', { kind: 'staff', zoneIds: ['other'] }),
      permit('p-future', 'B201FUT', { validFrom: h.clock.now + DAY }),
    ]);
    const other = await enter('B200ZON');
    const future = await enter('B201FUT');
    assert.equal(await laneMessage('entry-1'), 'Welcome B201FUT');
    const [opened] = await sessionEvents(other);
    assert.equal((opened?.payload as { coveredBy: unknown }).coveredBy, null);
    h.clock.advanceMinutes(90);
    await assertOwes('B200ZON', other);
    await assertOwes('B201FUT', future);
  });

  it('a permit that lapsed before the exit read covers nothing: the tariff applies', async () => {
    await operatorSends([
      permit('p-ending', 'B300EXP', {
        kind: 'contractor',
        zoneIds: [],
        validTo: h.clock.now + 60 * MINUTE,
      }),
    ]);
    const sessionId = await enter('B300EXP');
    assert.equal(await laneMessage('entry-1'), 'Contractor permit: welcome B300EXP');
    h.clock.advanceMinutes(61);
    await assertOwes('B300EXP', sessionId);
  });

  it('a whitelisted plate exits free; an expired whitelisting does not', async () => {
    await operatorSends([
      listed('B400VIP', 'whitelist', 'Owner'),
      listed('B401OLD', 'whitelist', 'Former tenant', h.clock.now - MINUTE),
    ]);
    const vip = await enter('B400VIP');
    const old = await enter('B401OLD');
    h.clock.advanceMinutes(3 * 60);
    await assertExitsCovered(
      'B400VIP',
      vip,
      { source: 'whitelist', id: 'whitelist:B400VIP', kind: 'whitelist' },
      'Whitelisted: goodbye B400VIP',
    );
    await assertOwes('B401OLD', old);
  });

  it('a blacklisted plate waits at the entry; only a manager lets it in', async () => {
    await operatorSends([
      listed('B666BAD', 'blacklist', 'Unpaid fees'),
      listed('B667BAD', 'blacklist', 'Damaged the barrier'),
      listed('B668OLD', 'blacklist', 'Settled since', h.clock.now - MINUTE),
    ]);
    const gateCommands = async () =>
      (await h.call('journal:list', { type: 'gate.commanded', limit: 1 }, manager))[0]?.seq;
    const lastCommand = await gateCommands();
    const held = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'B666BAD' });
    assert.equal(held.kind, 'held-blacklisted');
    const alertId = held.kind === 'held-blacklisted' ? held.alertId : '';
    assert.equal(await laneMessage('entry-1'), 'Please see the cashier');
    assert.equal(await gateCommands(), lastCommand, 'no barrier was opened for it');
    const inLot = async () => (await h.call('lot:list', {})).map((r) => r.session.plate);
    assert.equal((await inLot()).includes('B666BAD'), false);
    const alert = (await h.call('alerts:list', {})).find((a) => a.id === alertId);
    assert.deepEqual(
      [alert?.kind, alert?.plate, alert?.detail],
      ['entry-blacklisted', 'B666BAD', 'Unpaid fees'],
    );

    // The cashier can't let it in: not as an offline hold, nor by the manager's channel.
    const asHeld = await h.raw('alerts:resolve', { alertId, action: 'admit', reason: 'insists' });
    assert.equal(!asHeld.ok && asHeld.error.code, 'NOT_ALLOWED');
    const request = { alertId, reason: 'debt settled at the booth' };
    const refused = await h.raw('alerts:admitBlacklisted', request);
    assert.equal(!refused.ok && refused.error.code, 'NOT_ALLOWED');
    assert.equal((await inLot()).includes('B666BAD'), false);

    // With a manager's approval: in, the stay and the resolution together, naming both.
    await h.call('operator:elevate', {
      name: 'manager',
      pin: demoPin('manager'),
      channel: 'alerts:admitBlacklisted',
    });
    const admitted = await h.call('alerts:admitBlacklisted', request);
    assert.equal(admitted.outcome.kind, 'entered');
    assert.equal(admitted.outcome.kind === 'entered' && admitted.outcome.gate, 'open');
    assert.equal((await inLot()).includes('B666BAD'), true);
    const [resolved] = await h.call('journal:list', { aggregateId: alertId, limit: 1 }, manager);
    const [elevated] = await h.call(
      'journal:list',
      { type: 'operator.elevated', limit: 1 },
      manager,
    );
    assert.equal(resolved?.type, 'alert.resolved');
    assert.equal(resolved?.actor, 'manager');
    assert.deepEqual(resolved?.payload, {
      action: 'admit',
      resolution: 'let in blacklisted B666BAD',
      reason: 'debt settled at the booth',
    });
    assert.deepEqual(elevated?.payload, {
      attendant: 'cashier',
      channel: 'alerts:admitBlacklisted',
      eventId: resolved?.id,
    });
    const [raised] = await h.call(
      'journal:list',
      { aggregateId: alertId, type: 'alert.raised', limit: 1 },
      manager,
    );
    assert.equal(raised?.version, 3);

    // Refused by the cashier: dismissed, nobody enters.
    const second = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'B667BAD' });
    assert.equal(second.kind, 'held-blacklisted');
    await h.call('alerts:resolve', {
      alertId: second.kind === 'held-blacklisted' ? second.alertId : '',
      action: 'dismiss',
      reason: 'refused: blacklisted',
    });
    assert.equal((await inLot()).includes('B667BAD'), false);

    // A blacklisting that ended lets the car in as usual.
    await enter('B668OLD');
  });

  it('works offline from the last pulled data', async () => {
    await operatorSends([
      permit('p-resident', 'B500RES', { kind: 'resident' }),
      listed('B501VIP', 'whitelist', 'Partner'),
      listed('B502BAD', 'blacklist', 'Stolen plates'),
    ]);
    const resident = await enter('B500RES');
    const vip = await enter('B501VIP');
    const plain = await enter('B503PAY');
    await server.close();
    serverUp = false;
    assert.equal((await h.call('sync:now', {})).state, 'offline');

    h.clock.advanceMinutes(4 * 60);
    await assertExitsCovered(
      'B500RES',
      resident,
      { source: 'permit', id: 'p-resident', kind: 'resident' },
      'Resident permit: goodbye B500RES',
    );
    await assertExitsCovered(
      'B501VIP',
      vip,
      { source: 'whitelist', id: 'whitelist:B501VIP', kind: 'whitelist' },
      'Whitelisted: goodbye B501VIP',
    );
    await assertOwes('B503PAY', plain);
    const held = await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'B502BAD' });
    assert.equal(held.kind, 'held-blacklisted');
  });
});
