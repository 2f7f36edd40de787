// Real-browser tests: own config so unit-test runs never start servers or Chromium.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e.spec.ts'],
  // node, printing a test's console output only when it fails (../jest.environment.js).
  testEnvironment: '<rootDir>/../jest.environment.js',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  // Backend start + vite build + preview + Chromium; each step has its own tighter bound.
  testTimeout: 120_000,
  maxWorkers: 1,
};
