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
type Win = { station?: StationApi; got?: unknown[]; document?: { cookie: string } };

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
      const page = await browser.newPage(); // a context of its own: no cookies from the others
      await page.goto(url);
      return page;
    };

    it('signs on through a one-time link, defines window.station and round-trips requests', async () => {
      const page = await open(host.signOnUrl());
      // The spent link left the address bar, and the session is out of the page's reach.
      assert.equal(page.url(), `${host.origin}/`);
      assert.equal(await page.evaluate(() => (globalThis as Win).document!.cookie), '');
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
      // A reload keeps the session: it is the browser's cookie, not the link.
      await page.reload();
      assert.deepEqual(
        await page.evaluate(() => (globalThis as Win).station!.request('lanes:list', {})),
        [],
      );
      await page.close();
    });

    it('delivers pushed events to subscribers', async () => {
      const page = await open(host.signOnUrl());
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

    it('serves no page, so no bridge, without a sign-on or with a spent link', async () => {
      const link = host.signOnUrl();
      await (await open(link)).close();
      for (const url of [`${host.origin}/`, link]) {
        const page = await browser.newPage();
        const response = await page.goto(url);
        assert.equal(response?.status(), 403, url);
        assert.equal(await page.evaluate(() => typeof (globalThis as Win).station), 'undefined');
        await page.close();
      }
    });
  },
);
