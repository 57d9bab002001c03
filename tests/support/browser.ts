import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHeadlessHost, type HeadlessHost } from '../../src-main/host/headless-host';
import { createLogger } from '../../src-main/platform/logger';

/**
 * Debian's Chromium driven by Playwright. The flags keep it off the (closed) network:
 * without them Chromium keeps dialling Google services that this machine cannot reach.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A station's console in Chromium: the headless host over the built renderer, and a browser. */
export interface BrowserBooth {
  host: HeadlessHost;
  browser: Browser;
  /** A fresh context (touch enabled) at this screen size, on the console's page. */
  open(viewport: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Serves the built renderer (dist/renderer) for `station` and launches Chromium at it. */
export async function startBrowserBooth(
  station: Pick<Parameters<typeof startHeadlessHost>[0], 'dispatcher' | 'events'>,
): Promise<BrowserBooth> {
  const host = await startHeadlessHost({
    dispatcher: station.dispatcher,
    events: station.events,
    rendererDir: resolve('dist/renderer'),
    log: createLogger('renderer-test', true),
  });
  const browser = await launchChromium();
  return {
    host,
    browser,
    async open(viewport) {
      const context = await browser.newContext({ viewport, hasTouch: true });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(host.url);
      return page;
    },
    async close() {
      await browser.close();
      await host.close();
    },
  };
}

/** Signs `name` in at the console's sign-in screen with `pin`, and waits for the header to say so. */
export async function signInAt(page: Page, name: string, pin: string): Promise<void> {
  await page.getByLabel('Operator name').fill(name);
  await page.getByLabel('PIN', { exact: true }).fill(pin);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('operator').waitFor();
}
