import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { Logger } from '../../../src-main/app/logger';
import { startUpdater, type UpdaterLike } from '../../../src-main/electron/updater';

/** electron-updater needs a running, packaged Electron; this stands in for its autoUpdater. */
class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: unknown = null;
  checks = 0;
  checkForUpdates(): Promise<unknown> {
    this.checks += 1;
    // Offline booth: every check fails, and emits 'error' as electron-updater does.
    this.emit('error', new Error('net::ERR_INTERNET_DISCONNECTED'));
    return Promise.reject(new Error('net::ERR_INTERNET_DISCONNECTED'));
  }
}

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
    const stop = startUpdater({ isPackaged: true, log, load: async () => updater, intervalMs: 20 });
    for (let waited = 0; updater.checks < 3 && waited < 3000; waited += 10) await tick(10);
    stop();
    const checks = updater.checks;
    assert.equal(updater.autoDownload, true);
    assert.equal(updater.autoInstallOnAppQuit, true);
    assert.ok(checks >= 3, `expected a check on start and periodic ones, got ${checks}`);
    assert.ok(log.lines.some((l) => l.startsWith('warn update check failed')));
    await tick(80);
    assert.equal(updater.checks, checks, 'stop() ends the periodic checks');
  });

  it('checks once at start, then waits for the interval (4 h by default)', async () => {
    const updater = new FakeUpdater();
    const stop = startUpdater({ isPackaged: true, log: captureLog(), load: async () => updater });
    for (let waited = 0; updater.checks < 1 && waited < 3000; waited += 10) await tick(10);
    await tick(20);
    stop();
    assert.equal(updater.checks, 1);
  });

  it('logs, rather than throws, when electron-updater cannot be loaded', async () => {
    const log = captureLog();
    startUpdater({
      isPackaged: true,
      log,
      load: () => Promise.reject(new Error('Cannot find module')),
    });
    await tick(10);
    assert.ok(log.lines.some((l) => l.startsWith('error updater unavailable')));
  });
});
