import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import type { StationApi } from '../../../src-shared';
import { createLogger } from '../../../src-main/platform/logger';
import { startHeadlessHost, type HeadlessHost } from '../../../src-main/host/headless-host';
import { Dispatcher } from '../../../src-main/ipc/dispatcher';
import { EventHub } from '../../../src-main/ipc/event-hub';
import { launchChromium } from '../../support/browser';
import { recordingHandlers } from './fakes';

/*
 * web-bridge.ts bundled as scripts/build.mjs does (IIFE) and run in Debian's Chromium against
 * the real headless host: the page holds nothing but the bridge, so only the bridge is tested.
 */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const dir = path.join(repoRoot, '.test-tmp', `shell-bridge-${process.pid}`);
const log = createLogger('test', true);
type Win = { station?: StationApi; got?: unknown[] };

describe(
  'web bridge in Chromium against the headless host',
  { skip: !fs.existsSync(chromium) },
  () => {
    const events = new EventHub(log);
    let host: HeadlessHost;
    let browser: Browser;

    before(async () => {
      await build({
        entryPoints: [path.join(repoRoot, 'src-preload/web-bridge.ts')],
        outfile: path.join(dir, 'station-bridge.js'),
        bundle: true,
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
        logLevel: 'silent',
      });
      const html =
        '<!doctype html><title>bridge</title><script src="./station-bridge.js"></script>';
      fs.writeFileSync(path.join(dir, 'index.html'), html);
      const dispatcher = new Dispatcher(recordingHandlers([]), log);
      host = await startHeadlessHost({ dispatcher, events, rendererDir: dir, log });
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await host?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const open = async (url: string): Promise<Page> => {
      const page = await browser.newPage();
      await page.goto(url);
      return page;
    };

    it('defines window.station from #token and round-trips requests', async () => {
      const page = await open(host.url);
      const value = await page.evaluate(() =>
        (globalThis as Win).station!.request('lanes:list', {}),
      );
      assert.deepEqual(value, []);
      // Failures keep their code in the page (the renderer reads err.code).
      const err = await page.evaluate(() =>
        (globalThis as Win)
          .station!.request('lanes:trigger', { laneId: 'entry-1' })
          .catch((e: { code: string; name: string }) => ({ code: e.code, name: e.name })),
      );
      assert.deepEqual(err, { code: 'NOT_SIGNED_IN', name: 'StationRequestError' });
      await page.close();
    });

    it('delivers pushed events to subscribers', async () => {
      const page = await open(host.url);
      await page.evaluate(async () => {
        const w = globalThis as Win;
        w.got = [];
        w.station!.on('zone:occupancy', (p) => w.got!.push(p));
        await w.station!.request('lanes:list', {}); // connected
      });
      const zone = { id: 'main', name: 'Main lot', capacity: 40, occupied: 3 };
      events.publish('zone:occupancy', zone);
      await page.waitForFunction(() => ((globalThis as Win).got ?? []).length > 0);
      assert.deepEqual(await page.evaluate(() => (globalThis as Win).got), [zone]);
      await page.close();
    });

    it('leaves window.station undefined without a token, and fails on a wrong one', async () => {
      const origin = new URL(host.url).origin;
      const noToken = await open(`${origin}/`);
      assert.equal(await noToken.evaluate(() => typeof (globalThis as Win).station), 'undefined');
      await noToken.close();

      const wrong = await open(`${origin}/#token=${'0'.repeat(48)}`);
      const result = await wrong.evaluate(() =>
        (globalThis as Win)
          .station!.request('lanes:list', {})
          .catch((e: { code: string }) => e.code),
      );
      assert.equal(result, 'INTERNAL');
      await wrong.close();
    });
  },
);
