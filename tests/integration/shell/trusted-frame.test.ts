import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { APP_INDEX_URL } from '../../../src-main/electron/app-protocol';
import { isTrustedAppUrl } from '../../../src-main/electron/trusted-frame';

describe('isTrustedAppUrl', () => {
  it('accepts app://station/index.html, ignoring hash and query', () => {
    assert.equal(APP_INDEX_URL, 'app://station/index.html');
    for (const url of [
      APP_INDEX_URL,
      `${APP_INDEX_URL}#/lot?x=1`,
      `${APP_INDEX_URL}?debug=1#token=abc`,
      // The URL parser removes dot segments, as Chromium does for a standard scheme.
      'app://station/assets/../index.html',
      'app://station/%2e%2e/index.html',
    ]) {
      assert.equal(isTrustedAppUrl(url), true, url);
    }
  });

  it('refuses the file:// page the app used to load, and any file URL', () => {
    const index = path.resolve('/opt/Station Console/resources/app.asar/dist/renderer/index.html');
    assert.equal(isTrustedAppUrl(pathToFileURL(index).href), false);
    assert.equal(isTrustedAppUrl('file:///index.html'), false);
  });

  it('refuses other origins, schemes and pages', () => {
    for (const url of [
      'http://127.0.0.1:5173/index.html',
      'https://station/index.html',
      'app://evil/index.html',
      'app://STATION/index.html',
      'app://station:8080/index.html',
      'app://user:pw@station/index.html',
      'app://station/other.html',
      'app://station/index.html/',
      'app://station//index.html',
      'app://station/assets/index.html',
      'app://station/a%2f..%2findex.html',
      'app:/index.html',
      'app:station/index.html',
      'devtools://devtools/bundled/inspector.html',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'chrome-error://chromewebdata/',
      '',
      'not a url',
    ]) {
      assert.equal(isTrustedAppUrl(url), false, url);
    }
  });
});
