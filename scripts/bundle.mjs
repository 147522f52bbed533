// Builds dist/main/index.js and dist/post/index.js (one command: `npm run bundle`): tsc compiles src/
// to build/, then ncc bundles each entry with its dependencies, and licenses.txt lists the license of
// every package in the bundle (read from ncc's webpack stats: its own --license misses ESM packages).
// `node scripts/bundle.mjs --out DIR` builds elsewhere, for the test that checks dist/ is fresh.
//
// Stand-ins keep what a run does not use out of its start (build-support/, each saying why): undici, which
// @actions/http-client imports for a method nothing here calls; @actions/http-client and @actions/exec where
// @actions/core imports them for getIDToken() and platform details alone (the real ones then load on that
// call). Loading them was most of the action's start-up. Each is put where that package resolves the import
// from (atomically, and left there so tests see the module graph the bundle has); the build fails when the
// code they stand in for imports or calls more than they provide.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const outIndex = process.argv.indexOf('--out')
const out = path.resolve(outIndex === -1 ? 'dist' : process.argv[outIndex + 1])
const bin = name => path.resolve('node_modules/.bin', name)
// Inside the project, so ncc resolves node_modules from the compiled files; a fixed path, because ncc
// derives module ids from it and the bundle must be byte-for-byte reproducible.
const build = path.resolve('build', 'tsc')

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

const STUB_VERSION = '0.0.0-hf-auth-action-stub'

/**
 * What the .js files of a folder import from `spec`: the names of `import { … }`, `* as X` for a namespace
 * import, `*` for a require.
 */
function importedNames(dir, spec) {
  const quoted = spec.replace(/[/.]/g, '\\$&')
  const pattern = new RegExp(
    `import\\s*(?:\\{([^}]*)\\}|(\\*\\s*as\\s*\\w+))\\s*from\\s*'${quoted}'|require\\('${quoted}'\\)`,
    'g'
  )
  return fs
    .readdirSync(dir)
    .filter(name => name.endsWith('.js'))
    .flatMap(name => [...fs.readFileSync(path.join(dir, name), 'utf8').matchAll(pattern)])
    .map(m => (m[1] ?? m[2] ?? '*').trim().replace(/\s+/g, ' '))
}

function expectImports(dir, spec, expected) {
  const names = importedNames(dir, spec)
  if (names.join() !== expected.join()) {
    throw new Error(`${dir} imports ${names.join(', ') || 'nothing'} from ${spec}: revisit its stand-in`)
  }
}

/** Fails unless `file` calls exactly `expected` on `receiver` (the methods a stand-in provides). */
function expectCalls(file, receiver, expected) {
  const pattern = new RegExp(`\\b${receiver}\\s*\\.\\s*(\\w+)`, 'g')
  const calls = [...new Set([...fs.readFileSync(file, 'utf8').matchAll(pattern)].map(m => m[1]))]
  if (calls.join() !== expected.join()) {
    throw new Error(`${file} calls ${calls.join(', ')} on ${receiver}: revisit its stand-in`)
  }
}

/** Every file below `dir` with its content, for comparing two folders. */
function contents(dir) {
  if (!fs.existsSync(dir)) return undefined
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()
  return JSON.stringify(
    files.map(f => [
      f,
      fs.statSync(path.join(dir, f)).isFile() ? fs.readFileSync(path.join(dir, f), 'utf8') : ''
    ])
  )
}

/**
 * Puts a stand-in package at `target` (never over a real package). Left alone when already there, so that
 * builds and tests running at once do not race over it.
 */
function placeStandIn(source, target) {
  if (contents(target) === contents(source)) return
  const current = path.join(target, 'package.json')
  if (fs.existsSync(current) && JSON.parse(fs.readFileSync(current, 'utf8')).version !== STUB_VERSION) {
    throw new Error(`${target} is a real package: a stand-in would hide it`)
  }
  const staged = `${target}.${process.pid}`
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.cpSync(source, staged, { recursive: true })
  fs.rmSync(target, { recursive: true, force: true })
  try {
    fs.renameSync(staged, target)
  } catch (error) {
    // Another build put it there meanwhile.
    fs.rmSync(staged, { recursive: true, force: true })
    if (contents(target) !== contents(source)) throw error
  }
}

function placeStandIns() {
  const httpClient = path.resolve('node_modules/@actions/http-client')
  expectImports(path.join(httpClient, 'lib'), 'undici', ['ProxyAgent'])
  placeStandIn(path.resolve('build-support/undici-stub'), path.join(httpClient, 'node_modules', 'undici'))

  const core = path.resolve('node_modules/@actions/core')
  expectImports(path.join(core, 'lib'), '@actions/http-client', ['HttpClient'])
  expectImports(path.join(core, 'lib'), '@actions/http-client/lib/auth', ['BearerCredentialHandler'])
  expectCalls(path.join(core, 'lib', 'oidc-utils.js'), 'httpclient', ['getJson'])
  placeStandIn(
    path.resolve('build-support/core-http-client'),
    path.join(core, 'node_modules', '@actions', 'http-client')
  )

  expectImports(path.join(core, 'lib'), '@actions/exec', ['* as exec'])
  expectCalls(path.join(core, 'lib', 'platform.js'), 'exec', ['getExecOutput'])
  placeStandIn(path.resolve('build-support/core-exec'), path.join(core, 'node_modules', '@actions', 'exec'))
}

placeStandIns()
// `--stand-ins-only`: what `npm ci` runs after installing (postinstall), so tests see the bundle's module graph.
if (process.argv.includes('--stand-ins-only')) process.exit(0)

try {
  execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', build], { stdio: 'inherit' })
  fs.writeFileSync(path.join(build, 'package.json'), '{ "type": "module" }\n')
  fs.rmSync(out, { recursive: true, force: true })
  for (const entry of ['main', 'post']) {
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
