import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/electron/csp';

const indexHtml = path.resolve(import.meta.dirname, '../../../src-renderer/index.html');

it(
  'the CSP header equals the meta tag in src-renderer/index.html',
  {
    skip: !fs.existsSync(indexHtml) && 'src-renderer/index.html not present',
  },
  () => {
    const html = fs.readFileSync(indexHtml, 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    assert.ok(meta, 'index.html has a CSP meta tag');
    const directives = (csp: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .sort();
    assert.deepEqual(directives(CONTENT_SECURITY_POLICY), directives(meta[1]!));
  },
);
