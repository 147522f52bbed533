// StrykerJS: mutation testing of src/ against its unit tests (`npm run mutate`, see scripts/mutate.mjs, which
// sets what is mutated (MUTATE_FILES), which tests run (MUTATE_TESTS) and where the reports go (MUTATE_REPORTS)).
const reports = process.env.MUTATE_REPORTS ?? 'reports/mutation/all'

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: (process.env.MUTATE_FILES ?? 'src/**/*.ts,!src/bin/**').split(','),
  testRunner: 'jest',
  testRunnerNodeArgs: ['--experimental-vm-modules', '--no-warnings'],
  jest: {
    projectType: 'custom',
    configFile: 'scripts/mutation/jest.config.mjs',
    enableFindRelatedTests: false
  },
  coverageAnalysis: 'perTest',
  checkers: [],
  reporters: ['clear-text', 'html', 'json', 'progress'],
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  incremental: true,
  incrementalFile: `${reports}/incremental.json`,
  htmlReporter: { fileName: `${reports}/index.html` },
  jsonReporter: { fileName: `${reports}/report.json` },
  concurrency: 2,
  // A folder's unit tests take seconds: a mutant that makes them hang (an endless loop) is cut soon after.
  timeoutMS: 5000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['dist', 'build', 'reports', '.demo', 'coverage'],
  thresholds: { high: 85, low: 60, break: null }
}
