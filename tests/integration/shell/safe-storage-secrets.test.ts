import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Logger } from '../../../src-main/platform/logger';
import {
  SafeStorageSecretStore,
  type SafeStorageLike,
} from '../../../src-main/electron/safe-storage-secrets';

/** Stand-in for Electron's safeStorage (which needs the Electron binary): a reversible XOR. */
function fakeSafeStorage(available = true, backend = 'gnome_libsecret'): SafeStorageLike {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (s) => Buffer.concat([Buffer.from('v10'), xor(Buffer.from(s, 'utf8'))]),
    decryptString: (b) => {
      if (b.subarray(0, 3).toString() !== 'v10') throw new Error('Error while decrypting');
      return xor(b.subarray(3)).toString('utf8');
    },
  };
}

function captureLog(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    info: () => {},
    warn: (m) => warnings.push(m),
    error: (m) => warnings.push(m),
  };
}

describe('SafeStorageSecretStore', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'station-secrets-'));
    file = path.join(dir, 'userData', 'secrets.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('seals values into secrets.json and reads them back after a restart', () => {
    const log = captureLog();
    const store = new SafeStorageSecretStore(fakeSafeStorage(), file, log);
    assert.equal(store.persistent, true);
    store.set('api-token', 's3cret-token');
    store.set('gate-password', 'hunter2');
    assert.equal(store.get('api-token'), 's3cret-token');

    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes('s3cret-token') && !text.includes('hunter2'));
    assert.deepEqual(Object.keys(JSON.parse(text).secrets).sort(), ['api-token', 'gate-password']);
    if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['secrets.json']); // no temp left over

    store.delete('gate-password');
    const reopened = new SafeStorageSecretStore(fakeSafeStorage(), file, log);
    assert.equal(reopened.get('api-token'), 's3cret-token');
    assert.equal(reopened.get('gate-password'), null);
    assert.deepEqual(log.warnings, []);
  });

  it('keeps secrets in memory only, and leaves the file alone, without encryption', () => {
    new SafeStorageSecretStore(fakeSafeStorage(), file, captureLog()).set('api-token', 'old');
    const before = fs.readFileSync(file, 'utf8');
    const log = captureLog();
    const store = new SafeStorageSecretStore(fakeSafeStorage(false), file, log);
    assert.equal(store.persistent, false);
    assert.equal(store.get('api-token'), null);
    store.set('api-token', 'new');
    assert.equal(store.get('api-token'), 'new');
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    assert.equal(log.warnings.length, 1);
  });

  it(
    'treats the Linux basic_text backend (hard-coded key) as no encryption',
    {
      skip: process.platform !== 'linux',
    },
    () => {
      const store = new SafeStorageSecretStore(
        fakeSafeStorage(true, 'basic_text'),
        file,
        captureLog(),
      );
      store.set('api-token', 'x');
      assert.equal(store.persistent, false);
      assert.equal(fs.existsSync(file), false);
    },
  );

  it('survives a corrupt file and drops entries it cannot decrypt', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{ not json');
    const log = captureLog();
    const store = new SafeStorageSecretStore(fakeSafeStorage(), file, log);
    assert.equal(store.get('x'), null);
    assert.equal(log.warnings.length, 1);

    const good = fakeSafeStorage().encryptString('kept').toString('base64');
    const bad = Buffer.from('garbage').toString('base64');
    fs.writeFileSync(file, JSON.stringify({ version: 1, secrets: { good, bad, odd: 42 } }));
    const reopened = new SafeStorageSecretStore(fakeSafeStorage(), file, captureLog());
    assert.equal(reopened.get('good'), 'kept');
    assert.equal(reopened.get('bad'), null);
    assert.equal(reopened.get('odd'), null);
  });
});
