import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

/**
 * The renderer's seams, read from its source: components reach the station only through stores
 * and read stores only through selectors, and no store reaches into another. A slip here
 * compiles and mostly works, so nothing else would catch it.
 */
const root = 'src-renderer';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The code without its comments, which may well name what the code must not do. */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
}

const all = sources(root).map((path) => ({ path: relative(root, path), text: code(path) }));
const ui = all.filter((f) => /^(components|screens|hooks)\/|^App\.tsx$/.test(f.path));
const stores = all.filter((f) => f.path.startsWith('stores/'));

function offenders(files: typeof all, pattern: RegExp): string[] {
  return files.filter((f) => pattern.test(f.text)).map((f) => f.path);
}

describe('renderer seams', () => {
  it('finds the files it checks', () => {
    assert.ok(ui.length >= 20, `${ui.length} component, screen and hook files`);
    assert.ok(stores.length >= 10, `${stores.length} store files`);
  });

  it('components, screens and hooks never call the bridge or subscribe to events', () => {
    assert.deepEqual(offenders(ui, /window\.station|\bstation\(\)|\.request\(|\.on\(\s*'/), []);
  });

  it('components read stores through selectors, never the whole store', () => {
    assert.deepEqual(offenders(ui, /\buse[A-Z]\w*Store\(\s*\)/), []);
  });

  it('no store imports another (toasts and words excepted: every part posts and speaks)', () => {
    const shared = ['toast-store', 'i18n-store'];
    const reaching = stores.flatMap((f) =>
      [...f.text.matchAll(/from '\.\/([\w-]+-store)'/g)]
        .map((m) => m[1])
        .filter((name) => name !== undefined && !shared.includes(name))
        .map((name) => `${f.path} -> ${name}`),
    );
    assert.deepEqual(reaching, []);
  });
});
