import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeOnly = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'electron',
  'better-sqlite3',
  'serialport',
  '@serialport/*',
  '@u4/*',
  'onnxruntime-node',
  'ws',
  'axios',
];

/** OpenCV's binding is loaded in one place, which also makes a natural exit safe (see there). */
const OPENCV = {
  paths: [
    {
      name: '@u4/opencv4nodejs',
      message: 'Import cv from src-main/camera/opencv; types may come from the package.',
      allowTypeImports: true,
    },
  ],
};
/** Only the Electron shell talks to Electron: every service also runs under plain Node. */
const ELECTRON = {
  paths: [{ name: 'electron', message: 'Only src-main/electron/ may import electron.' }],
  patterns: [{ group: ['electron/*'], message: 'Only src-main/electron/ may import electron.' }],
};
/** The composition root and the shells build the station; nothing they build reaches back. */
const APP = {
  patterns: [
    {
      group: ['**/app', '**/app/*'],
      message: 'Only the composition root and the shells use src-main/app/; take a dependency.',
    },
  ],
};
const restrict = (...groups) => ({
  paths: groups.flatMap((g) => g.paths ?? []),
  patterns: groups.flatMap((g) => g.patterns ?? []),
});

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'resources/**',
      'models/**',
      '.station-data/**',
      '.test-tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  // Who may import what in the main process. Each area lists every restriction that applies
  // to it, because a later block's `no-restricted-imports` replaces an earlier one's.
  {
    files: ['tests/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', restrict(OPENCV)] },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: [
      'src-main/camera/opencv.ts',
      'src-main/electron/**',
      'src-main/app/**',
      'src-main/host/**',
    ],
    rules: { 'no-restricted-imports': ['error', restrict(OPENCV, ELECTRON, APP)] },
  },
  {
    files: ['src-main/app/**/*.ts', 'src-main/host/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', restrict(OPENCV, ELECTRON)] },
  },
  {
    files: ['src-main/electron/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', restrict(OPENCV)] },
  },
  {
    files: ['src-main/camera/opencv.ts'],
    rules: { 'no-restricted-imports': ['error', restrict(ELECTRON, APP)] },
  },
  {
    // The preload is a tiny bridge: the contract client (and the wire constants) and nothing
    // else of the project at run time; types are erased and free.
    files: ['src-preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src-main/**', '**/src-renderer/**'],
              message: 'The preload only bridges.',
            },
            {
              regex: '^\\.\\./src-shared(?!/contract/(client|wire)$)',
              allowTypeImports: true,
              message: 'The preload imports only the contract client (and types).',
            },
          ],
        },
      ],
    },
  },
  {
    // The shared module runs in every room, so it may import neither Node nor Electron.
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...nodeOnly, '**/src-main/**', '**/src-renderer/**'] },
      ],
    },
  },
  {
    // The renderer talks to the station only through window.station (the typed contract).
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': ['error', { patterns: [...nodeOnly, '**/src-main/**'] }],
    },
  },
  {
    // The reference server stands for the operator's own system: it shares the API document
    // (api/) with the station and nothing else, so it can't lean on the station's code.
    files: ['reference-server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/src-main/**',
                '**/src-shared/**',
                '**/src-renderer/**',
                '**/src-preload/**',
              ],
              message: 'The reference server shares only api/ with the station.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
