/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // cdktf's Testing helpers write cdktf.outdir.* folders into the OS temp dir; point them at a
  // per-run folder that globalTeardown removes, so no test run leaves anything behind.
  globalSetup: '<rootDir>/__tests__/support/global-setup.ts',
  globalTeardown: '<rootDir>/__tests__/support/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/__tests__/support/setup-cdktf.ts'],
  testTimeout: 30000,
};
