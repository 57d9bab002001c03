import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { it } from 'node:test';

const SCRIPT = resolve('scripts/check-import-cycles.mjs');

function check(files: Record<string, string>): number | null {
  const dir = mkdtempSync(join(tmpdir(), 'cycles-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return spawnSync(process.execPath, [SCRIPT], { cwd: dir, encoding: 'utf8' }).status;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

it('the import-cycle check fails on a cycle, type-only imports included, and passes without', () => {
  const a = "import type { B } from './b';\nexport type A = { b: B };\n";
  const b = "import type { A } from './a';\nexport type B = { a?: A };\n";
  assert.equal(check({ 'src-main/x/a.ts': a, 'src-main/x/b.ts': b }), 1);
  assert.equal(
    check({ 'src-main/x/a.ts': a, 'src-main/x/b.ts': 'export type B = { n: number };\n' }),
    0,
  );
});
