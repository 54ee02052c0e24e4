// Lint configuration. The layer rules below are the machine-checked form of docs/architecture.md "Layers":
//   shared/   imports only shared/ (and zod), in the order of eslint.layers.mjs (SHARED_RUNGS)
//   main/     imports shared/ and Node/Electron; never renderer/
//   main/host, web, cli, shell, electron: never main/training (it runs in the worker process)
//   main/electron and main/web: never each other (what both shells need is in main/shell)
//   renderer/ imports shared/ and browser libraries; never main/, Node, Electron or tfjs-node; the model core's
//             values only through renderer/src/model (core.ts), the contract (shared/api) directly
//   preload   imports only electron and shared/api
//   tfjs / webgpu are loaded only inside main/training (the worker)
//   nothing imports test/
// Do not relax these rules: a shortcut across a layer is how a pure core turns into a ball of mud.
// test/repo/layers.test.ts feeds each rule an import it must refuse.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { layersPlugin, sharedOrderBoundaries } from './eslint.layers.mjs';

const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'string_decoder',
  'timers',
  'tls',
  'tty',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

const noTestImports = { regex: '(^|/)test/', message: 'Nothing imports test/.' };

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'app/dist/**',
      'app/node_modules/**',
      'dist/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      'bench-results/**',
      '.stride-test/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='sendSync']",
          message: 'sendSync blocks the UI: use invoke.',
        },
      ],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.cjs', '**/*.mjs', '*.config.js', '*.config.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // --- Layer rules. Do not relax. ---
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.{1,2}/|zod$|zod/)',
              message: 'shared/ is pure TypeScript: only shared/ and zod.',
            },
            { regex: '(^|/)(main|renderer|test)/', message: 'shared/ imports only shared/.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'shared/ runs anywhere: no Node globals.' },
        { name: 'Buffer', message: 'shared/ runs anywhere: no Node globals.' },
        { name: 'window', message: 'shared/ runs anywhere: no browser globals.' },
        { name: 'document', message: 'shared/ runs anywhere: no browser globals.' },
        { name: 'require', message: 'shared/ is ESM only.' },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.map((name) => ({
            name,
            message: 'renderer/ is browser-only: reach main via window.stride.',
          })),
          patterns: [
            { regex: '^node:', message: 'renderer/ is browser-only.' },
            { regex: '^electron($|/)', message: 'renderer/ never imports electron: use window.stride.' },
            { regex: '^@tensorflow/', message: 'tfjs runs only in the training worker.' },
            { regex: '^(ws|webgpu)$', message: 'renderer/ is browser-only.' },
            { regex: '(^|/)main/', message: 'renderer/ never imports main/: use window.stride.' },
            noTestImports,
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/training/**', 'main/electron/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)renderer/', message: 'main/ never imports renderer/.' },
            {
              regex: '^(@tensorflow/|webgpu$)',
              message: 'tfjs and webgpu load only inside main/training (the worker).',
            },
            noTestImports,
          ],
        },
      ],
    },
  },
  {
    files: ['main/training/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)renderer/', message: 'main/ never imports renderer/.' },
            { regex: '^electron($|/)', message: 'The training worker is plain Node: no electron.' },
            noTestImports,
          ],
        },
      ],
    },
  },
  {
    files: ['main/host/**/*.ts', 'main/web/**/*.ts', 'main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^electron($|/)',
              message: 'The host service is plain Node: it runs under Electron, browser mode and tests.',
            },
            { regex: '(^|/)renderer/', message: 'main/ never imports renderer/.' },
            {
              regex: '^(@tensorflow/|webgpu$)',
              message: 'tfjs and webgpu load only inside main/training (the worker).',
            },
            noTestImports,
          ],
        },
      ],
    },
  },
  {
    files: ['main/electron/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|(\\.\\./)+shared/api/)',
              message: 'The preload imports only electron and shared/api (it is sandboxed).',
            },
          ],
        },
      ],
    },
  },
  // Boundaries on resolved paths (eslint.layers.mjs). Do not relax.
  {
    files: ['shared/**/*.ts', 'main/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx'],
    plugins: { stride: layersPlugin },
    rules: {
      'stride/boundaries': [
        'error',
        [
          ...sharedOrderBoundaries(),
          ...['main/host', 'main/web', 'main/cli', 'main/shell', 'main/electron'].map((from) => ({
            from,
            forbid: ['main/training'],
            message: `${from} never imports main/training: training code runs in the worker process, reached through the worker protocol (shared/api/worker.ts).`,
          })),
          {
            from: 'main/training',
            forbid: ['main/host', 'main/web', 'main/cli', 'main/shell', 'main/electron'],
            message: 'main/training is the worker process: it imports shared/ and its own files only.',
          },
          {
            from: 'main/electron',
            forbid: ['main/web'],
            message: 'The two shells never import each other: put what both need in main/shell.',
          },
          {
            from: 'main/web',
            forbid: ['main/electron'],
            message: 'The two shells never import each other: put what both need in main/shell.',
          },
          {
            from: 'main/shell',
            forbid: ['main/electron', 'main/web'],
            message: 'main/shell is what both shells share: it imports neither.',
          },
          {
            from: 'renderer/src',
            fromExcept: ['renderer/src/model'],
            forbid: ['shared'],
            except: ['shared/api'],
            allowTypeImports: true,
            message:
              'renderer/ takes the model core (graph, layers, analysis, presets, codegen, datasets) through renderer/src/model/core.ts, its one door; types and the contract (shared/api) may be imported directly.',
          },
        ],
      ],
    },
  },
);
