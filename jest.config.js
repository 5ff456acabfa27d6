/**
 * One jest run covers every tier: unit tests, tests against the fake API and moto,
 * and the end-to-end CDK deploy. TypeScript (and ESM-only packages such as ky)
 * are compiled by SWC; type-checking is `tsc --noEmit`, run before jest by `npm test`.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      },
    ],
  },
  // ky and json-p3 ship ES modules only: let SWC transform them too.
  transformIgnorePatterns: ['/node_modules/(?!(ky|json-p3)/)'],
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
};
