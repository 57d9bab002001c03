/**
 * Operators on a real booth: a first run has none (no demo PINs) and names its first manager,
 * who adds the others with temporary PINs; an operator changes their own PIN; a manager resets
 * a cashier's, with a reason; temporary and short PINs must be changed before anything else.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { IpcResult } from '../../../src-shared';
import { DEMO_OPERATORS, loadStationConfig } from '../../../src-main/app/config';
import { demoPin, startHarness, type Harness } from '../../support/station-harness';

const code = (r: IpcResult<unknown>) => (r.ok ? 'ok' : r.error.code);

describe('demo operators come only with the demo configuration', () => {
  const dir = mkdtempSync(join(tmpdir(), 'station-demo-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const saved = process.env.STATION_DEMO;
  after(() => {
    if (saved === undefined) delete process.env.STATION_DEMO;
    else process.env.STATION_DEMO = saved;
  });

  it('seeds none unless asked, whatever station.json says', () => {
    delete process.env.STATION_DEMO;
    assert.deepEqual(loadStationConfig({ dataDir: dir }).demoOperators, []);
    const demoish = { demo: true, demoOperators: DEMO_OPERATORS, operators: DEMO_OPERATORS };
    writeFileSync(join(dir, 'station.json'), JSON.stringify(demoish));
    const fromFile = loadStationConfig({ dataDir: dir });
    assert.deepEqual(fromFile.demoOperators, []);
    assert.deepEqual(loadStationConfig({ dataDir: dir, demo: true }).demoOperators, DEMO_OPERATORS);
  });

  it('follows STATION_DEMO=1 (npm start) unless the caller says otherwise', () => {
    process.env.STATION_DEMO = '1';
    assert.deepEqual(loadStationConfig({ dataDir: dir }).demoOperators, DEMO_OPERATORS);
    assert.deepEqual(loadStationConfig({ dataDir: dir, demo: false }).demoOperators, []);
  });
});

describe('a first run', { timeout: 60_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({}, { demo: false });
  });
  after(() => h.stop());

  it('has no operators, so no demo PIN signs in, and asks for a manager', async () => {
    const status = await h.call('station:status', {}, 'first');
    assert.equal(status.needsSetup, true);
    const demo = await h.raw('operator:signIn', { name: 'manager', pin: demoPin('manager') });
    assert.equal(code(demo), 'NOT_ALLOWED');
  });

  it('names the first manager once, with a PIN of at least 6 digits, and signs them in', async () => {
    const short = await h.raw('setup:firstManager', { name: 'Ana', pin: '1234' }, 'first');
    assert.equal(code(short), 'INVALID_PAYLOAD');
    const easy = await h.raw('setup:firstManager', { name: 'Ana', pin: '111111' }, 'first');
    assert.equal(code(easy), 'INVALID_PAYLOAD');

    const session = await h.call('setup:firstManager', { name: 'Ana', pin: '583920' }, 'first');
    assert.equal(session.role, 'manager');
    assert.equal((await h.call('station:status', {}, 'first')).needsSetup, false);
    const again = await h.raw('setup:firstManager', { name: 'Eve', pin: '583921' }, 'other');
    assert.equal(code(again), 'CONFLICT');

    const [signedIn, added] = await h.call(
      'journal:list',
      { type: 'operator.', limit: 5 },
      'first',
    );
    assert.deepEqual(
      [added?.type, added?.actor, added?.payload],
      ['operator.added', 'Ana', { role: 'manager', firstRun: true }],
    );
    assert.equal(signedIn?.type, 'operator.signedIn');
  });
});

describe('PINs', { timeout: 60_000 }, () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await h.signIn('manager', 'office');
  });
  after(() => h.stop());

  it('a new operator gets a temporary PIN and must change it before anything else', async () => {
    const added = await h.call(
      'operators:add',
      { name: 'Bo', role: 'cashier', pin: '731902' },
      'office',
    );
    assert.deepEqual(added, { name: 'Bo', role: 'cashier', mustChangePin: true });
    assert.equal(
      code(await h.raw('operators:add', { name: 'bo', role: 'cashier', pin: '731903' }, 'office')),
      'CONFLICT',
    );

    const first = await h.call('operator:signIn', { name: 'Bo', pin: '731902' }, 'till');
    assert.equal(first.mustChangePin, true);
    assert.equal(code(await h.raw('lot:list', {}, 'till')), 'NOT_ALLOWED');

    const same = { currentPin: '731902', newPin: '731902' };
    assert.equal(code(await h.raw('operator:changePin', same, 'till')), 'INVALID_PAYLOAD');
    const badOld = { currentPin: '000000', newPin: '264810' };
    assert.equal(code(await h.raw('operator:changePin', badOld, 'till')), 'NOT_ALLOWED');
    const changed = await h.call(
      'operator:changePin',
      { currentPin: '731902', newPin: '264810' },
      'till',
    );
    assert.equal(changed.mustChangePin, false);
    assert.equal(code(await h.raw('lot:list', {}, 'till')), 'ok');
    const old = await h.raw('operator:signIn', { name: 'Bo', pin: '731902' }, 'till-2');
    assert.equal(code(old), 'NOT_ALLOWED');
    await h.call('operator:signIn', { name: 'Bo', pin: '264810' }, 'till-2');
  });

  it("a manager resets a cashier's PIN with a reason (journaled), never a manager's", async () => {
    const reset = await h.call(
      'operators:resetPin',
      { name: 'cashier', pin: '905173', reason: 'forgot it' },
      'office',
    );
    assert.deepEqual(reset, { name: 'cashier', role: 'cashier', mustChangePin: true });
    const [row] = await h.call('journal:list', { type: 'operator.pinReset', limit: 1 }, 'office');
    assert.deepEqual(
      [row?.actor, row?.aggregateId, row?.payload],
      ['manager', 'cashier', { reason: 'forgot it' }],
    );
    const noReason = { name: 'cashier', pin: '905174' };
    assert.equal(
      code(await h.raw('operators:resetPin', noReason as never, 'office')),
      'INVALID_PAYLOAD',
    );
    const manager = { name: 'manager', pin: '905175', reason: 'just because' };
    assert.equal(code(await h.raw('operators:resetPin', manager, 'office')), 'NOT_ALLOWED');

    const oldPin = await h.raw('operator:signIn', { name: 'cashier', pin: demoPin('cashier') });
    assert.equal(code(oldPin), 'NOT_ALLOWED');
    const session = await h.call('operator:signIn', { name: 'cashier', pin: '905173' }, 'c');
    assert.equal(session.mustChangePin, true);
    await h.call('operator:changePin', { currentPin: '905173', newPin: '318264' }, 'c');
    const [changed] = await h.call(
      'journal:list',
      { type: 'operator.pinChanged', limit: 1 },
      'office',
    );
    assert.deepEqual([changed?.actor, changed?.payload], ['cashier', { wasTemporary: true }]);
    const list = await h.call('operators:list', {}, 'office');
    assert.deepEqual(
      list.map((o) => [o.name, o.mustChangePin]),
      [
        ['Bo', false],
        ['cashier', false],
        ['manager', false],
      ],
    );
  });
});
