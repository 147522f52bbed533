// The jest configuration mutation testing runs: the project's own (ESM TypeScript through ts-jest), limited
// to the unit tests of the folder being mutated (MUTATE_TESTS, set by scripts/mutate.mjs). The end-to-end
// suites run the committed bundle, which a mutant of src/ does not change, so they are not run.
import config from '../../jest.config.js'

const [project] = config.projects
const folders = (process.env.MUTATE_TESTS ?? '').split(',').filter(Boolean)

export default {
  ...project,
  rootDir: '../..',
  displayName: undefined,
  testMatch: folders.length ? folders.map(folder => `**/__tests__/${folder}/**/*.test.ts`) : ['**/*.test.ts'],
  // The contract test reads src/ as text (input and output names), which Stryker rewrites when it instruments
  // the code: it cannot judge a mutant, and fails on the instrumented text.
  testPathIgnorePatterns: [
    '/node_modules/',
    '/__tests__/e2e/',
    '/__tests__/build/',
    '/__tests__/action/contract\\.test\\.ts$'
  ],
  testTimeout: 30000,
  // Each run of the tests (one a mutant) in a temporary folder of its own, removed when it ends.
  globalSetup: '<rootDir>/__fixtures__/temp-root-setup.mjs',
  globalTeardown: '<rootDir>/__fixtures__/temp-root-teardown.mjs'
}
