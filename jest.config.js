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
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/files/'],
  // Executor tests spin up real workspaces; two cores are all we have.
  maxWorkers: 2,
};
