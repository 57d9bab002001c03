// Runs node:test over the given *.test.ts files and every one under the given folders
// (Node 20 cannot glob .ts itself).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir) {
  let out = [];
  let entries = [];
  try {
    if (statSync(dir).isFile()) return dir.endsWith('.test.ts') ? [dir] : [];
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out = out.concat(collect(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const dirs = process.argv.slice(2);
const files = dirs.flatMap(collect);
if (files.length === 0) {
  console.error(`no test files under ${dirs.join(', ')}`);
  process.exit(1);
}
// --test-force-exit: a file whose hooks failed half-way (a station left running) ends as a
// failure once its tests are done, instead of hanging the whole run.
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    '--test-force-exit',
    '--test-reporter=spec',
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, STATION_TEST: '1' } },
);
process.exit(result.status ?? 1);
