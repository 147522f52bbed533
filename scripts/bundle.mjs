// Builds dist/main/index.js and dist/post/index.js (one command: `npm run bundle`): tsc compiles src/
// to build/, then ncc bundles each entry with its dependencies and their licenses.
// `node scripts/bundle.mjs --out DIR` builds elsewhere, for the test that checks dist/ is fresh.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const outIndex = process.argv.indexOf('--out')
const out = path.resolve(outIndex === -1 ? 'dist' : process.argv[outIndex + 1])
const bin = name => path.resolve('node_modules/.bin', name)
// Inside the project, so ncc resolves node_modules from the compiled files; a fixed path, because ncc
// derives module ids from it and the bundle must be byte-for-byte reproducible.
const build = path.resolve('build', 'tsc')

try {
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', build], { stdio: 'inherit' })
  fs.writeFileSync(path.join(build, 'package.json'), '{ "type": "module" }\n')
  fs.rmSync(out, { recursive: true, force: true })
  for (const entry of ['main', 'post']) {
    execFileSync(
      bin('ncc'),
      [
        'build',
        path.join(build, 'bin', `${entry}.js`),
        '-o',
        path.join(out, entry),
        '--license',
        'licenses.txt',
        '--target',
        'es2022',
        '-q'
      ],
      { stdio: 'inherit' }
    )
  }
} finally {
  fs.rmSync(build, { recursive: true, force: true })
}
