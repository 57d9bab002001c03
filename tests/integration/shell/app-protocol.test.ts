import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  APP_INDEX_URL,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
} from '../../../src-main/electron/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/electron/csp';

// protocol.handle hands the handler a fetch Request and wants a fetch Response; Node has both,
// so the real handler is driven here as Electron would drive it (Electron itself cannot run).
describe('app:// protocol handler', () => {
  let root: string;
  let rendererDir: string;
  let handle: ReturnType<typeof createAppProtocolHandler>;
  const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'app-protocol-'));
    rendererDir = path.join(root, 'renderer');
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><p>booth</p>');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'main.js'), 'export {};');
    // Next to the renderer folder, as the preload and main bundles are in dist/.
    fs.writeFileSync(path.join(root, 'secret.txt'), 'not for the page');
    handle = createAppProtocolHandler(rendererDir);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is registered as a standard, secure scheme with fetch, and nothing more', () => {
    assert.deepEqual(APP_SCHEME_PRIVILEGES, {
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
  });

  it('serves the renderer files with their type, the CSP header and nosniff', async () => {
    const index = await get(`${APP_INDEX_URL}#/booth`);
    assert.equal(index.status, 200);
    assert.equal(await index.text(), '<!doctype html><p>booth</p>');
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(index.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal(index.headers.get('x-content-type-options'), 'nosniff');

    // A module script must come with a JavaScript type, or Chromium refuses to run it.
    const script = await get('app://station/assets/main.js?v=1');
    assert.equal(script.status, 200);
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await script.text(), 'export {};');
  });

  it('refuses paths that leave the renderer folder, however they are spelled', async () => {
    for (const url of [
      'app://station/..%2fsecret.txt',
      'app://station/assets/..%2f..%2fsecret.txt',
      'app://station/%2e%2e%2fsecret.txt',
      'app://station/..%5csecret.txt',
      `app://station/${encodeURIComponent(path.join(root, 'secret.txt'))}`,
      'app://station/index.html%00.js',
      'app://station/%E0%A4%A', // malformed escape
    ]) {
      const res = await get(url);
      assert.equal(res.status, 404, url);
      assert.doesNotMatch(await res.text(), /not for the page/, url);
      assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, url);
    }
    // Dot segments are removed by the URL parser before the handler sees them.
    assert.equal(new Request('app://station/../secret.txt').url, 'app://station/secret.txt');
    assert.equal((await get('app://station/../secret.txt')).status, 404);
  });

  it('answers only its own host, only GET, and 404 for what is not there', async () => {
    assert.equal((await get('app://elsewhere/index.html')).status, 404);
    assert.equal((await get('app://station/missing.js')).status, 404);
    assert.equal((await get('app://station/assets')).status, 404);
    assert.equal((await get(APP_INDEX_URL, 'POST')).status, 405);
  });
});
