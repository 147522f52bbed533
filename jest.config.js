// ESM TypeScript through ts-jest; `.js` specifiers in sources map back to the `.ts` files.
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }
    ]
  },
  // The e2e suites spawn `node dist/...` and local servers; two cores, so keep workers at two.
  maxWorkers: 2,
  testTimeout: 60000,
  collectCoverageFrom: ['src/**/*.ts', '!src/bin/**']
}
