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
  {
    // OpenCV's binding is loaded in one place, which also makes a natural exit safe (see there).
    files: ['src-main/**/*.ts', 'tests/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
    ignores: ['src-main/camera/opencv.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@u4/opencv4nodejs',
              message: 'Import cv from src-main/camera/opencv; types may come from the package.',
              allowTypeImports: true,
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
    files: ['scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
