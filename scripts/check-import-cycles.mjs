// Fails when modules import each other in a circle, type-only imports included: a cycle means
// two files that can't be read (or changed) apart. Part of `npm run lint`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOTS = ['src-main', 'src-shared', 'src-preload', 'src-renderer'];
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g;

function sources(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (/\.tsx?$/.test(name)) out.push(resolve(path));
  }
  return out;
}

function target(from, spec) {
  const base = resolve(dirname(from), spec);
  return [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((p) => existsSync(p));
}

const files = ROOTS.filter((r) => existsSync(r)).flatMap((r) => sources(r));
const graph = new Map(
  files.map((f) => {
    const text = readFileSync(f, 'utf8');
    const deps = [...text.matchAll(IMPORT)].map((m) => target(f, m[1])).filter(Boolean);
    return [f, deps];
  }),
);

// Tarjan's strongly connected components: every component of two or more files is a cycle.
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
function visit(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v) ?? []) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) !== index.get(v)) return;
  const component = [];
  let w;
  do {
    w = stack.pop();
    onStack.delete(w);
    component.push(relative(process.cwd(), w));
  } while (w !== v);
  if (component.length > 1) cycles.push(component.sort());
}
for (const f of files) if (!index.has(f)) visit(f);

if (cycles.length > 0) {
  for (const c of cycles) console.error(`import cycle: ${c.join(' <-> ')}`);
  process.exit(1);
}
console.log(`no import cycles in ${files.length} files`);
