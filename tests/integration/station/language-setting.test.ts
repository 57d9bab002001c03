/**
 * The console's language is the station's setting: a manager changes it (a cashier needs a
 * manager's approval), every console hears it, the journal records who changed it from what to
 * what, and it outlives a restart. The status tells every console, signed in or not, how the
 * site writes money and time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join, resolve } from 'node:path';
import { loadStationConfig } from '../../../src-main/app/config';
import { startStation } from '../../../src-main/app/station';
import { createLogger } from '../../../src-main/platform/logger';
import { MemorySecretStore } from '../../../src-main/platform/secret-store';
import { demoPin, queryFile, startHarness, type Harness } from '../../support/station-harness';

describe('the console language setting', { timeout: 120_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.stop());

  it("tells every console the site's locale, time zone and languages, before sign-in", async () => {
    const status = await h.call('station:status', {}, 'nobody-yet');
    assert.deepEqual(status.site, {
      language: 'en',
      locale: 'ro-RO',
      timeZone: 'Europe/Bucharest',
      receiptLanguage: 'en',
    });
  });

  it("is a manager's change, journaled, pushed to every console and kept across a restart", async () => {
    await h.signIn('cashier', 'till');
    const refused = await h.raw('settings:setLanguage', { language: 'ro' }, 'till');
    assert.equal(refused.ok ? 'ok' : refused.error.code, 'NOT_ALLOWED');

    const heard: unknown[] = [];
    const stop = h.station.events.subscribe((event, payload) => {
      if (event === 'settings:changed') heard.push(payload);
    });
    await h.signIn('manager', 'office');
    assert.deepEqual(await h.call('settings:setLanguage', { language: 'ro' }, 'office'), {
      language: 'ro',
    });
    // The same again: nothing changes, nothing is journaled.
    await h.call('settings:setLanguage', { language: 'ro' }, 'office');
    stop();
    assert.deepEqual(heard, [{ language: 'ro' }]);
    assert.equal((await h.call('station:status', {}, 'lobby')).site.language, 'ro');

    // A cashier with a manager's one-use approval: the journal names both.
    await h.call(
      'operator:elevate',
      { name: 'manager', pin: demoPin('manager'), channel: 'settings:setLanguage' },
      'till',
    );
    await h.call('settings:setLanguage', { language: 'en' }, 'till');
    await h.call('settings:setLanguage', { language: 'ro' }, 'office');

    const dbFile = join(h.dataDir, 'station.db');
    const journaled = queryFile<{ type: string; actor: string; payload_json: string }>(
      dbFile,
      `SELECT type, actor, payload_json FROM journal
       WHERE type IN ('settings.changed', 'operator.elevated') ORDER BY seq`,
    ).map((e) => ({
      type: e.type,
      actor: e.actor,
      payload: JSON.parse(e.payload_json) as Record<string, unknown>,
    }));
    assert.deepEqual(
      journaled.map((e) => [e.type, e.actor, e.payload['to'] ?? e.payload['channel']]),
      [
        ['settings.changed', 'manager', 'ro'],
        ['settings.changed', 'manager', 'en'],
        ['operator.elevated', 'manager', 'settings:setLanguage'],
        ['settings.changed', 'manager', 'ro'],
      ],
    );
    assert.deepEqual(journaled[0]?.payload, { setting: 'ui.language', from: 'en', to: 'ro' });
    assert.equal(journaled[2]?.payload['attendant'], 'cashier');

    // The station words the lanes' messages in the consoles' language too.
    await h.call('lanes:manualRead', { laneId: 'entry-1', plate: 'B777RON' }, 'office');
    const lanes = await h.call('lanes:list', {}, 'office');
    assert.equal(lanes.find((l) => l.id === 'entry-1')?.message?.text, 'Bun venit B777RON');

    // A restart on the same file: the setting is still Romanian.
    await h.station.stop();
    const config = loadStationConfig({
      dataDir: h.dataDir,
      resourcesDir: resolve('resources'),
      demo: true,
    });
    h.station = await startStation(config, {
      mode: 'headless',
      secrets: new MemorySecretStore(),
      log: createLogger('test', true),
    });
    const again = await h.station.dispatcher.invoke(
      'station:status',
      {},
      { callerId: 'after-restart', trustedSender: true },
    );
    assert.ok(again.ok);
    assert.equal((again.value as { site: { language: string } }).site.language, 'ro');
  });
});
