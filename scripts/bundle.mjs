// Builds dist/main/index.js, dist/post/index.js and dist/save-entry/index.js (post's save worker) (one command: `npm run bundle`): tsc compiles src/
// to build/, then ncc bundles each entry with its dependencies, and licenses.txt lists the license of
// every package in the bundle (read from ncc's webpack stats: its own --license misses ESM packages).
// `node scripts/bundle.mjs --out DIR` builds elsewhere, for the test that checks dist/ is fresh.
//
// Stand-ins keep what a run does not use out of its start: @actions/http-client and @actions/exec where
// @actions/core imports them for getIDToken() and platform details alone (scripts/stand-ins.mjs says how they
// are put in place for the bundle, never in node_modules).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { placeOverlay } from './stand-ins.mjs'

const outIndex = process.argv.indexOf('--out')
const out = path.resolve(outIndex === -1 ? 'dist' : process.argv[outIndex + 1])
const bin = name => path.resolve('node_modules/.bin', name)
// Inside the project, so ncc resolves node_modules from the compiled files; a fixed path, because ncc
// derives module ids from it and the bundle must be byte-for-byte reproducible.
const build = path.resolve('build', 'tsc')

/** The version build-support/'s stand-ins carry: this project's own code, listed under its license. */
const STUB_VERSION = '0.0.0-hf-auth-action-stub'

/** Package folders of every module the bundle holds, from the webpack stats ncc wrote. */
function bundledPackages(statsFile) {
  const dirs = new Set()
  const visit = module => {
    const matches = [...(module.name ?? '').matchAll(/\.\/(.*node_modules\/(?:@[^/]+\/)?[^/]+)/g)]
    if (matches.length) dirs.add(matches[matches.length - 1][1])
    for (const inner of module.modules ?? []) visit(inner)
  }
  for (const module of JSON.parse(fs.readFileSync(statsFile, 'utf8')).modules ?? []) visit(module)
  return [...dirs].filter(dir => {
    const manifest = path.join(dir, 'package.json')
    // A stand-in is this project's own code, under its license.
    return fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).version !== STUB_VERSION
  })
}

function licensesText(packageDirs) {
  const entries = packageDirs.map(dir => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
    const file = fs.readdirSync(dir).find(name => /^(licen[cs]e|copying)(\.|$)/i.test(name))
    const text = file
      ? fs.readFileSync(path.join(dir, file), 'utf8').trim()
      : '(no license file in the package)'
    return { id: `${pkg.name}@${pkg.version}`, license: pkg.license ?? 'UNKNOWN', text }
  })
  const unique = [...new Map(entries.map(e => [e.id, e])).values()].sort((a, b) => (a.id < b.id ? -1 : 1))
  return unique.map(e => `${e.id}\n${e.license}\n\n${e.text}\n`).join('\n-----\n\n')
}

try {
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', build], { stdio: 'inherit' })
  fs.writeFileSync(path.join(build, 'package.json'), '{ "type": "module" }\n')
  placeOverlay(process.cwd(), path.join(build, 'node_modules'))
  fs.rmSync(out, { recursive: true, force: true })
  for (const entry of ['main', 'post', 'save-entry']) {
    const stats = path.join(build, `${entry}-stats.json`)
    const args = ['build', path.join(build, 'bin', `${entry}.js`), '-o', path.join(out, entry)]
    execFileSync(bin('ncc'), [...args, '--stats-out', stats, '--target', 'es2022', '-q'], {
      stdio: 'inherit'
    })
    fs.writeFileSync(path.join(out, entry, 'licenses.txt'), licensesText(bundledPackages(stats)))
  }
} finally {
  fs.rmSync(build, { recursive: true, force: true })
}
