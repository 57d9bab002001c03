import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { Logger } from '../../../src-main/platform/logger';
import { serializeToYaml } from 'builder-util';
import {
  pinsPublisher,
  startUpdater,
  type UpdaterOptions,
  type UpdaterLike,
} from '../../../src-main/electron/updater';

/** electron-updater needs a running, packaged Electron; this stands in for its autoUpdater. */
class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowDowngrade = true;
  disableWebInstaller = false;
  logger: unknown = null;
  checks = 0;
  checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    // Offline booth: every check fails, and emits 'error' as electron-updater does.
    this.emit('error', new Error('net::ERR_INTERNET_DISCONNECTED'));
    return Promise.reject(new Error('net::ERR_INTERNET_DISCONNECTED'));
  }
}

// app-update.yml as electron-builder writes it for a signed Windows build (its own serialiser).
const signedYml = serializeToYaml({
  provider: 'generic',
  url: 'https://updates.example.invalid/station-console',
  publisherName: ['Station Console Operators Ltd'],
  updaterCacheDirName: 'station-console-updater',
});
const unsignedYml = serializeToYaml({ provider: 'generic', url: 'https://u.example.invalid/' });
/** A packaged Windows build whose app-update.yml pins the publisher. */
const windows = { isPackaged: true, platform: 'win32', readUpdateConfig: () => signedYml } as const;

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function captureLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => lines.push(`${level} ${m}`);
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

describe('startUpdater', () => {
  it('is disabled when not packaged (electron-updater never loaded)', () => {
    let loaded = false;
    const log = captureLog();
    const stop = startUpdater({
      isPackaged: false,
      log,
      load: async () => {
        loaded = true;
        return new FakeUpdater();
      },
    });
    stop();
    assert.equal(loaded, false);
  });

  it('configures auto download/install, checks on start and periodically, never throws offline', async () => {
    const updater = new FakeUpdater();
    const log = captureLog();
    const stop = startUpdater({ ...windows, log, load: async () => updater, intervalMs: 20 });
    for (let waited = 0; updater.checks < 3 && waited < 3000; waited += 10) await tick(10);
    stop();
    const checks = updater.checks;
    assert.equal(updater.autoDownload, true);
    assert.equal(updater.autoInstallOnAppQuit, true);
    assert.equal(updater.allowDowngrade, false);
    assert.equal(updater.disableWebInstaller, true);
    assert.ok(checks >= 3, `expected a check on start and periodic ones, got ${checks}`);
    assert.ok(log.lines.some((l) => l.startsWith('warn update check failed')));
    await tick(80);
    assert.equal(updater.checks, checks, 'stop() ends the periodic checks');
  });

  it('checks once at start, then waits for the interval (4 h by default)', async () => {
    const updater = new FakeUpdater();
    const stop = startUpdater({ ...windows, log: captureLog(), load: async () => updater });
    for (let waited = 0; updater.checks < 1 && waited < 3000; waited += 10) await tick(10);
    await tick(20);
    stop();
    assert.equal(updater.checks, 1);
  });

  it('logs, rather than throws, when electron-updater cannot be loaded', async () => {
    const log = captureLog();
    startUpdater({
      ...windows,
      log,
      load: () => Promise.reject(new Error('Cannot find module')),
    });
    await tick(10);
    assert.ok(log.lines.some((l) => l.startsWith('error updater unavailable')));
  });

  describe('installs only updates signed by the app owner', () => {
    const tryStart = (opts: Partial<UpdaterOptions>) => {
      let loaded = false;
      const log = captureLog();
      startUpdater({
        ...windows,
        ...opts,
        log,
        load: async () => ((loaded = true), new FakeUpdater()),
      });
      return { loaded, lines: log.lines };
    };

    it('does not run on Linux, where it could not check a signature (apt updates the deb)', () => {
      const { loaded, lines } = tryStart({ platform: 'linux' });
      assert.equal(loaded, false);
      assert.ok(
        lines.some((l) => l.includes('signed package repository')),
        lines.join('\n'),
      );
    });

    it('does not run on Windows when app-update.yml pins no publisher, or is missing', () => {
      for (const readUpdateConfig of [() => unsignedYml, () => null]) {
        const { loaded, lines } = tryStart({ readUpdateConfig });
        assert.equal(loaded, false);
        assert.ok(
          lines.some((l) => l.startsWith('error updater disabled')),
          lines.join('\n'),
        );
      }
    });

    it('reads the publisher as electron-builder writes it, and nothing that only looks like one', () => {
      assert.equal(pinsPublisher(signedYml), true);
      assert.equal(pinsPublisher('publisherName: Station Console Operators Ltd\n'), true);
      for (const yml of [
        unsignedYml,
        'publisherName:\n',
        'publisherName: null\n',
        'publisherName: []\n',
        'publisherName:\nurl: https://x\n',
        '# publisherName: Station Console Operators Ltd\n',
        'notpublisherName: x\n',
      ]) {
        assert.equal(pinsPublisher(yml), false, yml);
      }
    });
  });
});
