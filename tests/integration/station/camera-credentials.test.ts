import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  cameraUriFor,
  moveCameraCredentials,
  splitCredentials,
} from '../../../src-main/app/camera-credentials';
import { loadStationConfig } from '../../../src-main/app/config';
import { FileSecretStore } from '../../../src-main/app/file-secret-store';
import { createLogger } from '../../../src-main/platform/logger';

describe('camera passwords move out of station.json into the secret store', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'camera-secrets-'));
    const lanes = [
      {
        id: 'entry-1',
        name: 'Entry 1',
        direction: 'entry',
        zoneId: 'main',
        camera: { kind: 'device', uri: 'rtsp://admin:s3cr%3At@10.0.0.5:554/stream1' },
        gate: { kind: 'simulated' },
      },
      {
        id: 'exit-1',
        name: 'Exit 1',
        direction: 'exit',
        zoneId: 'main',
        camera: { kind: 'folder', uri: 'sample-lanes/exit' },
        gate: { kind: 'simulated' },
      },
    ];
    writeFileSync(join(dir, 'station.json'), JSON.stringify({ lanes }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('rewrites the file without them, keeps them sealed, and opens the camera with them', () => {
    const secrets = new FileSecretStore(join(dir, 'secrets.json'));
    const config = moveCameraCredentials(
      loadStationConfig({ dataDir: dir }),
      secrets,
      createLogger('test', true),
    );
    const file = readFileSync(join(dir, 'station.json'), 'utf8');
    assert.doesNotMatch(file, /s3cr|admin/);
    assert.equal(config.lanes[0]!.camera.uri, 'rtsp://10.0.0.5:554/stream1');
    assert.equal(config.lanes[1]!.camera.uri, 'sample-lanes/exit');
    assert.match(readFileSync(join(dir, 'secrets.json'), 'utf8'), /admin:s3cr%3At/);
    // A new store reads the same file: the password survives a restart.
    const reopened = new FileSecretStore(join(dir, 'secrets.json'));
    assert.equal(
      cameraUriFor(config.lanes[0]!, reopened),
      'rtsp://admin:s3cr%3At@10.0.0.5:554/stream1',
    );
    assert.equal(cameraUriFor(config.lanes[1]!, reopened), 'sample-lanes/exit');
  });

  it('leaves addresses without a user part alone', () => {
    assert.deepEqual(splitCredentials('rtsp://10.0.0.5/s'), {
      uri: 'rtsp://10.0.0.5/s',
      credentials: null,
    });
    assert.deepEqual(splitCredentials('0'), { uri: '0', credentials: null });
  });
});
