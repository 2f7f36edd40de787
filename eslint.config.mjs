// ESLint for the TypeScript of the tool, the apps, the e2e and the bench (npm run lint).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The pure core does no I/O: the disk, processes and the network belong to workspace-io/, executors, generators. */
const ioModules = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'child_process',
  'node:child_process',
  'http',
  'node:http',
  'https',
  'node:https',
  'net',
  'node:net',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.nx/**',
      '.venv/**',
      '.farm/**',
      'bench/.work/**',
      'tmp/**',
      '**/generated/**',
      'tools/farm-plugins/src/core/schema/generated/**',
      'tools/farm-plugins/generators/create/files/**',
      // Installed plugins are their authors' code: only the official plugins kept here are linted.
      'libs/plugins/**',
      '!libs/plugins/auth/**',
      '!libs/plugins/ai-chat/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        structuredClone: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        queueMicrotask: 'readonly',
        performance: 'readonly',
        window: 'readonly',
        document: 'readonly',
        localStorage: 'readonly',
        sessionStorage: 'readonly',
        MutationObserver: 'readonly',
        AbortSignal: 'readonly',
      },
    },
    rules: {
      // `require` is how this CommonJS plugin loads heavy modules on demand (docs/performance.md).
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Tests read JSON and process output of any shape.
    files: ['**/*.spec.ts', 'e2e/**', '**/testing/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['tools/farm-plugins/src/core/**/*.ts'],
    ignores: ['**/*.spec.ts', 'tools/farm-plugins/src/core/**/testing/**', 'tools/farm-plugins/src/core/__corpus__/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ioModules.map((name) => ({
            name,
            message: 'core/ is pure: do I/O in workspace-io/, executors/ or generators/ and pass the answers in',
          })),
        },
      ],
    },
  },
);
