// Builds every room: the Electron main bundle, the two bridges, and the renderer.
// The headless host and tests run TypeScript directly through tsx and need none of this
// except the renderer and the web bridge, which the host serves to the browser.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';

const common = { bundle: true, sourcemap: true, logLevel: 'warning', target: 'es2022' };

await viteBuild({ configFile: 'src-renderer/vite.config.ts', logLevel: 'warn' });

await Promise.all([
  build({
    ...common,
    entryPoints: ['src-main/electron/electron-main.ts'],
    outfile: 'dist/main/electron-main.cjs',
    platform: 'node',
    format: 'cjs',
    // Native modules and electron itself load from node_modules at run time.
    packages: 'external',
    // The ANPR worker's default path uses import.meta.url; the shell passes the bundled path.
    logOverride: { 'empty-import-meta': 'silent' },
  }),
  build({
    ...common,
    // The plate reader's worker, started by the main process with utilityProcess.fork (the
    // headless host forks src-main/anpr/anpr-worker.ts itself and needs no bundle).
    entryPoints: ['src-main/electron/anpr-utility-worker.ts'],
    outfile: 'dist/main/anpr-utility-worker.cjs',
    platform: 'node',
    format: 'cjs',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['src-preload/preload.ts'],
    outfile: 'dist/preload/preload.cjs',
    platform: 'node',
    format: 'cjs',
    // Sandboxed preloads may only require('electron'): everything else is bundled in.
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['src-preload/web-bridge.ts'],
    outfile: 'dist/renderer/station-bridge.js',
    platform: 'browser',
    format: 'iife',
  }),
]);
console.log('build: dist/ ready');
