import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import axios from 'axios';
import { STORE_KINDS, type S } from './support/harness';
import { freshDatabase } from './support/postgres';

const MAIN = new URL('../../../reference-server/main.ts', import.meta.url).pathname;

interface Started {
  child: ChildProcess;
  url: string;
  info: {
    adminToken: string;
    operatorPage: string;
    store: string;
    demoStation: { id: string; deviceSecret: string };
  };
}

/** Starts the CLI and reads its first two lines: the URL, then the JSON details. */
async function startCli(store: string): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, '--port', '0', '--store', store, '--seed-demo'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const url = (await lines.next()).value as string;
  const info = JSON.parse((await lines.next()).value as string) as Started['info'];
  return { child, url, info };
}

for (const kind of STORE_KINDS) {
  describe(`reference server CLI (${kind})`, () => {
    let started: Started;
    let dispose: () => Promise<void>;
    before(async () => {
      let spec: string;
      if (kind === 'sqlite') {
        const dir = mkdtempSync(join(tmpdir(), 'refsrv-cli-'));
        spec = `sqlite:${join(dir, 'demo.db')}`;
        dispose = async () => rmSync(dir, { recursive: true, force: true });
      } else {
        const db = await freshDatabase();
        spec = `postgres:${db.url}`;
        dispose = db.dispose;
      }
      started = await startCli(spec);
    });
    after(async () => {
      if (started.child.exitCode === null) {
        started.child.kill('SIGTERM');
        await once(started.child, 'exit');
      }
      await dispose();
    });

    it('prints its loopback URL, then the admin token, operator page and demo credentials', () => {
      assert.match(started.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(started.info.store, kind);
      assert.equal(started.info.demoStation.id, 'demo-station');
      assert.ok(started.info.operatorPage.startsWith(`${started.url}/operator?key=`));
    });

    it('the demo station signs in and pulls the demo reference data', async () => {
      const http = axios.create({ baseURL: started.url, validateStatus: () => true, proxy: false });
      const { id, deviceSecret } = started.info.demoStation;
      const token = await http.post('/v1/auth/token', {
        grantType: 'device_credentials',
        stationId: id,
        deviceSecret,
      });
      assert.equal(token.status, 200);
      const page = await http.get('/v1/changes', {
        headers: { authorization: `Bearer ${token.data.accessToken}` },
      });
      const kinds = new Set((page.data.changes as S['Change'][]).map((c) => c.kind));
      for (const k of ['tariff', 'priceList', 'vehicle', 'member', 'etokenKey', 'permit']) {
        assert.ok(kinds.has(k as S['ChangeKind']), k);
      }
    });

    it('the operator page lists events and its form marks a plate paid "from the app"', async () => {
      const http = axios.create({
        baseURL: started.url,
        validateStatus: () => true,
        maxRedirects: 0,
        proxy: false,
      });
      const key = started.info.adminToken;
      const page = await http.get(`/operator?key=${encodeURIComponent(key)}`);
      assert.equal(page.status, 200);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.data, /Mark a plate paid/);
      assert.match(page.data, /demo-station/);

      const form = new URLSearchParams({
        plate: 'b 123 abc',
        amount: '12.50',
        currency: 'RON',
        purpose: 'parking',
        station: '',
      });
      const posted = await http.post(
        `/operator/pay?key=${encodeURIComponent(key)}`,
        form.toString(),
        {
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
      );
      assert.equal(posted.status, 303);
      assert.match(String(posted.headers['location']), /paid=B123ABC/);

      const { id, deviceSecret } = started.info.demoStation;
      const token = await http.post('/v1/auth/token', {
        grantType: 'device_credentials',
        stationId: id,
        deviceSecret,
      });
      const feed = await http.get('/v1/changes?limit=1000', {
        headers: { authorization: `Bearer ${token.data.accessToken}` },
      });
      const paid = (feed.data.changes as S['Change'][]).filter(
        (c): c is S['AppPaymentPut'] => c.kind === 'appPayment',
      );
      assert.deepEqual(
        paid.map((c) => [c.data.plate, c.data.amountMinor, c.data.currency, c.data.purpose]),
        [['B123ABC', 1250, 'RON', 'parking']],
      );
    });

    it('stops cleanly on SIGTERM', async () => {
      started.child.kill('SIGTERM');
      const [code] = (await once(started.child, 'exit')) as [number | null];
      assert.equal(code, 0);
    });
  });
}
