/**
 * Jest: unit (pure, in-process), integration (the app through the local Forge host), local-host
 * (the host's emulators on their own) and e2e (Chromium).
 */
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript', tsx: true }, target: 'es2022' },
      module: { type: 'commonjs' },
    },
  ],
};

/**
 * intl-messageformat and its parser ship as ES modules only: Jest compiles them like the sources.
 */
const transformIgnorePatterns = ['/node_modules/(?!(intl-messageformat|@formatjs)/)'];

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      testEnvironment: 'node',
      setupFiles: ['<rootDir>/test/support/unit-runtime.ts'],
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'local-host',
      testMatch: ['<rootDir>/test/local-host/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
    },
  ],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: 30000,
};
