import { chromium, type Browser } from 'playwright-core';

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
