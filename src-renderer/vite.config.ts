import { defineConfig } from 'vite';

/** This folder as a file-system path, whatever directory the build is started from. */
const rendererDir = decodeURIComponent(new URL('.', import.meta.url).pathname).replace(
  /^\/([A-Za-z]:)/,
  '$1',
);

export default defineConfig({
  root: rendererDir,
  // Relative asset URLs so the bundle loads from file:// inside Electron.
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: '../dist/renderer',
    // station-bridge.js is written into the same folder by another build step: keep it.
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
  },
});
