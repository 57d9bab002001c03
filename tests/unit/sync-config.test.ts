import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadStationConfig } from '../../src-main/app/config';
import { stripDeviceSecretFromFile } from '../../src-main/app/sync-enrolment';
import { transportAllowed } from '../../src-main/platform/station-config';
import { createTransport } from '../../src-main/sync/transport';

describe('sync transport and enrolment', () => {
  it('takes TLS anywhere and plain HTTP only to this machine', () => {
    assert.equal(transportAllowed('https://api.operator.example'), true);
    assert.equal(transportAllowed('https://10.0.0.5:8443/v1'), true);
    assert.equal(transportAllowed('http://127.0.0.1:8787'), true);
    assert.equal(transportAllowed('http://localhost:8787'), true);
    assert.equal(transportAllowed('http://[::1]:8787'), true);
    assert.equal(transportAllowed('http://api.operator.example'), false);
    assert.equal(transportAllowed('http://10.0.0.5:8787'), false);
    assert.equal(transportAllowed('http://127.0.0.1.nip.io'), false);
    assert.equal(transportAllowed('ftp://127.0.0.1'), false);
    assert.throws(() => createTransport('http://operator.example', 1000), /not https/);
  });

  it('refuses a plain-HTTP server in the configuration with a readable error', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sync-config-'));
    try {
      assert.throws(
        () =>
          loadStationConfig({
            dataDir,
            overrides: { sync: { serverUrl: 'http://operator.example' } },
          }),
        /sync\.serverUrl: must be https:\/\//,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('takes a device secret typed into station.json out of the file', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sync-config-'));
    try {
      const file = join(dataDir, 'station.json');
      writeFileSync(
        file,
        JSON.stringify({
          sync: {
            serverUrl: 'https://api.operator.example',
            deviceSecret: 'typed-by-the-installer-01',
          },
        }),
      );
      const config = loadStationConfig({ dataDir });
      assert.equal(config.sync.deviceSecret, 'typed-by-the-installer-01');
      stripDeviceSecretFromFile(config);
      const after = JSON.parse(readFileSync(file, 'utf8')) as { sync: Record<string, unknown> };
      assert.deepEqual(after.sync, { serverUrl: 'https://api.operator.example' });
      assert.doesNotMatch(readFileSync(file, 'utf8'), /typed-by-the-installer/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
