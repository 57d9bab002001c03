import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { createTrustedFrameCheck } from '../../../src-main/electron/trusted-frame';

const index = path.resolve('/opt/Station Console/resources/app.asar/dist/renderer/index.html');
const indexUrl = pathToFileURL(index).href;

describe('createTrustedFrameCheck', () => {
  const isTrusted = createTrustedFrameCheck(index, { caseInsensitive: false });

  it('accepts the exact file URL of the renderer index, ignoring hash and query', () => {
    assert.ok(indexUrl.includes('Station%20Console'));
    assert.equal(isTrusted(indexUrl), true);
    assert.equal(isTrusted(`${indexUrl}#/lot?x=1`), true);
    assert.equal(isTrusted(`${indexUrl}?debug=1#token=abc`), true);
    // Chromium and Node may encode differently; the decoded path is what counts.
    assert.equal(isTrusted(indexUrl.replace('%20', ' ')), true);
    assert.equal(isTrusted(indexUrl.replace('/dist/', '/dist/./')), true);
  });

  it('rejects other origins and schemes', () => {
    for (const url of [
      'http://127.0.0.1:5173/index.html',
      'https://example.com/dist/renderer/index.html',
      'devtools://devtools/bundled/inspector.html',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'chrome-error://chromewebdata/',
      '',
      'not a url',
    ]) {
      assert.equal(isTrusted(url), false, url);
    }
  });

  it('rejects other files, lookalikes and hosted file URLs', () => {
    const dir = path.dirname(index);
    for (const url of [
      pathToFileURL(path.join(dir, 'other.html')).href,
      pathToFileURL(path.join(dir, 'index.html.evil')).href,
      pathToFileURL(`${index}x`).href,
      pathToFileURL('/tmp/index.html').href,
      indexUrl.replace('file:///', 'file://evil.example/'),
      indexUrl.replace('/renderer/', '/renderer%2F..%2F'),
      indexUrl.replace('/dist/renderer/', '/dist/renderer/../../'),
    ]) {
      assert.equal(isTrusted(url), false, url);
    }
  });

  it('compares case-insensitively only when asked (Windows)', () => {
    const upper = indexUrl.replace('/dist/renderer/', '/DIST/Renderer/');
    assert.equal(isTrusted(upper), false);
    assert.equal(createTrustedFrameCheck(index, { caseInsensitive: true })(upper), true);
  });
});
