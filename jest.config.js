/** Unit, generator and executor tests of @farm/plugins. The browser e2e has its own config (e2e/). */
module.exports = {
  // node, printing a test's console output only when it fails (jest.environment.js).
  testEnvironment: '<rootDir>/jest.environment.js',
  roots: ['<rootDir>/tools'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
    // TypeScript 7's API is ES modules, which Node requires natively but Jest's module registry cannot.
    '/node_modules/typescript-7/.+\\.js$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!typescript-7/)'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/files/'],
  // Executor tests spin up real workspaces; two cores are all we have.
  maxWorkers: 2,
  // Generator tests run the real runtime gate (a Python import and a TypeScript check, awaited):
  // seconds each, more on a loaded machine, well past Jest's 5 s default.
  testTimeout: 120_000,
};
