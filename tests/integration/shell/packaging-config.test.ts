/**
 * electron-builder.yml as electron-builder itself reads and validates it (its getConfig and
 * validateConfiguration): Electron's binary cannot be downloaded here, so packaging is checked
 * through its configuration. What a packaged booth must not be talked into rests on these keys.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';

describe('electron-builder.yml', () => {
  let config: Configuration;
  before(async () => {
    config = await getConfig(process.cwd(), 'electron-builder.yml', null);
  });

  it('is a configuration electron-builder accepts (key names included)', async () => {
    await validateConfiguration(config, new DebugLogger(false));
  });

  it('packs the app into one asar and flips the fuses that lock the binary', () => {
    assert.equal(config.asar, true);
    assert.deepEqual(config.electronFuses, {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('signs Windows builds and pins the publisher that updates must be signed by', () => {
    const win = config.win!;
    assert.equal(win.forceCodeSigning, true, 'an unsigned Windows build fails');
    assert.equal(win.verifyUpdateCodeSignature, true);
    const publisher = win.signtoolOptions?.publisherName;
    assert.ok(typeof publisher === 'string' && publisher.trim().length > 0, String(publisher));
    assert.deepEqual(win.target, ['nsis']);
    const publish = config.publish as { provider: string; url: string };
    assert.equal(publish.provider, 'generic');
    assert.match(publish.url, /^https:\/\//);
  });

  it('ships Linux as a deb from a signed apt repository, with no self-update feed', () => {
    const linux = config.linux!;
    assert.deepEqual(linux.target, ['deb'], 'no AppImage: it would have no signed update path');
    assert.equal(linux.publish, null, 'no app-update.yml on Linux');
  });
});
